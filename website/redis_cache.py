"""Django's Redis cache, made to carry on without Redis.

The cache only ever speeds things up or counts (Wagtail's site root paths, the forms' rate limits,
repeat landings, Mailchimp call slots), so Redis being down must not turn a visitor away: with it out
of reach a read misses, a write is dropped and ``add`` says the key is already there (so a rate
count starts again and a Mailchimp call waits for a free slot). Each failure is logged.
Django's own backend lets Redis errors through:
https://docs.djangoproject.com/en/5.2/topics/cache/#redis
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What redis-py raises when the server is down, hung or gone mid-command.
UNAVAILABLE = (RedisError, OSError)


def _unavailable(operation: str, error: Exception) -> None:
    logger.warning("Cache %s skipped: Redis is unavailable (%s).", operation, error)


class OutageTolerantRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        """One ``redis.Redis`` per connection pool, made once.

        Django makes a new one for every cache call, which costs more than a Redis round trip on
        loopback (building its table of response callbacks); the page cache makes two calls a page.
        A client holds no connection of its own, so sharing it is safe.
        """
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def add(self, key, value, timeout):
        try:
            return super().add(key, value, timeout)
        except UNAVAILABLE as error:
            _unavailable("add", error)
            return False

    def get(self, key, default):
        try:
            return super().get(key, default)
        except UNAVAILABLE as error:
            _unavailable("get", error)
            return default

    def set(self, key, value, timeout):
        try:
            super().set(key, value, timeout)
        except UNAVAILABLE as error:
            _unavailable("set", error)

    def touch(self, key, timeout):
        try:
            return super().touch(key, timeout)
        except UNAVAILABLE as error:
            _unavailable("touch", error)
            return False

    def delete(self, key):
        try:
            return super().delete(key)
        except UNAVAILABLE as error:
            _unavailable("delete", error)
            return False

    def get_many(self, keys):
        try:
            return super().get_many(keys)
        except UNAVAILABLE as error:
            _unavailable("get_many", error)
            return {}

    def has_key(self, key):
        try:
            return super().has_key(key)
        except UNAVAILABLE as error:
            _unavailable("has_key", error)
            return False

    def incr(self, key, delta):
        """Out of reach, the key is as good as missing: Django's ``incr`` says so with ValueError."""
        try:
            return super().incr(key, delta)
        except UNAVAILABLE as error:
            _unavailable("incr", error)
            raise ValueError(f"Key '{key}' not found: the cache is unavailable.") from error

    def set_many(self, data, timeout):
        try:
            super().set_many(data, timeout)
        except UNAVAILABLE as error:
            _unavailable("set_many", error)

    def delete_many(self, keys):
        try:
            super().delete_many(keys)
        except UNAVAILABLE as error:
            _unavailable("delete_many", error)

    def clear(self):
        try:
            return super().clear()
        except UNAVAILABLE as error:
            _unavailable("clear", error)
            return False


class OutageTolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OutageTolerantRedisCacheClient
