"""The cluster rehearsal (``make cluster``): several machines' worth of the site, on this one.

Two gunicorn web nodes with the production settings behind HAProxy, a PostgreSQL primary with a
streaming replica, Redis, two Celery workers and one beat, all on loopback; then the checks that
show the site behaves as one when it runs as several (``bench/cluster/checks.py``).
"""
