"""Where article views wait until they are written to the database: the view counter.

Counting a view is one atomic increment (Redis HINCRBY) and never a database write, so the
article page stays served from the page cache; `services.readership.report_views_flush`
writes the waiting views in batches (the `flush_view_counts` command, run every few minutes,
and a flush after `VIEW_COUNT_FLUSH_EVERY` views).

Two implementations of one small interface:

- `RedisViewCounter`, used when REDIS_URL is set (production: every app server and the
  flush command share it). The views waiting form a hash; a flush renames it (atomic) to the
  batch being written, so views counted meanwhile go to a new hash and none is lost; a batch
  left by a flush that failed is written by the next one.
- `MemoryViewCounter`, the same behaviour inside one process under a lock (tests, and a
  development server without Redis; its views reach the database through the flush after
  `VIEW_COUNT_FLUSH_EVERY` views).
"""

import threading
import time

from django.conf import settings

PENDING = "views:pending"  # report id -> views counted since the last batch
BATCH = "views:batch"  # the batch being written (renamed from PENDING)
SINCE_FLUSH = "views:since-flush"  # views counted since the last batch, all articles
SEEN = "views:seen:"  # + a hash of the address and article: a view counted recently
LOCK = "views:flush-lock"


class RedisViewCounter:
    def __init__(self, url: str, prefix: str):
        import redis

        self.client = redis.Redis.from_url(url)
        self.prefix = f"{prefix}:" if prefix else ""

    def _key(self, name: str) -> str:
        return self.prefix + name

    def first_view(self, key: str, seconds: int) -> bool:
        """True (and remembered for `seconds`) unless `key` was seen in that time."""
        return bool(self.client.set(self._key(SEEN + key), 1, nx=True, ex=seconds))

    def add(self, report_id: int) -> tuple[int, int]:
        """Count a view; returns (the article's views waiting, all views since the last batch)."""
        pipe = self.client.pipeline(transaction=True)
        pipe.hincrby(self._key(PENDING), str(report_id), 1)
        pipe.incr(self._key(SINCE_FLUSH))
        waiting, since = pipe.execute()
        return int(waiting), int(since)

    def waiting(self, report_id: int) -> int:
        """Views of an article not yet written (counted, or in the batch being written)."""
        pipe = self.client.pipeline(transaction=True)
        pipe.hget(self._key(PENDING), str(report_id))
        pipe.hget(self._key(BATCH), str(report_id))
        return sum(int(value or 0) for value in pipe.execute())

    def lock(self, seconds: int) -> bool:
        return bool(self.client.set(self._key(LOCK), 1, nx=True, ex=seconds))

    def unlock(self) -> None:
        self.client.delete(self._key(LOCK))

    def take(self) -> dict[int, int]:
        """The batch to write: a batch left by a failed flush, else the views waiting."""
        batch, pending = self._key(BATCH), self._key(PENDING)
        if not self.client.exists(batch):
            self.client.delete(self._key(SINCE_FLUSH))
            try:
                self.client.rename(pending, batch)
            except Exception as error:  # no views waiting: nothing to rename
                if "no such key" not in str(error).lower():
                    raise
                return {}
        return {int(k): int(v) for k, v in self.client.hgetall(batch).items()}

    def written(self) -> None:
        """The batch taken is in the database: forget it."""
        self.client.delete(self._key(BATCH))


class MemoryViewCounter:
    """The Redis counter's behaviour in one process (tests, development without Redis)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.pending: dict[int, int] = {}
        self.batch: dict[int, int] | None = None
        self.since_flush = 0
        self.seen: dict[str, float] = {}
        self.locked_until = 0.0

    def first_view(self, key: str, seconds: int) -> bool:
        now = time.monotonic()
        with self._lock:
            if self.seen.get(key, 0) > now:
                return False
            if len(self.seen) > 100_000:  # forget the expired ones now and then
                self.seen = {k: t for k, t in self.seen.items() if t > now}
            self.seen[key] = now + seconds
            return True

    def add(self, report_id: int) -> tuple[int, int]:
        with self._lock:
            self.pending[report_id] = self.pending.get(report_id, 0) + 1
            self.since_flush += 1
            return self.pending[report_id], self.since_flush

    def waiting(self, report_id: int) -> int:
        with self._lock:
            return self.pending.get(report_id, 0) + (self.batch or {}).get(report_id, 0)

    def lock(self, seconds: int) -> bool:
        now = time.monotonic()
        with self._lock:
            if self.locked_until > now:
                return False
            self.locked_until = now + seconds
            return True

    def unlock(self) -> None:
        with self._lock:
            self.locked_until = 0.0

    def take(self) -> dict[int, int]:
        with self._lock:
            if self.batch is None:
                self.batch, self.pending, self.since_flush = self.pending, {}, 0
            return dict(self.batch)

    def written(self) -> None:
        with self._lock:
            self.batch = None


_counters: dict[tuple, object] = {}
_counters_lock = threading.Lock()


def view_counter() -> RedisViewCounter | MemoryViewCounter:
    """The view counter the settings ask for (VIEW_COUNTER_REDIS_URL, else memory)."""
    url = getattr(settings, "VIEW_COUNTER_REDIS_URL", "")
    prefix = getattr(settings, "VIEW_COUNTER_PREFIX", "sochibo")
    key = (url, prefix)
    with _counters_lock:
        counter = _counters.get(key)
        if counter is None:
            counter = _counters[key] = RedisViewCounter(url, prefix) if url else MemoryViewCounter()
    return counter
