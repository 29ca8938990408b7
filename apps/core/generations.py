"""Aggregates kept in the cache under a key that changes whenever what they count changes.

A page shows an aggregate over the whole history (counts per objective, the years that have
minutes): it is cheap to read once cached, and must never be stale. The key holds
- a generation number, bumped by the signals of the models the aggregate reads
  (`Generation.bump` is a signal receiver);
- a fingerprint the caller reads in one cheap, indexed query (e.g. the number and the last id
  of the rows), so that a write the signals would not see (a bulk insert) still counts;
- the audience (`scope`): values are cached only for audiences that see the same thing (e.g.
  anonymous visitors, the project team); `scope=None` computes live.
"""

from collections.abc import Callable
from typing import Any

from django.core.cache import cache

TTL = 600  # seconds: a safety net, the key changes on every relevant write


class Generation:
    def __init__(self, name: str):
        self.name = name
        self.key = f"{name}:generation"

    def current(self) -> int:
        return cache.get_or_set(self.key, 1, None)

    def bump(self, **_kwargs) -> None:
        """Invalidate every value cached under this name (usable as a signal receiver)."""
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, 2, None)

    def cached(self, what: str, scope: str | None, fingerprint: Callable[[], Any], compute):
        """`compute()`, cached for `scope` under the generation and `fingerprint()`."""
        if scope is None:
            return compute()
        key = f"{self.name}:{what}:{scope}:{self.current()}:{fingerprint()}"
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, TTL)
        return value
