"""Which of a programme's cases a report counts, as SQL over ``cases c``.

One place for the condition the case groups, the board's people and caseloads and the
recorded case attributes share (:mod:`report_data`, :mod:`board_counts`,
:mod:`record_data`), so that every table of a report counts the same cases
(docs/reports.md).  Parameters ``:programme``, ``:start`` and ``:end``.
"""

from __future__ import annotations

#: Cases of the programme that were admitted (the reports' population).
ADMITTED = "c.programme_id = :programme AND c.status IN ('active', 'exited')"

#: Admitted cases active at some time from ``:start`` to ``:end``.
ACTIVE_IN_PERIOD = (f"{ADMITTED} AND c.enrolled_on <= :end "
                    "AND (c.exited_on IS NULL OR c.exited_on >= :start)")
