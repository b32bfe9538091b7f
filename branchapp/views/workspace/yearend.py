"""Year-end pages of the workspace: ratings, statistics, registers, documents, member import.

Every page is for logged-in staff, limited to the organisations of their account
(`branchapp.scoping`): another organisation's id gives 404, a missing permission 403.
"""

import base64
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ... import documents
from ...documents.spreadsheets import XLSX_TYPE
from ...forms.common import parse_id, parse_text
from ...forms.yearend import MemberImportForm, RatingGridForm
from ...http.downloads import csv_response, download, xlsx_response
from ...models import (
    InspectionCase,
    MeetingKind,
    MemberCategory,
    MemberEventType,
    MemberStatus,
    Target,
)
from ...scoping import sees_everything
from ...selectors import ratings as rating_selectors
from ...selectors import registers
from ...selectors.indicators import member_rating_counts, organisation_rating_counts
from ...selectors.statistics import (
    EVENT_FIGURES,
    EVENT_LABELS,
    year_statistics,
)
from ...selectors.targets import term_targets
from ...services import member_import as member_import_service
from ...services import ratings as rating_services
from ...sizes import limit_bytes
from .access import check_year, scoped_meeting, scoped_organisation, workspace_view


def year_context(organisation, year, **extra):
    return {"organisation": organisation, "year": year, **extra}


# Ratings ------------------------------------------------------------------------------------


@workspace_view("branchapp.view_memberrating", "branchapp.view_organisationrating")
def ratings_overview(request, org_id, year):
    organisation = scoped_organisation(request, org_id)
    check_year(year)
    context = year_context(
        organisation,
        year,
        section="ratings",
        rule_set=rating_selectors.rule_set_for(year),
        cap_statement=rating_selectors.cap_statement(rating_selectors.rule_set_for(year)),
        member_counts=member_rating_counts(organisation, year),
        organisation_counts=organisation_rating_counts(organisation, year),
    )
    return render(request, "yearend/ratings/overview.html", context)


@dataclass(frozen=True)
class RatingGridPage:
    """What differs between the members' and the cells' rating pages."""

    model: str  # the rating model, for the permissions: "memberrating"
    grid: Callable  # selector (organisation, year) -> RatingGrid
    warnings: Callable  # selector (grid, entries) -> warnings
    save: Callable  # service (*, grid, entries, reason) -> warnings
    template: str
    cap: Callable  # grid -> {"cap_statement": str, "live_cap": bool}


MEMBER_GRID = RatingGridPage(
    "memberrating",
    rating_selectors.member_grid,
    rating_selectors.member_warnings,
    rating_services.member_ratings_save,
    "yearend/ratings/members.html",
    lambda grid: {
        "cap_statement": rating_selectors.cap_statement(grid.rule_set),
        # The live count covers the whole pool only on the grassroots organisation's own grid.
        "live_cap": rating_selectors.is_grassroots(grid.organisation),
    },
)
ORGANISATION_GRID = RatingGridPage(
    "organisationrating",
    rating_selectors.organisation_grid,
    rating_selectors.organisation_warnings,
    rating_services.organisation_ratings_save,
    "yearend/ratings/organisations.html",
    lambda grid: {
        "cap_statement": rating_selectors.cap_statement(grid.rule_set, organisations=True),
        "live_cap": False,
    },
)


def _grid_page(request, org_id, year, page: RatingGridPage):
    organisation = scoped_organisation(request, org_id)
    check_year(year)
    grid = page.grid(organisation, year)
    can_change = request.user.has_perms(
        [f"branchapp.{action}_{page.model}" for action in ("add", "change", "delete")]
    )
    form = RatingGridForm(request.POST or None, grid=grid)
    warnings = []
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            entries = form.entries()
            warnings = page.warnings(grid, entries)
            reason = form.cleaned_data["reason"].strip()
            # A warning never blocks: the ratings are saved, the warnings shown again.
            warnings = page.save(grid=grid, entries=entries, reason=reason)
            messages.success(request, _("The ratings were saved."))
            for warning in warnings:
                messages.warning(request, str(warning))
            return redirect(request.path)
    else:
        warnings = page.warnings(grid, {row.key: (row.level, row.points) for row in grid.rows})
    context = year_context(
        organisation,
        year,
        section="ratings",
        grid=grid,
        form=form,
        warnings=warnings,
        can_change=can_change,
        **page.cap(grid),
    )
    return render(request, page.template, context)


