"""A database that has lived, at any revision: every table of that revision filled.

The upgrade tests build one at each revision of the migration chain, upgrade it to head
and compare every row.  The rows are made from the schema as it stood at that revision
(reflected, not the current models), so a table or column that a later revision drops,
renames or moves is filled as an installation of that release would have filled it.
Foreign keys point at rows that exist; JSON holds objects; texts are unique per row.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from typing import Any

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import JSON, Connection, Engine, MetaData, Table, select, types
from sqlalchemy.dialects.postgresql import JSONB

from engine.store.database import MIGRATIONS

#: Rows written to each table.
ROWS = 3

#: Columns whose content later revisions read, filled as the application wrote them.
LIVED: dict[tuple[str, str], Any] = {
    # An audit entry's free text (0014 moves it to audit_texts for erasure).
    ("audit_log", "before"): lambda i: {"status": "active", "note": f"före {i}"},
    ("audit_log", "after"): lambda i: {"status": "exited", "reason": f"flyttat {i}"},
    # The case page's access was logged as "<participant key>, <programme>" before 0014.
    ("access_log", "what"): lambda i: "ärendesida",
    ("access_log", "detail"): lambda i: f"P-{i}, rebus",
    # A worker's heartbeat lists the Prefect flow runs it holds (0020).
    ("serve_workers", "flow_runs"): lambda i: [f"0c5e{i:04d}-run"],
    # The parties a case's participant is active at: a list of party ids (0022).
    ("cases", "active_parties"): lambda i: ["af", "fk"][: 1 + i % 2],

    # Income support at enrolment and at exit, from the fixed list (0023).
    ("cases", "income_at_start"): lambda i: ("forsorjningsstod", "sjukpenning", None)[i % 3],
    ("cases", "income_at_exit"): lambda i: ("egen_forsorjning", None, "ingen")[i % 3],
    # Survey answers as a coordinator gives them: scale numbers, a yes/no, a comment;
    # 0025 stores their sum (a survey of texts alone has none).
    ("survey_answers", "answers"): lambda i: (
        {"halsa": i + 1, "nns": 3.5, "arbetar": True, "kommentar": f"svar {i}"},
        {"kommentar": "bara text"}, {"halsa": 2})[i % 3],
}


def revisions() -> list[str]:
    """The migration chain, oldest first."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    return [s.revision for s in reversed(list(script.walk_revisions("base", "heads")))]


def parents() -> dict[str, str | None]:
    """Each revision's parent, as the files on disk say."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    result: dict[str, str | None] = {}
    for s in script.walk_revisions("base", "heads"):
        down = s.down_revision
        assert down is None or isinstance(down, str), f"{s.revision} merges {down}"
        result[s.revision] = down
    return result


def fill(engine: Engine) -> None:
    """Write :data:`ROWS` rows into every table the database has now."""
    meta = MetaData()
    meta.reflect(engine)
    with engine.begin() as connection:
        ids: dict[tuple[str, str], list[Any]] = {}
        for table in meta.sorted_tables:
            if table.name == "alembic_version":
                continue
            for index in range(ROWS):
                row = {c.name: _value(table, c, index, ids) for c in table.columns
                       if not _generated(table, c)}
                result = connection.execute(table.insert().values(**row))
                inserted = result.inserted_primary_key
                for column, value in zip(table.primary_key.columns, inserted or (),
                                         strict=False):
                    ids.setdefault((table.name, column.name), []).append(value)
                for column in table.columns:
                    if column.name in row:
                        ids.setdefault((table.name, column.name), []).append(row[column.name])


def dump(connection: Connection) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, ordered by primary key, values normalised for comparing."""
    meta = MetaData()
    meta.reflect(connection)
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in meta.sorted_tables:
        if table.name == "alembic_version":
            continue
        order = list(table.primary_key.columns) or list(table.columns)
        rows = connection.execute(select(table).order_by(*order)).mappings().all()
        tables[table.name] = [{k: _normal(v) for k, v in row.items()} for row in rows]
    return tables


def _generated(table: Table, column: Any) -> bool:
    """An integer primary key the database numbers itself."""
    return bool(column.primary_key and isinstance(column.type, types.Integer)
                and len(table.primary_key.columns) == 1 and not column.foreign_keys)


def _value(table: Table, column: Any, index: int,
           ids: dict[tuple[str, str], list[Any]]) -> Any:
    for key in column.foreign_keys:
        target = key.column
        pool = ids.get((target.table.name, target.name))
        if not pool and target.table is table and column.nullable:
            return None  # the first of a tree (a goal's parent): later rows point at it
        assert pool, f"{table.name}.{column.name} refers to empty {target.table.name}"
        return pool[index % len(pool)]
    lived = LIVED.get((table.name, column.name))
    if lived is not None:
        return lived(index)
    kind = column.type
    if isinstance(kind, JSON | JSONB):
        return {"filled": f"{table.name}.{column.name}", "n": index}
    if isinstance(kind, types.Boolean):
        return index % 2 == 0
    if isinstance(kind, types.Integer):
        return 1000 + index
    if isinstance(kind, types.Float | types.Numeric):
        return 10.5 + index
    if isinstance(kind, types.DateTime):
        return datetime(2024, 1, 31, 8, 0, tzinfo=UTC) + timedelta(days=index)
    if isinstance(kind, types.Date):
        return date(2024, 1, 31) + timedelta(days=index)
    if isinstance(kind, types.LargeBinary):
        return f"{table.name}-{index}".encode()
    if isinstance(kind, types.String):
        text = f"{table.name[:6]}{column.name[:8]}{index}"
        length = getattr(kind, "length", None)
        return text[-length:] if length else text
    raise AssertionError(f"no value for {table.name}.{column.name} of type {kind!r}")


def _normal(value: Any) -> Any:
    """Values as both backends give them back: instants in UTC, naive ones taken as UTC."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def expected_at_head(before: dict[str, list[dict[str, Any]]], *, audit_texts_moved: bool
                     ) -> dict[str, list[dict[str, Any]]]:
    """``before`` as head should hold it: the documented moves applied.

    ``audit_texts_moved``: the upgrade ran 0014, which keeps the free text of audit
    entries apart (for erasure) and the participant's key out of the access log.
    """
    expected = copy.deepcopy(before)
    if not audit_texts_moved:
        return expected
    for row in expected.get("audit_log", []):
        for side in ("before", "after"):
            value = row.get(side)
            if isinstance(value, dict):
                row[side] = {k: ("[audit_texts]" if k in {"note", "reason"} else v)
                             for k, v in value.items()}
    for row in expected.get("access_log", []):
        if row.get("what") == "ärendesida" and ", " in (row.get("detail") or ""):
            row["detail"] = row["detail"].rsplit(", ", 1)[1]
    return expected
