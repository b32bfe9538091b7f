"""Forms that create something, posted twice (a double click, a reload), create it once.

The page gives the form a one-time token (`new_token()`, a hidden field named `FIELD`). The
first POST with the token claims it and, once it has created its object, records the object's
id under the token, in the session (which every app server shares) and in the cache (which sees
a second POST arriving while the first is still at work). A later POST of the same form finds
that id and the view sends the user to the object instead of creating another one.

A refused POST (a field to correct) releases the token: the corrected form, which carries the
same token, is then the one that creates. A form without a token (or with a malformed one) is
not protected and is handled as before.
"""

import time
import uuid
from functools import partial

from django.core.cache import cache
from django.db import transaction

FIELD = "once"
SESSION_KEY = "once_results"
KEEP = 50  # tokens remembered per session
RESULT_SECONDS = 24 * 3600
PENDING = "pending"
PENDING_SECONDS = 120  # a claim left by a POST that died is dropped after this
WAIT_SECONDS = 10.0  # how long a second POST waits for the first one to finish


def new_token() -> str:
    return uuid.uuid4().hex


def _posted_token(request) -> str | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, "")).hex
    except (TypeError, ValueError):
        return None


class StillRunning(Exception):
    """The first POST of the form has neither finished nor failed within WAIT_SECONDS."""


class Submission:
    """One POST of a form carrying a one-time token, for the kind of object named by `scope`."""

    def __init__(self, request, scope: str):
        self.request = request
        self.token = _posted_token(request)
        self.key = f"once:{scope}:{request.user.pk}:{self.token}"
        self.claimed = False

    @property
    def page_token(self) -> str:
        """The token the form shown again keeps (a new one if it came without)."""
        return self.token or new_token()

    def earlier_result(self) -> str | None:
        """The id an earlier POST of this form created; else None, and this POST goes on.

        Waits while an earlier POST is still at work; raises StillRunning if it takes too long.
        """
        if self.token is None:
            return None
        stored = self.request.session.get(SESSION_KEY, {}).get(self.key)
        if stored is not None:
            return stored
        deadline = time.monotonic() + WAIT_SECONDS
        while not cache.add(self.key, PENDING, PENDING_SECONDS):
            value = cache.get(self.key)
            if value not in (None, PENDING):
                return value
            if time.monotonic() >= deadline:
                raise StillRunning
            time.sleep(0.2)
        self.claimed = True
        return None

    def finish(self, result) -> None:
        """Record what this POST created (`result`, an id), or release the token (None)."""
        if not self.claimed:
            return
        if result is None:
            cache.delete(self.key)
            return
        result = str(result)
        # Once the object is committed (requests are atomic), a waiting POST may go to it.
        transaction.on_commit(partial(cache.set, self.key, result, RESULT_SECONDS))
        results = dict(self.request.session.get(SESSION_KEY, {}))
        results[self.key] = result
        self.request.session[SESSION_KEY] = dict(list(results.items())[-KEEP:])
