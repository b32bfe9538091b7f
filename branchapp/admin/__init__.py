"""The Django admin: data entry for administrators, scoped to each account's organisations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import (  # noqa: F401
    accounts,
    meetings,
    members,
    minutes,
    organisations,
    portal,
    records,
    reports,
    tasks,  # noqa: F401
)
from .base import ScopedAdminMixin  # noqa: F401

admin.site.site_header = _("Sổ Chi bộ: administration")
admin.site.site_title = _("Sổ Chi bộ administration")
admin.site.index_title = _("Records and accounts")
