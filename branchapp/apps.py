from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchappConfig(AppConfig):
    name = "branchapp"
    verbose_name = _("Party records")

    def ready(self):
        # Public pages are cached; these receivers move the pages that show what changed.
        from . import article_html
        from .page_invalidation import connect_signals

        connect_signals()
        # The stored HTML of articles' bodies is rendered again when their rows change.
        article_html.connect_signals()
