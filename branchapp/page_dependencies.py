"""What each public page shows, as dependency tags with their own versions.

A public page records, while it is rendered, the tags of what it shows (`depends_on`): every
page `layout` (the header, sections and footer: organisations and sections), the lists of
every report (home, news list, searches) `lists`, a list narrowed to a section, a kind or an
organisation the tags of those (`news-section:<id>`, `news-kind:<kind>`, `org-news:<id>`;
`selectors.news.list_dependencies`), an article `report:<id>` and the `card:<id>` of each
other article it links to, an organisation's pages `org:<id>` and `org-news:<id>`. The page
cache stores the page with the version each tag had (`versions_for_storing`) and serves it
while none has moved.

A change moves the tags of the pages that show it (`move`, called by the rules of
`page_invalidation.py`): the tag's version becomes the time of the move in nanoseconds, kept
in the cache without expiry. A missing tag counts as moved (a page stored with it is a miss).

After the transaction that changed public content commits, `public_content_changed` is sent
with the published reports whose article changed (`reports`), the organisations whose pages
changed (`organisations`) and `everything` when every page did.
"""

import contextvars
import time
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.dispatch import Signal

# Sent after the commit of a transaction that changed public content, with
# reports=set[int], organisations=set[int], everything=bool.
public_content_changed = Signal()

TAG_PREFIX = "public-pages:tag:"

LAYOUT = "layout"
LISTS = "lists"


def report(report_id: int) -> str:
    """The article of a report: its body, photos, blocks, targets, awards, documents, facts."""
    return f"report:{report_id}"


def card(report_id: int) -> str:
    """A report's headline, address, lead, lead photo and date where other pages link to it."""
    return f"card:{report_id}"


def organisation(organisation_id: int) -> str:
    """An organisation's profile (officers, cells, targets, awards, congresses) and targets."""
    return f"org:{organisation_id}"


def organisation_news(organisation_id: int) -> str:
    """The list of the news of an organisation's subtree, and its own articles' neighbours."""
    return f"org-news:{organisation_id}"


def section_news(category_id: int) -> str:
    """The lists and feed of a section's reports."""
    return f"news-section:{category_id}"


def kind_news(kind: str) -> str:
    """The lists and feed of the reports of meetings of a kind."""
    return f"news-kind:{kind}"


def ancestors(path: str) -> list[int]:
    """The ids of an organisation and its ancestors from its materialised path ("12/40/")."""
    return [int(part) for part in path.split("/") if part]


def tag_key(tag: str) -> str:
    """The cache key of a tag's version."""
    return TAG_PREFIX + tag


# --- Recording what a page shows ---


@dataclass(slots=True)
class Recording:
    """The tags a page being rendered depends on, and when its rendering began."""

    started: int = field(default_factory=time.time_ns)
    tags: set[str] = field(default_factory=lambda: {LAYOUT})
    # Set by `http.ratelimit.search_rate_limited` when the view counts searches: stored with
    # the page, so that a search served from the cache is counted too.
    rate_limited: bool = False


_recording: contextvars.ContextVar[Recording | None] = contextvars.ContextVar(
    "page_dependencies", default=None
)


def start_recording() -> contextvars.Token:
    return _recording.set(Recording())


def stop_recording(token: contextvars.Token) -> Recording | None:
    recording = _recording.get()
    _recording.reset(token)
    return recording


def current_recording() -> Recording | None:
    return _recording.get()


def depends_on(*tags: str) -> None:
    """Note that the page being rendered (if any) shows what `tags` stand for."""
    recording = _recording.get()
    if recording is not None:
        recording.tags.update(tags)


def depends_on_cards(reports) -> None:
    """Note the cards (headline, address, lead, photo) of `reports` shown by the page."""
    recording = _recording.get()
    if recording is not None:
        recording.tags.update(card(r.pk) for r in reports if r is not None)


# --- Versions ---


def versions(tags) -> dict[str, int]:
    """The current version of each tag (one cache round trip); a missing tag is left out."""
    tags = list(tags)
    found = cache.get_many([tag_key(tag) for tag in tags])
    return {tag: found[tag_key(tag)] for tag in tags if tag_key(tag) in found}


def versions_for_storing(recording: Recording) -> dict[str, int] | None:
    """The versions to store a page with; None when one of its tags moved after its
    rendering began (the page may show the content from before the change). The app servers'
    clocks must agree (NTP), as they must for scheduled publication."""
    current = _with_missing_set(recording.tags, versions(recording.tags), recording.started)
    if any(version >= recording.started for version in current.values()):
        return None
    return current


def _with_missing_set(tags, found: dict[str, int], started: int) -> dict[str, int]:
    """`found` with a version set for each tag that has none: one older than `started` (the
    rendering), so that a page rendered now may be stored. A page stored before the tag went
    missing (with another version) is still a miss."""
    for tag in set(tags) - found.keys():
        initial = started - 1
        if not cache.add(tag_key(tag), initial, None):
            initial = cache.get(tag_key(tag), initial)
        found[tag] = initial
    return found


def versioned_key(name: str, *tags: str) -> str:
    """A cache key for data derived from what `tags` stand for: a new key once one moves.

    For the counts, years and blocks the public pages read (kept a day, or until then).
    """
    recording = _recording.get()
    started = recording.started if recording is not None else time.time_ns()
    found = _with_missing_set(tags, versions(tags), started)
    return f"public:{name}:" + ":".join(str(found[tag]) for tag in tags)


# --- Moving tags ---


@dataclass
class _Batch:
    """The changes of one transaction, moved again and announced once it commits."""

    tags: set[str] = field(default_factory=set)
    reports: set[int] = field(default_factory=set)
    organisations: set[int] = field(default_factory=set)
    everything: bool = False

    def commit(self) -> None:
        _batches.pop(id(connections[DEFAULT_DB_ALIAS]), None)
        _move_now(self.tags)
        self.announce()

    def announce(self) -> None:
        public_content_changed.send(
            sender=None,
            reports=set(self.reports),
            organisations=set(self.organisations),
            everything=self.everything,
        )


# One pending batch per database connection (connections are per thread).
_batches: dict[int, _Batch] = {}


def _pending_batch(connection) -> _Batch:
    """The batch of the current transaction, registered with `on_commit` once (a batch whose
    callback a rollback dropped is forgotten)."""
    batch = _batches.get(id(connection))
    if batch is None or not any(
        callback == batch.commit for _sids, callback, _robust in connection.run_on_commit
    ):
        batch = _batches[id(connection)] = _Batch()
        transaction.on_commit(batch.commit)
    return batch


def _move_now(tags) -> None:
    if tags:
        now = time.time_ns()
        cache.set_many({tag_key(tag): now for tag in tags}, None)


def move(tags, *, reports=(), organisations=(), everything: bool = False) -> None:
    """Move `tags` now and, inside a transaction, again after it commits (a page rendered
    from the rows before the commit must not stay stored); then send
    `public_content_changed` (once per transaction)."""
    tags = set(tags)
    if everything:
        tags.add(LAYOUT)
    if not tags:
        return
    _move_now(tags)
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        _Batch(tags, set(reports), set(organisations), everything).announce()
        return
    batch = _pending_batch(connection)
    batch.tags |= tags
    batch.reports |= set(reports)
    batch.organisations |= set(organisations)
    batch.everything = batch.everything or everything
