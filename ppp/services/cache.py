"""The services' in-process result caches: least recently used entries dropped first.

Keyed on what identifies the inputs (project id, revision, input hash, a settings hash), never on a DataFrame
or a project object. Per process and thread-safe: Streamlit runs each session's script in its own thread.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

Key = TypeVar("Key", bound=Hashable)
Value = TypeVar("Value")


@dataclass(frozen=True)
class CacheInfo:
    """Counters of a cache (as :func:`functools.lru_cache`'s ``cache_info``)."""

    hits: int
    misses: int
    maxsize: int
    currsize: int


class LruCache(Generic[Key, Value]):
    """At most ``maxsize`` values by key, the least recently used dropped first.

    Examples
    --------
    >>> cache: LruCache[str, int] = LruCache(maxsize=1)
    >>> cache.put("a", 1); cache.put("b", 2)
    >>> cache.get("a"), cache.get("b"), cache.info()
    (None, 2, CacheInfo(hits=1, misses=1, maxsize=1, currsize=1))
    """

    def __init__(self, maxsize: int) -> None:
        self._maxsize = maxsize
        self._entries: OrderedDict[Key, Value] = OrderedDict()
        self._lock = threading.Lock()
        self._hits = 0
        self._misses = 0

    def get(self, key: Key) -> Value | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self._misses += 1
                return None
            self._hits += 1
            self._entries.move_to_end(key)
            return found

    def put(self, key: Key, value: Value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self._maxsize:
                self._entries.popitem(last=False)

    def info(self) -> CacheInfo:
        with self._lock:
            return CacheInfo(self._hits, self._misses, self._maxsize, len(self._entries))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._hits = 0
            self._misses = 0
