"""One door for each kind of input a person gives Stegvis.

Every command, web form, environment setting and import reads a value of a kind
through the one function for that kind, so a check made once holds everywhere and the
next entry point inherits it (docs/architecture.md, "One door per kind of input"):

- :mod:`engine.inputs.numbers`: a whole number a person typed (ASCII digits only,
  range-checked), the same from an option, a form field or an environment setting;
  a finite number (no NaN, no infinity);
- :mod:`engine.inputs.files`: a user's file to read (a regular file only, a size limit,
  its encoding detected with a clear error) or to write (atomically, never onto a
  device or a pipe), and a SQLite database path;
- :mod:`engine.inputs.text`: a text a person typed (control characters, length, an
  identity number in any written form) and :mod:`engine.inputs.spreadsheet`, the
  formula prefixes a spreadsheet cell may not start with.

Dates and durations have theirs in :mod:`engine.dates.bounds` (they need the calendar),
a YAML document in :mod:`engine.definitions.yaml_source`.  This package is foundation:
it imports nothing of Stegvis but :mod:`engine.errors`, so every layer may use it.
"""
