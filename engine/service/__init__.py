"""Use cases: one transaction each, the clock as an argument, grouped by area.

- :mod:`engine.service.shared`: what every area uses: the transaction context
  (:mod:`~engine.service.shared.context`), the check of text a person types, the
  audit texts kept apart for erasure, the Swedish status words.
- :mod:`engine.service.cases`: a participant's case: enrolment (one and in bulk),
  operations, records, the stored obligations, queries, caseloads, moving cases to a new
  definition version.
- :mod:`engine.service.programme`: what a programme does itself: calendar and report
  runs, report data and documents, the archive, evaluation steps, budgets, key figures.
- :mod:`engine.service.reminders`: the daily sweep, e-mail delivery, calendar feeds.
- :mod:`engine.service.people`: accounts, sign-in links, the access log, retention and
  erasure, a participant's export and own view.

Areas import downwards only (reminders | people -> programme | cases -> shared); the
import-linter contract in ``pyproject.toml`` keeps it.
"""