@workspace_view("branchapp.view_memberrating")
def ratings_members(request, org_id, year):
    return _grid_page(request, org_id, year, MEMBER_GRID)


@workspace_view("branchapp.view_organisationrating")
def ratings_organisations(request, org_id, year):
    return _grid_page(request, org_id, year, ORGANISATION_GRID)


# Statistics ---------------------------------------------------------------------------------


def _register_url(name, organisation, year, **params):
    url = reverse(f"yearend:register_{name}", args=[organisation.pk, year])
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


def statistics_links(organisation, year):
    """Where each figure of the statistics page leads: the register rows behind it."""
    start = f"01/01/{year}"
    end = f"31/12/{year}"
    members = {
        (when, category): _register_url("members", organisation, year, on=day, category=category)
        for when, day in (("start", start), ("end", end))
        for category in [*MemberCategory.values, ""]
    }
    events = {
        key: _register_url("events", organisation, year, type=list(types))
        for key, types in EVENT_FIGURES
    }
    meetings = {
        kind: _register_url("meetings", organisation, year, kind=kind)
        for kind in MeetingKind.values
    }
    awards = _register_url("awards", organisation, year)
    cases = {
        kind: _register_url("cases", organisation, year, kind=kind)
        for kind in InspectionCase.Kind.values
    }
    return {
        "members": members,
        "events": events,
        "meetings": meetings,
        "awards": awards,
        "cases": cases,
    }


@workspace_view("branchapp.view_meeting", "branchapp.view_member")
def statistics(request, org_id, year):
    organisation = scoped_organisation(request, org_id)
    check_year(year)
    stats = year_statistics(organisation, year)
    links = statistics_links(organisation, year)
    context = year_context(
        organisation,
        year,
        section="statistics",
        stats=stats,
        links=links,
        member_rows=_member_table(stats, links),
        event_rows=[
            (EVENT_LABELS[key], stats.events[key], links["events"][key])
            for key, _t in EVENT_FIGURES
        ],
        can_see_cases=request.user.has_perm("branchapp.view_inspectioncase"),
        public_url=reverse(
            "yearend_public:statistics", kwargs={"slug": organisation.slug, "year": year}
        ),
    )
    return render(request, "yearend/statistics.html", context)


def _member_table(stats, links):
    rows = []
    for category, label in [*MemberCategory.choices, ("", _("Total"))]:
        key = category or "total"
        rows.append(
            (
                label,
                stats.members_start[key],
                links["members"][("start", category)],
                stats.members_end[key],
                links["members"][("end", category)],
            )
        )
    return rows


@workspace_view("branchapp.view_meeting", "branchapp.view_member")
def statistics_export(request, org_id, year, fmt):
    organisation = scoped_organisation(request, org_id)
    check_year(year)
    stats = year_statistics(organisation, year)
    filename = f"thong-ke-{organisation.slug}-{year}"
    if fmt == "xlsx":
        content = documents.statistics_xlsx(stats)
        return download(content, f"{filename}.xlsx", XLSX_TYPE)
    return download(documents.statistics_docx(stats), f"{filename}.docx", documents.DOCX_TYPE)


