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
    Django's Python-side defaults. JSON fields take plain lists and dicts.
    """
    columns = [model._meta.get_field(name) for name in fields]
    json_at = [i for i, field in enumerate(columns) if isinstance(field, models.JSONField)]
    quote = connection.ops.quote_name
    statement = (f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
                 "FROM STDIN")
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            if json_at:
                row = list(row)
                for i in json_at:
                    row[i] = Jsonb(row[i])
            copy.write_row(row)
