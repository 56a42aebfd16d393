"""The pure runtime: from a definition, a participant's facts and dates to obligations,
eligibility failures, programme-calendar events, notice stages and the dry run.

No SQL, SMTP, HTTP or Prefect here (an import-linter contract holds it), and never the
clock: every function takes its dates as arguments.
"""
