"""How a report's queries are run."""

import contextlib

from django.db import connection, transaction


@contextlib.contextmanager
def reporting():
    """Run a report's queries without PostgreSQL's JIT compiler.

    These are one-off scans and aggregates over many rows, which PostgreSQL judges expensive enough
    to compile; on this kind of query the compiling takes longer than it saves (up to a second
    each). ``SET LOCAL`` lasts until the end of the transaction, so nothing else is affected.
    https://www.postgresql.org/docs/current/jit-decision.html
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield
