"""Which organisations a staff account may see and change.

Every staff account is tied to organisations; it works on those and everything below them.
Superusers and members of the “Quản trị” role see everything.
"""

from django.db.models import Q, QuerySet

from .models import Organisation

ADMIN_ROLE = "Quản trị"
SECRETARIAT_ROLE = "Văn phòng"
CELL_SECRETARY_ROLE = "Bí thư chi bộ"
VIEWER_ROLE = "Xem"


WORKSPACE_ROLES = (ADMIN_ROLE, SECRETARIAT_ROLE, CELL_SECRETARY_ROLE, VIEWER_ROLE)


def role_names(user) -> frozenset[str]:
    """The names of the account's roles (groups), read once per request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_sochibo_roles", None)
    if cached is None:
        cached = user._sochibo_roles = frozenset(user.groups.values_list("name", flat=True))
    return cached


def sees_everything(user) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or ADMIN_ROLE in role_names(user)


def has_workspace_role(user) -> bool:
    """May the account enter the workspace at all (what it may do there is by permission)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or not role_names(user).isdisjoint(WORKSPACE_ROLES)


def root_paths(user) -> list[str]:
    """Materialised paths of the organisations the account is tied to (cached per request)."""
    cached = getattr(user, "_sochibo_root_paths", None)
    if cached is None:
        cached = (
            list(user.organisations.values_list("path", flat=True)) if user.is_authenticated else []
        )
        user._sochibo_root_paths = cached
    return cached


def path_q(user, path_lookup: str) -> Q:
    """A filter keeping rows whose organisation path lies under one of the user's organisations."""
    if sees_everything(user):
        return Q()
    q = Q(pk__in=[])
    for path in root_paths(user):
        q |= Q(**{f"{path_lookup}__startswith": path})
    return q


def scope(queryset: QuerySet, user, organisation_lookup: str = "organisation") -> QuerySet:
    """Limit `queryset` to rows of organisations within the user's scope.

    `organisation_lookup` is the path from the model to its Organisation ("" for Organisation
    itself, "meeting__organisation" for a report, …).
    """
    path_lookup = f"{organisation_lookup}__path" if organisation_lookup else "path"
    return queryset.filter(path_q(user, path_lookup))


def allowed_organisations(user) -> QuerySet:
    return scope(Organisation.objects.all(), user, "")


def can_access_organisation(user, organisation) -> bool:
    if sees_everything(user):
        return True
    return any(organisation.path.startswith(path) for path in root_paths(user))
