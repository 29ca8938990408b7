"""A Redis cache that fails open: the site stays up when Redis is down.

The cache holds nothing that the platform cannot do without — allauth's rate limits and their
short locks, aggregates computed again on a miss (apps.core.generations). When Redis does not
answer, a read is a miss, a write is dropped and `add` reports success (so allauth's rate-limit
lock is "acquired" and the request goes on): sign-in and sign-up keep working without rate
limits until Redis is back, and a WARNING is logged (at most once every LOG_EVERY seconds per
process, so an outage does not flood the logs). `/healthz` checks the broker itself and still
answers 503 during the outage.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY = 30.0


class FailOpenRedisCache(RedisCache):
    _last_warning = 0.0

    def _failed(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - FailOpenRedisCache._last_warning >= LOG_EVERY:
            FailOpenRedisCache._last_warning = now
            logger.warning(
                "Cache Redis indisponible (%s: %s) : la requête continue sans cache "
                "(limites de débit suspendues).",
                operation,
                exc,
            )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNAVAILABLE as exc:
            self._failed("add", exc)
            return True

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNAVAILABLE as exc:
            self._failed("get", exc)
            return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except UNAVAILABLE as exc:
            self._failed("set", exc)
            return None

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNAVAILABLE as exc:
            self._failed("touch", exc)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNAVAILABLE as exc:
            self._failed("delete", exc)
            return False

    def incr(self, key, delta=1, version=None):
        # The generations of cached aggregates (apps.core.generations) are bumped by signals
        # inside the request that changes the data: a dead Redis must not turn that save into
        # an error. Nothing is cached meanwhile either, and the aggregates' fingerprints see
        # the change once Redis is back.
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE as exc:
            self._failed("incr", exc)
            return delta

    def decr(self, key, delta=1, version=None):
        try:
            return super().decr(key, delta, version)
        except UNAVAILABLE as exc:
            self._failed("decr", exc)
            return -delta

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNAVAILABLE as exc:
            self._failed("get_many", exc)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNAVAILABLE as exc:
            self._failed("has_key", exc)
            return False

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNAVAILABLE as exc:
            self._failed("set_many", exc)
            return list(data)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except UNAVAILABLE as exc:
            self._failed("delete_many", exc)
            return None


def redis_cache(url: str) -> dict:
    """The CACHES entry for Redis at `url`: fail open, and give up fast on a dead server."""
    return {
        "BACKEND": "cornouaille.cache.FailOpenRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
