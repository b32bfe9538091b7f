"""The one access layer of the workspace: who may enter, with which permissions, on what."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ...http.signin import redirect_to_pending_step
from ...models import Meeting, Organisation
from ...scoping import allowed_organisations, has_workspace_role, scope
from ...selectors.statistics import is_record_year


def workspace_view(*perms: str):
    """Log in first (redirect); then pass the sign-in steps still due, the second factor and
    a new password (redirect, `http/signin.py`); then the account needs a workspace role and
    every permission in `perms` (else 403). Objects are then reached through the scoped
    getters below."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            step = redirect_to_pending_step(request)
            if step is not None:
                return step
            if not has_workspace_role(user):
                raise PermissionDenied
            if perms and not user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def scoped_organisation(request, org_id: int) -> Organisation:
    """The organisation, if the account may work on it; 404 otherwise (no hint it exists)."""
    return get_object_or_404(allowed_organisations(request.user), pk=org_id)


def scoped_meetings(user) -> QuerySet:
    """The meetings of the account's organisations and everything below them."""
    return scope(Meeting.objects.all(), user)


def scoped_meeting(request, pk: int, queryset: QuerySet | None = None) -> Meeting:
    """The meeting (from `queryset`, for its prefetches) if it lies in the account's
    organisations; 404 otherwise."""
    if queryset is None:
        queryset = Meeting.objects.select_related("organisation")
    return get_object_or_404(scope(queryset, request.user), pk=pk)


def check_year(year: int) -> int:
    """A year the records can hold (404 for the year 3000 or 12)."""
    if not is_record_year(year):
        raise Http404
    return year
