"""Who may enter the workspace and do what in it."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from ...scoping import has_workspace_role


def workspace_view(perm: str | None = None):
    """Log in first; then the account needs a role, and `perm` when given (else 403)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_workspace_role(request.user):
                raise PermissionDenied
            if perm and not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
