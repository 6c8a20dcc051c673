"""Many rows into one table through PostgreSQL's COPY, for the analysis' claims and quotes.

An analysed article brings a hundred or more claims at once. Building model
instances and an INSERT for them costs more than the text pipeline that found
them; COPY streams plain rows (psycopg adapts each value) and the table's
constraints and triggers hold as they do for an INSERT.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, models
from psycopg.types.json import Jsonb


def copy_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert `rows` (values in the order of `fields`) into the model's table with COPY.

    Every column without a database default must be given: COPY knows nothing of
    Django's Python-side defaults. JSON fields take plain lists and dicts. A row the
    database refuses raises Django's IntegrityError or DataError, as any other write does.
    """
    columns = [model._meta.get_field(name) for name in fields]
    json_at = [i for i, field in enumerate(columns) if isinstance(field, models.JSONField)]
    quote = connection.ops.quote_name
    statement = (f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
                 "FROM STDIN")
    # psycopg's copy() goes round Django's cursor wrapper, so its errors are wrapped here.
    with connection.wrap_database_errors, connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            if json_at:
                row = list(row)
                for i in json_at:
                    row[i] = Jsonb(row[i])
            copy.write_row(row)


# A table is analysed again after a bulk write when the rows changed since its last
# ANALYZE reach this share of the rows it had then (autovacuum's default is a tenth,
# but it looks only once a minute, and a load plans its first queries before that).
STALE_SHARE = 0.2


def tables_analyse(*tables: type[models.Model], stale_only: bool = False) -> list[str]:
    """Run ANALYZE on the models' tables where a bulk load ends; return the tables analysed.

    Until a table is analysed PostgreSQL plans its queries without statistics on the
    new rows, and a plan that fits an empty table can be quadratic on a full one
    (issue 20). ANALYZE reads a sample (30,000 rows at the default statistics
    target), about 0.1 s on a million claims. With `stale_only`, one query to
    pg_stat_user_tables first keeps the tables changed by less than `STALE_SHARE`
    since their last ANALYZE, for loads that end often (a worker's batch).
    """
    names = [model._meta.db_table for model in tables]
    with connection.cursor() as cursor:
        if stale_only:
            cursor.execute(
                "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid"
                " WHERE s.relname = ANY(%s) AND (s.last_analyze IS NULL AND s.last_autoanalyze IS NULL"
                "  OR s.n_mod_since_analyze > %s * greatest(c.reltuples, 0))",
                [names, STALE_SHARE],
            )
            stale = {row[0] for row in cursor.fetchall()}
            names = [name for name in names if name in stale]
        if names:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(name) for name in names))
    return names
