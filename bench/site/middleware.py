"""Counts SQL queries per request and lets the load generator choose each request's client address.

First in ``MIDDLEWARE`` when ``BENCH_MODE`` is on: every response carries ``X-Query-Count``, the
number of SQL statements run while it was made (cache hits show 0). ``X-Bench-Client`` becomes the
client address, so a run posting thousands of enquiries looks like thousands of visitors rather than
one address tripping the per-address spam limit.
"""

from contextlib import ExitStack

from django.db import connections

CLIENT_HEADER = "X-Bench-Client"
COUNT_HEADER = "X-Query-Count"


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class BenchMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        client = request.headers.get(CLIENT_HEADER)
        if client:
            request.META["REMOTE_ADDR"] = client
        counter = QueryCounter()
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        response[COUNT_HEADER] = str(counter.count)
        return response