@workspace_view("branchapp.view_target")
def targets_export(request, org_id, year, fmt):
    organisation = scoped_organisation(request, org_id)
    check_year(year)
    targets = list(Target.objects.filter(organisation=organisation, year=year).order_by("order"))
    # The targets of the terms covering the year, after the year's own.
    terms = term_targets(Target.objects.filter(organisation=organisation), year)
    filename = f"chi-tieu-{organisation.slug}-{year}"
    if fmt == "xlsx":
        return download(
            documents.targets_xlsx(organisation, year, targets, terms),
            f"{filename}.xlsx",
            XLSX_TYPE,
        )
    return download(
        documents.targets_docx(organisation, year, targets, terms),
        f"{filename}.docx",
        documents.DOCX_TYPE,
    )


# Registers ----------------------------------------------------------------------------------

REGISTERS = {
    "members": {"title": gettext_lazy("Member register"), "perm": "branchapp.view_member"},
    "events": {"title": gettext_lazy("Member events"), "perm": "branchapp.view_memberevent"},
    "awards": {"title": gettext_lazy("Awards"), "perm": "branchapp.view_award"},
    "cases": {
        "title": gettext_lazy("Inspection and supervision cases"),
        "perm": "branchapp.view_inspectioncase",
    },
    "discipline": {"title": gettext_lazy("Discipline"), "perm": None},
    "meetings": {"title": gettext_lazy("Meetings"), "perm": "branchapp.view_meeting"},
}


def visible_registers(user):
    return [
        (name, spec["title"])
        for name, spec in REGISTERS.items()
        if (sees_everything(user) if name == "discipline" else user.has_perm(spec["perm"]))
    ]


def _parse_date(text):
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except (TypeError, ValueError):
            continue
    return None


@workspace_view()
def register(request, org_id, year, name):
    spec = REGISTERS[name]
    if name == "discipline":
        if not sees_everything(request.user):
            raise PermissionDenied
    elif not request.user.has_perm(spec["perm"]):
        raise PermissionDenied
    organisation = scoped_organisation(request, org_id)
    check_year(year)
    get = request.GET
    q = parse_text(get.get("q"))
    cells = registers.cells_in(organisation)
    cell = parse_id(get.get("cell"))
    filters = {}
    if name == "members":
        on = _parse_date(get.get("on", "")) or min(
            timezone.localdate(), datetime.date(year, 12, 31)
        )
        category = parse_text(get.get("category"))
        status = parse_text(get.get("status"))
        rows = registers.member_register(
            organisation, cell=cell, category=category, status=status, on=on, q=q
        )
        headers = registers.member_headers()
        values = list(registers.member_export_rows(rows))
        filters = {
            "on": on,
            "category": category,
            "status": status,
            "categories": MemberCategory.choices,
            "statuses": MemberStatus.choices,
        }
    elif name == "events":
        types = [t for t in get.getlist("type") if t in MemberEventType.values]
        rows = registers.event_register(organisation, year, types=types, cell=cell, q=q)
        headers, values = registers.event_export(rows)
        filters = {"types": types, "type_choices": MemberEventType.choices}
    elif name == "awards":
        form = parse_text(get.get("form"))
        rows = registers.award_register(organisation, year, form=form, cell=cell, q=q)
        headers, values = registers.award_export(rows)
        filters = {"form": form}
    elif name == "cases":
        kind = parse_text(get.get("kind"))
        rows = registers.case_register(organisation, year, kind=kind, cell=cell, q=q)
        headers, values = registers.case_export(rows)
        filters = {"kind": kind, "kind_choices": InspectionCase.Kind.choices}
    elif name == "discipline":
        rows = registers.discipline_register(organisation, year, cell=cell, q=q)
        headers, values = registers.discipline_export(rows)
    else:
        kind = parse_text(get.get("kind"))
        rows = registers.meeting_register(organisation, year, kind=kind, cell=cell, q=q)
        headers, values = registers.meeting_export(rows)
        filters = {"kind": kind, "kind_choices": MeetingKind.choices}
    export = get.get("xuat")
    filename = f"{REGISTER_FILES[name]}-{organisation.slug}-{year}"
    if export == "xlsx":
        return xlsx_response(
            filename,
            headers,
            values,
            title=str(spec["title"]),
            caption=f"{spec['title']} – {organisation.name} – {year}",
        )
    if export == "csv":
        return csv_response(filename, headers, values)
    params = request.GET.copy()
    params.pop("xuat", None)
    context = year_context(
        organisation,
        year,
        section="registers",
        register_name=name,
        title=spec["title"],
        registers=visible_registers(request.user),
        headers=headers,
        values=values,
        q=q,
        cell=cell,
        cells=cells,
        querystring=params.urlencode(),
        **filters,
    )
    return render(request, "yearend/registers/register.html", context)


