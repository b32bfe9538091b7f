from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchappConfig(AppConfig):
    name = "branchapp"
    verbose_name = _("Party records")
