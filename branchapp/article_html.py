"""The HTML of an article's body, kept with its report (`Report.body_html`).

Derived data, like the report's search text: the body blocks, photos with captions, targets,
awards and the facts section of the meeting (selectors/facts.py), rendered once per language
of the site (labels and dates differ) when the report or one of those rows changes, and read
as it is when the article is shown. The neighbours, related articles and the rest of the page
are still read per request.

    body_html = {"fingerprint": "…", "html": {"vi": "…", "en": "…"}, "lead_photo": {…} | None}

The fingerprint is that of the templates, code and translations that render the body: after a
deploy that changes them, the first request of an article renders it live and stores it again
(`article_body`), as it does for a report whose stored HTML is missing (written in bulk, or
cleared by a change whose refresh has not run yet). Drafts and scheduled reports are shown
live to the staff who preview them.

When: receivers (`connect_signals`, registered in `BranchappConfig.ready`) clear the stored
HTML of the reports a saved or deleted row appears in, inside the transaction (no request
reads the old HTML once the change is committed), and render it again after the commit, once
per report however many rows the transaction saved. Queryset `.update()` and `bulk_create()`
send no signal: code writing reports in bulk runs `manage.py refresh_article_html`.
"""

import functools
import hashlib
import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from . import models
from .models import BlockType, Member, Organisation, Photo, Report, ReportBlock
from .selectors import news

BODY_TEMPLATE = "news/includes/article_body.html"
# What the stored HTML is made from, besides the template above and what it includes.
TEMPLATES = (
    BODY_TEMPLATE,
    "news/includes/article_facts.html",
    "news/includes/targets_table.html",
    "news/includes/award_line.html",
)
MODULES = (
    "branchapp.article_html",
    "branchapp.models.reports",
    "branchapp.photofiles",
    "branchapp.selectors.documents",
    "branchapp.selectors.facts",
    "branchapp.selectors.figures",
    "branchapp.selectors.news",
    "branchapp.selectors.targets",
    "branchapp.templatetags.news",
    "branchapp.urls.news",  # the links to targets pages and documents
)


@functools.cache
def fingerprint() -> str:
    """A digest of the templates, code and compiled translations that render a body, and of
    the settings that change its links: whatever a deploy changes there makes it differ."""
    digest = hashlib.blake2b(digest_size=12)
    files = [Path(get_template(name).origin.name) for name in TEMPLATES]
    files += [Path(importlib.util.find_spec(module).origin) for module in MODULES]
    for path in settings.LOCALE_PATHS:
        files += sorted(Path(path).glob("*/LC_MESSAGES/django.mo"))
    for path in files:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    languages = [code for code, _name in settings.LANGUAGES]
    digest.update(repr((django.__version__, settings.MEDIA_URL, languages)).encode())
    return digest.hexdigest()


@dataclass
class ArticleBody:
    html: SafeString
    lead_photo: Photo | None  # the first photo of the body (og:image, the article's data)


def _photo_data(photo: Photo | None) -> dict | None:
    if photo is None:
        return None
    return {
        "id": photo.pk,
        "image": photo.image.name,
        "caption": photo.caption,
        "renditions": photo.renditions,
    }


def _photo(data: dict | None) -> Photo | None:
    """The lead photo as stored: enough of it for its caption and rendition URLs."""
    if data is None:
        return None
    return Photo(
        id=data["id"], image=data["image"], caption=data["caption"], renditions=data["renditions"]
    )


def render_body(report: Report, *, public: bool | None = None) -> ArticleBody:
    """The body of `report` rendered now, in the active language, from its rows.

    `public` renders the facts as a public article shows them (a published document's link)
    whatever the report's state; by default, as the report is now.
    """
    context = news.article_context(report, public=public)
    return ArticleBody(
        html=mark_safe(render_to_string(BODY_TEMPLATE, context)), lead_photo=context["lead_photo"]
    )


