"""The peer of bench_peer_spiff.py: the same population as SpiffWorkflow 3.2 instances.

The best design a Spiff user would build for a daily follow-up: one small BPMN process a
participant (start, a timer catch event on the follow-up date, a script task that writes
the notice, a user task for the coordinator), each instance kept as the serializer's
JSON in a table, and — in the indexed design — a side table of each waiting instance's
next timer date with an index on it, so that a morning loads only the instances due.
Without the side table a morning must load and refresh every instance.

SpiffWorkflow is a bench-only dependency (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow  # type: ignore[import-untyped]
from SpiffWorkflow.bpmn.parser import BpmnParser  # type: ignore[import-untyped]
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer  # type: ignore[import-untyped]
from SpiffWorkflow.bpmn.specs.event_definitions import timer  # type: ignore[import-untyped]
from SpiffWorkflow.util.task import TaskState  # type: ignore[import-untyped]

PROCESS = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="follow_up" isExecutable="true">
    <bpmn:startEvent id="enrolled"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:intermediateCatchEvent id="follow_up_date">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeDate>follow_up</bpmn:timeDate>
      </bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:scriptTask id="notify">
      <bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing>
      <bpmn:script>notice = "due:" + participant + ":" + follow_up</bpmn:script>
    </bpmn:scriptTask>
    <bpmn:userTask id="follow_up_meeting">
      <bpmn:incoming>f3</bpmn:incoming><bpmn:outgoing>f4</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="done"><bpmn:incoming>f4</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="enrolled" targetRef="follow_up_date"/>
    <bpmn:sequenceFlow id="f2" sourceRef="follow_up_date" targetRef="notify"/>
    <bpmn:sequenceFlow id="f3" sourceRef="notify" targetRef="follow_up_meeting"/>
    <bpmn:sequenceFlow id="f4" sourceRef="follow_up_meeting" targetRef="done"/>
  </bpmn:process>
</bpmn:definitions>
"""

_BATCH = 10_000


class _Clock:
    """Spiff's timers read ``datetime.now()``; the benchmark's morning is a simulated one.

    Stegvis takes the clock as an argument; for Spiff the timer module's ``datetime`` is
    replaced by one whose ``now`` is the simulated moment (the work is the same).
    """

    at: datetime | None = None


class _SimulatedDatetime(datetime):
    @classmethod
    def now(cls, tz: Any = None) -> Any:
        return _Clock.at.astimezone(tz) if _Clock.at else datetime.now(tz)


timer.datetime = _SimulatedDatetime  # type: ignore[misc]


def _timer(workflow: BpmnWorkflow) -> Any:
    """The instance's follow-up timer task."""
    return next(task for task in workflow.get_tasks()
                if task.task_spec.name == "follow_up_date")


class SpiffPeer:
    """Instances as JSON in SQLite, optionally with an indexed table of timer dates."""

    def __init__(self, path: str, *, indexed: bool) -> None:
        parser = BpmnParser()
        parser.add_bpmn_str(PROCESS.encode())
        self.spec = parser.get_spec("follow_up")
        self.serializer = BpmnWorkflowSerializer()
        self.indexed = indexed
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE instances (id INTEGER PRIMARY KEY, "
                        "participant TEXT UNIQUE, state TEXT NOT NULL)")
        if indexed:
            self.db.execute("CREATE TABLE timers (instance_id INTEGER PRIMARY KEY "
                            "REFERENCES instances(id), fires_at TEXT NOT NULL)")
            self.db.execute("CREATE INDEX ix_timers_fires_at ON timers (fires_at)")

    def enrol(self, people: Iterable[tuple[str, datetime]], now: datetime) -> int:
        """Start an instance a participant, run it to its timer, store it; returns count."""
        _Clock.at = now
        count = 0
        batch: list[tuple[int, str, str, str]] = []
        for participant, follow_up in people:
            workflow = BpmnWorkflow(self.spec)
            workflow.data.update(participant=participant, follow_up=follow_up.isoformat())
            workflow.get_next_task().data.update(workflow.data)
            workflow.do_engine_steps()
            count += 1
            batch.append((count, participant, self.serializer.serialize_json(workflow),
                          follow_up.isoformat()))
            if len(batch) == _BATCH:
                self._store_new(batch)
                batch = []
        self._store_new(batch)
        return count

    def _store_new(self, batch: list[tuple[int, str, str, str]]) -> None:
        with self.db:
            self.db.executemany("INSERT INTO instances VALUES (?, ?, ?)",
                                [row[:3] for row in batch])
            if self.indexed:
                self.db.executemany("INSERT INTO timers VALUES (?, ?)",
                                    [(row[0], row[3]) for row in batch])

    def due_rows(self, now: datetime) -> list[tuple[int, str]]:
        """The instances the indexed design loads by ``now`` (to undo a morning)."""
        return self.db.execute(
            "SELECT i.id, i.state FROM timers t JOIN instances i ON i.id = t.instance_id "
            "WHERE t.fires_at <= ?", (now.isoformat(),)).fetchall()

    def undo(self, rows: list[tuple[int, str]], fires_at: datetime) -> None:
        """Put back the instances of ``rows`` as they were before a morning."""
        with self.db:
            self.db.executemany("UPDATE instances SET state = ? WHERE id = ?",
                                [(state, instance_id) for instance_id, state in rows])
            if self.indexed:
                self.db.executemany("INSERT OR REPLACE INTO timers VALUES (?, ?)",
                                    [(row[0], fires_at.isoformat()) for row in rows])

    def morning(self, now: datetime) -> int:
        """Fire the timers due by ``now``: load, refresh, run, store; returns notices."""
        _Clock.at = now
        if self.indexed:
            rows = self.due_rows(now)
        else:
            rows = self.db.execute("SELECT id, state FROM instances").fetchall()
        notices = 0
        changed = []
        for instance_id, state in rows:
            workflow = self.serializer.deserialize_json(state)
            waiting = _timer(workflow).state == TaskState.WAITING
            workflow.refresh_waiting_tasks()
            workflow.do_engine_steps()
            if waiting and _timer(workflow).state == TaskState.COMPLETED:
                notices += 1
                changed.append((self.serializer.serialize_json(workflow), instance_id))
        with self.db:
            self.db.executemany("UPDATE instances SET state = ? WHERE id = ?", changed)
            if self.indexed:
                self.db.executemany("DELETE FROM timers WHERE instance_id = ?",
                                    [(row[1],) for row in changed])
        return notices
