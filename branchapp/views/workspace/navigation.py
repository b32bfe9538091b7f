"""The workspace menu: the screens a secretary uses, for the organisations the account works
for, and the one GET address its form goes to (`/workspace/di-den/`), which redirects to the
screen chosen.

Only screens the account's permissions open are offered: the same permission names the views
check (`meetings.py`, `reports.py`, `yearend.py`).
"""

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ...forms.common import parse_id, parse_text
from ...scoping import allowed_organisations
from .access import check_year, scoped_organisation, workspace_view
from .yearend import visible_registers


@dataclass(frozen=True)
class Screen:
    key: str  # the value of `?muc=` in the menu's form
    label: str | Promise
    url_name: str
    perms: tuple[str, ...]
    group: str | Promise
    yearly: bool = True  # its address holds the year


RATINGS = _("Ratings")
STATISTICS = _("Statistics and exports")
REGISTERS = _("Registers")
MEMBERS = _("Members")

SCREENS = [
    Screen(
        "ratings",
        _("Ratings: overview"),
        "yearend:ratings",
        ("branchapp.view_memberrating", "branchapp.view_organisationrating"),
        RATINGS,
    ),
    Screen(
        "ratings_members",
        _("Ratings of members"),
        "yearend:ratings_members",
        ("branchapp.view_memberrating",),
        RATINGS,
    ),
    Screen(
        "ratings_organisations",
        _("Ratings of cells"),
        "yearend:ratings_organisations",
        ("branchapp.view_organisationrating",),
        RATINGS,
    ),
    Screen(
        "statistics",
        _("Year-end statistics"),
        "yearend:statistics",
        ("branchapp.view_meeting", "branchapp.view_member"),
        STATISTICS,
    ),
    Screen(
        "statistics_xlsx",
        _("Statistics (XLSX)"),
        "yearend:statistics_xlsx",
        ("branchapp.view_meeting", "branchapp.view_member"),
        STATISTICS,
    ),
    Screen(
        "statistics_docx",
        _("Statistics (DOCX)"),
        "yearend:statistics_docx",
        ("branchapp.view_meeting", "branchapp.view_member"),
        STATISTICS,
    ),
    Screen(
        "targets_xlsx",
        _("Targets (XLSX)"),
        "yearend:targets_xlsx",
        ("branchapp.view_target",),
        STATISTICS,
    ),
    Screen(
        "targets_docx",
        _("Targets (DOCX)"),
        "yearend:targets_docx",
        ("branchapp.view_target",),
        STATISTICS,
    ),
    Screen(
        "member_import",
        _("Import members"),
        "yearend:member_import",
        ("branchapp.add_member", "branchapp.change_member"),
        MEMBERS,
        yearly=False,
    ),
]


def default_year(today: datetime.date | None = None) -> int:
    """The year the year-end screens open at: this one, or the last one in January."""
    today = today or timezone.localdate()
    return today.year - 1 if today.month == 1 else today.year


def screens_for(user) -> list[Screen]:
    """The year-end screens the account's permissions open, the registers among them."""
    screens = [s for s in SCREENS if user.has_perms(s.perms)]
    registers = [
        Screen(f"register_{name}", title, f"yearend:register_{name}", (), REGISTERS)
        for name, title in visible_registers(user)
    ]
    # The registers after the statistics, before the member import.
    return [s for s in screens if s.yearly] + registers + [s for s in screens if not s.yearly]


def menu(user) -> dict:
    """What the menu shows: its screens grouped, the organisations to choose from, the year."""
    groups: dict = {}
    for screen in screens_for(user):
        groups.setdefault(screen.group, []).append(screen)
    organisations = (
        list(allowed_organisations(user).order_by("path").values_list("pk", "name"))
        if groups
        else []
    )
    return {
        "groups": list(groups.items()) if organisations else [],
        "organisations": organisations,
        "year": default_year(),
    }


@workspace_view()
def go(request):
    """The menu form's target: `?to-chuc=<id>&nam=<year>&muc=<screen>` → that screen.

    Odd values answer 400, an organisation out of the account's reach or an unknown screen 404;
    the screen itself checks the permissions again."""
    key = parse_text(request.GET.get("muc"))
    screen = next((s for s in screens_for(request.user) if s.key == key), None)
    org_id = parse_id(request.GET.get("to-chuc"))
    if screen is None or org_id is None:
        raise Http404
    organisation = scoped_organisation(request, org_id)
    if not screen.yearly:
        return redirect(reverse(screen.url_name, args=[organisation.pk]))
    year = parse_id(request.GET.get("nam"))
    year = default_year() if year is None else check_year(year)
    return redirect(reverse(screen.url_name, args=[organisation.pk, year]))