def _stored(report: Report, languages) -> dict:
    """`report`'s body rendered in `languages`, as the public sees it, ready to store."""
    html = {}
    lead_photo = None
    for language in languages:
        with translation.override(language):
            body = render_body(report, public=True)
        html[language] = str(body.html)
        lead_photo = body.lead_photo
    return {"fingerprint": fingerprint(), "html": html, "lead_photo": _photo_data(lead_photo)}


def article_body(report: Report) -> ArticleBody:
    """The body of an article, in the active language. A public one's is the stored HTML when
    it was made by the templates and code running now; else it is rendered now and stored
    (in this language only: the others are rendered by their first reader, or by the next
    refresh). A draft's or a scheduled report's (the staff's preview) is rendered now.
    `report` comes from `news.article_queryset`."""
    if not report.is_public:
        return render_body(report)
    language = translation.get_language()
    stored = report.body_html or {}
    if stored.get("fingerprint") != fingerprint():
        stored = {}
    html = stored.get("html", {}).get(language)
    if html is None:
        fresh = _stored(report, [language])
        stored = {**fresh, "html": {**stored.get("html", {}), **fresh["html"]}}
        Report.objects.filter(pk=report.pk).update(body_html=stored)
        report.body_html = stored
        html = stored["html"][language]
    return ArticleBody(html=mark_safe(html), lead_photo=_photo(stored.get("lead_photo")))


def page_context(report: Report) -> dict:
    """What the article page shows of the report itself: `report`, `body_html`, `lead_photo`,
    `organisation` and `meeting` (`news/report_detail.html`)."""
    body = article_body(report)
    return {
        "report": report,
        "body_html": body.html,
        "lead_photo": body.lead_photo,
        "organisation": report.meeting.organisation,
        "meeting": report.meeting,
    }


def refresh(report_ids) -> int:
    """Render and store the body of the reports `report_ids`; returns how many."""
    count = 0
    for report in news.article_queryset().defer(None).filter(pk__in=list(report_ids)):
        stored = _stored(report, [language for language, _name in settings.LANGUAGES])
        Report.objects.filter(pk=report.pk).update(body_html=stored)
        count += 1
    return count


# --- Refreshing when the rows change -------------------------------------------------------

_pending = threading.local()


def _flush() -> None:
    """Render the bodies waiting: the first callback of a commit does them all."""
    ids = getattr(_pending, "ids", set())
    _pending.ids = set()
    refresh(ids)


def _changed(report_ids) -> None:
    """Clear the stored body of `report_ids` now, and render it again after the commit."""
    report_ids = set(report_ids)
    if not report_ids:
        return
    # Cleared at each change, not only at the first of the transaction: a request may have
    # stored the body again in between (a request waiting on the row's lock, a test's single
    # transaction).
    Report.objects.filter(pk__in=report_ids).update(body_html={})
    # Left waiting by a transaction rolled back, a report is only rendered once more.
    _pending.ids = getattr(_pending, "ids", set()) | report_ids
    transaction.on_commit(_flush)  # at once outside a transaction


def _reports_of_meetings(meeting_ids) -> list[int]:
    meeting_ids = [pk for pk in meeting_ids if pk is not None]
    if not meeting_ids:
        return []
    return list(Report.objects.filter(meeting_id__in=meeting_ids).values_list("pk", flat=True))


def _reports_of_organisation(organisation_id) -> list[int]:
    """Reports whose body names the organisation: its meetings' (the facts), the targets
    tables of its targets, the tallies and figures announced about it."""
    shown = (
        Q(meeting__organisation_id=organisation_id)
        | Q(blocks__targets_organisation_id=organisation_id)
        | Q(meeting__rating_tallies__organisation_id=organisation_id)
        | Q(meeting__organisation_figures__organisation_id=organisation_id)
    )
    return list(Report.objects.filter(shown).values_list("pk", flat=True).distinct())