REGISTER_FILES = {
    "members": "dang-vien",
    "events": "bien-dong-dang-vien",
    "awards": "khen-thuong",
    "cases": "kiem-tra-giam-sat",
    "discipline": "ky-luat",
    "meetings": "cuoc-hop",
}


# Minutes ------------------------------------------------------------------------------------


@workspace_view("branchapp.view_meeting")
def minutes_print(request, meeting_id):
    meeting = scoped_meeting(request, meeting_id)
    minutes = documents.minutes_for(meeting)
    return render(request, "yearend/minutes_print.html", {"minutes": minutes, "meeting": meeting})


@workspace_view("branchapp.view_meeting")
def minutes_docx(request, meeting_id):
    meeting = scoped_meeting(request, meeting_id)
    content = documents.minutes_docx(documents.minutes_for(meeting))
    filename = f"bien-ban-{meeting.date:%Y-%m-%d}-{meeting.pk}.docx"
    return download(content, filename, documents.DOCX_TYPE)


# Member import ------------------------------------------------------------------------------

IMPORT_SESSION_KEY = "yearend_member_import"


@workspace_view("branchapp.add_member", "branchapp.change_member")
def member_import(request, org_id):
    """Upload → preview with every row checked → confirm; nothing is written before that."""
    organisation = scoped_organisation(request, org_id)
    year = timezone.localdate().year
    form = MemberImportForm()
    preview = None
    if request.method == "POST" and request.POST.get("action") == "confirm":
        stored = request.session.get(IMPORT_SESSION_KEY)
        if not stored or stored.get("organisation") != organisation.pk:
            messages.error(request, _("Upload the file again: the preview has expired."))
            return redirect(request.path)
        content = base64.b64decode(stored["content"])
        preview = member_import_service.members_import_preview(
            organisation=organisation, filename=stored["name"], content=content
        )
        if not preview.has_errors:
            done = member_import_service.members_import_apply(
                organisation=organisation, preview=preview
            )
            del request.session[IMPORT_SESSION_KEY]
            messages.success(
                request,
                _("Import done: %(create)s added, %(update)s updated, %(unchanged)s unchanged.")
                % done,
            )
            return redirect("yearend:register_members", organisation.pk, year)
    elif request.method == "POST":
        form = MemberImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > limit_bytes("member_import"):
                form.add_error("file", member_import_service.too_large(upload.name, upload.size))
            else:
                content = upload.read()
                preview = member_import_service.members_import_preview(
                    organisation=organisation, filename=upload.name, content=content
                )
                if preview.has_errors:
                    request.session.pop(IMPORT_SESSION_KEY, None)
                else:
                    request.session[IMPORT_SESSION_KEY] = {
                        "organisation": organisation.pk,
                        "name": upload.name,
                        "content": base64.b64encode(content).decode("ascii"),
                    }
    context = year_context(
        organisation,
        year,
        section="registers",
        form=form,
        preview=preview,
        columns=[str(label) for _key, label in registers.MEMBER_COLUMNS],
        max_rows=number_format(member_import_service.MAX_ROWS, force_grouping=True),
        max_columns=member_import_service.MAX_COLUMNS,
    )
    return render(request, "yearend/member_import.html", context)
