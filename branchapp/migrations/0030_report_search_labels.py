"""Every report's search text gets the labels search now covers (issue 15): the meeting's
kinds as the site names them in Vietnamese, the section, the organisation's names.

`Report.build_search_document` writes them on every save from now on; this rebuilds the text
of the reports stored before, as it does (historical models: the model's methods are not
available here). About a minute per 10,000 reports (PostgreSQL regenerates the stored
search vector of each row): run it in a quiet hour; the site stays readable.
"""

from django.db import migrations
from django.utils import translation

BATCH = 1000


def build(report) -> str:
    from branchapp.models.meetings import MeetingKind
    from branchapp.text import fold

    parts = [report.headline, report.lead]
    for block in report.blocks.all():
        parts.append(block.text)
        parts.extend(block.items or [])
    for photo in report.photos.all():
        parts.append(photo.caption)
    meeting = report.meeting
    with translation.override("vi"):
        for tag in meeting.kinds.all():
            if tag.kind in MeetingKind.values:
                parts.append(str(MeetingKind(tag.kind).label))
    if report.category_id:
        parts.append(report.category.name)
    organisation = meeting.organisation
    names = [meeting.organisation_name, organisation.name, organisation.short_name]
    parts.extend(dict.fromkeys(name for name in names if name))
    return fold(" ".join(p for p in parts if p))


def forward(apps, schema_editor):
    from branchapp.models.reports import MAX_SEARCH_WORD, SEARCH_WORD

    report_model = apps.get_model("branchapp", "Report")
    word_model = apps.get_model("branchapp", "SearchWord")
    db = schema_editor.connection.alias
    ids = list(report_model.objects.using(db).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        reports = list(
            report_model.objects.using(db)
            .filter(pk__in=ids[start : start + BATCH])
            .select_related("category", "meeting__organisation")
            .prefetch_related("blocks", "photos", "meeting__kinds")
        )
        for report in reports:
            report.search_document = build(report)
        report_model.objects.using(db).bulk_update(reports, ["search_document"])
        words = {
            w
            for report in reports
            for w in SEARCH_WORD.findall(report.search_document)
            if w.isalpha() and len(w) <= MAX_SEARCH_WORD
        }
        word_model.objects.using(db).bulk_create(
            [word_model(word=w) for w in words], ignore_conflicts=True
        )


class Migration(migrations.Migration):
    dependencies = [("branchapp", "0029_readership_and_portal")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