def _reports_of_targets(organisation_id) -> list[int]:
    """Reports with a targets block showing the organisation's targets."""
    blocks = ReportBlock.objects.filter(type=BlockType.TARGETS).filter(
        Q(targets_organisation_id=organisation_id)
        | Q(targets_organisation__isnull=True, report__meeting__organisation_id=organisation_id)
    )
    return list(blocks.values_list("report_id", flat=True).distinct())


def _reports_of_document(document) -> list[int]:
    """A document is listed by its meeting's facts, and is the decision of awards and
    admissions, maybe announced at other meetings."""
    meetings = {document.meeting_id}
    meetings |= set(
        models.Award.objects.filter(decision_id=document.pk).values_list("meeting_id", flat=True)
    )
    meetings |= set(
        models.MemberEvent.objects.filter(decision_id=document.pk).values_list(
            "meeting_id", flat=True
        )
    )
    return _reports_of_meetings(meetings)


# The report(s) a saved or deleted row of each model appears in.
WHERE_SHOWN = {
    "Report": lambda row: [row.pk],
    "ReportBlock": lambda row: [row.report_id],
    "Photo": lambda row: [row.report_id],
    "Meeting": lambda row: _reports_of_meetings([row.pk]),
    "MeetingPerson": lambda row: _reports_of_meetings([row.meeting_id]),
    "Award": lambda row: _reports_of_meetings([row.meeting_id]),
    "MemberEvent": lambda row: _reports_of_meetings([row.meeting_id]),
    "Election": lambda row: _reports_of_meetings([row.meeting_id]),
    "ElectedPerson": lambda row: _reports_of_meetings(
        models.Election.objects.filter(pk=row.election_id).values_list("meeting_id", flat=True)
    ),
    "RatingTally": lambda row: _reports_of_meetings([row.meeting_id]),
    "OrganisationFigures": lambda row: _reports_of_meetings([row.meeting_id]),
    "Target": lambda row: _reports_of_targets(row.organisation_id),
    "Document": _reports_of_document,
}


def _report_saving(sender, instance, raw=False, **kwargs):
    """A report saved whole writes no body from before (the copy it was read with): the
    refresh after the commit stores the new one."""
    if not raw:
        instance.body_html = {}


def _row_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return  # loaddata: `refresh_article_html` afterwards
    _changed(WHERE_SHOWN[sender.__name__](instance))


def _name_before(sender, instance, raw=False, **kwargs):
    """Remember whether the save renames a member or an organisation (or moves its address):
    only such a save changes the articles that name them."""
    instance._article_name_changed = False
    if raw or instance.pk is None:
        return
    fields = ("full_name",) if sender is Member else ("name", "slug")
    before = sender.objects.filter(pk=instance.pk).values_list(*fields).first()
    instance._article_name_changed = before is not None and before != tuple(
        getattr(instance, name) for name in fields
    )


def _member_renamed(sender, instance, **kwargs):
    if getattr(instance, "_article_name_changed", False):
        # The facts print the name of a member admitted or confirmed.
        _changed(
            _reports_of_meetings(
                models.MemberEvent.objects.filter(member_id=instance.pk).values_list(
                    "meeting_id", flat=True
                )
            )
        )


def _organisation_renamed(sender, instance, **kwargs):
    if getattr(instance, "_article_name_changed", False):
        _changed(_reports_of_organisation(instance.pk))


def connect_signals():
    pre_save.connect(_report_saving, sender=Report, dispatch_uid="article-html-report-saving")
    for name in WHERE_SHOWN:
        model = getattr(models, name)
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"article-html-save-{name}")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"article-html-delete-{name}")
    for model, renamed in ((Member, _member_renamed), (Organisation, _organisation_renamed)):
        uid = f"article-html-{model.__name__}"
        pre_save.connect(_name_before, sender=model, dispatch_uid=f"{uid}-before")
        post_save.connect(renamed, sender=model, dispatch_uid=f"{uid}-renamed")
