"""The year's statistics and target results as XLSX workbooks and DOCX tables.

Row labels are the models' choice labels and the statistics' own gettext labels
(`selectors.statistics.EVENT_LABELS`); headings shared with the statistics page use its
messages, the documents' own wording has the context "year-end document". All in the
document's language (`labels`).
"""

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx.enum.text import WD_ALIGN_PARAGRAPH

from ..models import Assessment, InspectionCase, MeetingKindTag, MemberCategory, RatingLevel, Target
from ..selectors.statistics import EVENT_LABELS
from ..selectors.targets import planned_label
from . import spreadsheets
from .docx import docx_bytes, new_document, para, table
from .labels import category_word, in_document_language, label


def _pct(value) -> str:
    return f"{number_format(value, decimal_pos=2)}%" if value is not None else "—"


def statistics_tables(stats) -> list[tuple[str, list[str], list[list]]]:
    """The year's figures as (title, headers, rows) tables, shared by XLSX and DOCX, in the
    active language (the file renderers below set the document's)."""
    categories = [(c, capfirst(category_word(c))) for c in MemberCategory.values]
    tables = [
        (
            _("Members"),
            [
                _("Kind"),
                pgettext("year-end document", "Start of the year (01/01)"),
                pgettext("year-end document", "End of the year (31/12)"),
            ],
            [
                [name, stats.members_start[c], stats.members_end[c]]
                for c, name in [*categories, ("total", _("Total"))]
            ],
        ),
        (
            _("Member events"),
            [_("Content"), _("Number of members")],
            [[str(EVENT_LABELS[k]), v] for k, v in stats.events.items()],
        ),
        (
            pgettext("year-end document", "Meetings"),
            [capfirst(str(MeetingKindTag._meta.verbose_name)), _("Held"), _("Due"), _("Rate")],
            [
                [
                    str(f.label),
                    f.held,
                    f.due if f.due is not None else "",
                    _pct(f.share) if f.due else "",
                ]
                for f in stats.meetings
            ],
        ),
        (
            pgettext("year-end document", "Attendance rate"),
            [
                pgettext("year-end document", "Organisation"),
                pgettext("year-end document", "Present (attendances)"),
                pgettext("year-end document", "Expected (attendances)"),
                _("Rate"),
            ],
            [
                [a.organisation.name, a.present, a.expected, _pct(a.rate)]
                for a in [*stats.attendance, stats.attendance_total]
            ],
        ),
        (
            _("Quality ratings"),
            [
                pgettext("year-end document", "Level"),
                _("Members"),
                pgettext("year-end document", "Cells"),
            ],
            [
                [
                    str(RatingLevel(lv).label),
                    stats.member_ratings.get(lv, 0),
                    stats.organisation_ratings.get(lv, 0),
                ]
                for lv in RatingLevel.values
            ]
            + [
                [
                    pgettext("year-end document", "Total rated"),
                    stats.member_ratings.get("rated", 0),
                    stats.organisation_ratings.get("rated", 0),
                ]
            ],
        ),
        (
            _("Targets"),
            [_("Result"), pgettext("year-end document", "Number of targets")],
            [[str(Assessment(k).label), v] for k, v in stats.target_tally.items()],
        ),
        (
            _("Awards"),
            [_("Form"), _("Number")],
            [[a["label"], a["count"]] for a in stats.awards],
        ),
        (
            _("Inspection and supervision"),
            [_("Kind"), _("Cases"), _("Subjects")],
            [
                [label(InspectionCase.Kind(k)), v["cases"], v["subjects"]]
                for k, v in stats.inspections.items()
            ],
        ),
    ]
    return tables


def statistics_caption(stats) -> str:
    heading = pgettext("year-end document", "Statistics for %(year)s") % {"year": stats.year}
    return f"{heading} – {stats.organisation.name}"


@in_document_language
def statistics_xlsx(stats) -> bytes:
    caption = statistics_caption(stats)
    return spreadsheets.workbook_bytes(
        [(title, headers, rows, caption) for title, headers, rows in statistics_tables(stats)]
    )


@in_document_language
def statistics_docx(stats) -> bytes:
    document = new_document()
    para(document, statistics_caption(stats).upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for title, headers, rows in statistics_tables(stats):
        para(document, title, bold=True)
        table(document, headers, rows)
        para(document)
    return docx_bytes(document)


def target_headers() -> list[str]:
    actual = Target._meta.get_field("actual_value").verbose_name
    return [
        pgettext("year-end document", "No."),
        _("Target"),
        _("Planned"),
        _("Result"),
        capfirst(str(actual)),
        _("Assessment"),
    ]


def target_rows(targets, term_targets=()):
    """The rows of the targets table: the year's targets, then each term's covering the year
    under a heading row (“Chỉ tiêu nhiệm kỳ 2025-2030”); planned values with their words
    (“trên 95%”, “xếp thứ 15”), as the public pages write them."""
    rows = []
    number = 0
    term = None
    for t in [*targets, *term_targets]:
        if not t.year and t.term != term:
            term = t.term
            rows.append(["", _("Targets for the term %(term)s") % {"term": term}, "", "", "", ""])
        number += 1
        actual = t.actual_value
        rows.append(
            [
                number,
                t.title,
                planned_label(t),
                t.actual_text,
                actual.normalize() if actual is not None else "",
                t.get_assessment_display(),
            ]
        )
    return rows


def _targets_heading(year) -> str:
    return pgettext("year-end document", "Target results for %(year)s") % {"year": year}


@in_document_language
def targets_xlsx(organisation, year, targets, term_targets=()) -> bytes:
    caption = f"{_targets_heading(year)} – {organisation.name}"
    title = pgettext("year-end document", "Targets %(year)s") % {"year": year}
    rows = target_rows(targets, term_targets)
    return spreadsheets.workbook_bytes([(title, target_headers(), rows, caption)])


@in_document_language
def targets_docx(organisation, year, targets, term_targets=()) -> bytes:
    document = new_document()
    para(
        document,
        _targets_heading(year).upper(),
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space=0,
    )
    para(document, organisation.name, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    table(document, target_headers(), target_rows(targets, term_targets))
    return docx_bytes(document)
