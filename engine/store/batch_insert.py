"""Many rows into one table through the database driver's own batch path.

For bulk work (enrolling thousands of participants) SQLAlchemy's per-row Core work —
building a parameter dict, running each value through its type — costs more than the
database does.  This writes plain tuples instead: ``executemany`` on the raw sqlite3
cursor, ``COPY … FROM STDIN`` on psycopg.  It runs on the caller's connection, so in
the caller's transaction.

Values are stored exactly as a Core insert stores them: :func:`converter` hands out the
column type's own bind processor (dates as ISO text on SQLite, datetimes moved to UTC,
JSON serialised), which the caller applies — once per distinct value where it can.
Ids the caller needs come from :func:`reserve_ids` before the rows are written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, text


def converter(connection: Connection, table: Table, column: str) -> Callable[[Any], Any]:
    """How a value of ``table.column`` is handed to the driver (the identity if as it is)."""
    process = table.c[column].type._cached_bind_processor(connection.dialect)
    return process if process is not None else _same


def _same(value: Any) -> Any:
    return value


def reserve_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """``count`` fresh ids of ``table``, in the order single inserts would have had them.

    SQLite: the next rowids after the largest, which is what SQLite itself would give
    (no AUTOINCREMENT); a writing transaction holds the write lock from BEGIN
    (engine.store.database), so nobody else can take them meanwhile.  PostgreSQL: from
    the table's sequence, safe beside other writers.
    """
    if count == 0:
        return []
    if connection.dialect.name == "sqlite":
        top = connection.execute(text(f"SELECT coalesce(max(id), 0) FROM {table.name}")).scalar()
        first = int(top or 0) + 1
        return list(range(first, first + count))
    return list(connection.execute(text(
        "SELECT nextval(pg_get_serial_sequence(:table, 'id')) AS id "
        "FROM generate_series(1, :n) ORDER BY id"),
        {"table": table.name, "n": count}).scalars())


def insert_rows(connection: Connection, table: Table, columns: Sequence[str],
                rows: Sequence[tuple[Any, ...]]) -> None:
    """Write ``rows`` (values already converted, in the order of ``columns``)."""
    if not rows:
        return
    names = ", ".join(connection.dialect.identifier_preparer.quote(c) for c in columns)
    driver = connection.connection.driver_connection
    assert driver is not None
    if connection.dialect.name == "sqlite":
        cursor = driver.cursor()
        try:
            cursor.executemany(f"INSERT INTO {table.name} ({names}) VALUES "
                               f"({', '.join('?' * len(columns))})", rows)
        finally:
            cursor.close()
        return
    with driver.cursor() as cursor, cursor.copy(
            f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
