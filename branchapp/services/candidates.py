"""Writing an organisation's list of candidates for admission."""

import datetime

from django.db import transaction

from ..models import Candidate

CANDIDATE_FIELDS = (
    "full_name",
    "birth_date",
    "job_title",
    "stage",
    "mentor",
    "listed_on",
    "course_date",
    "reviewed_on",
    "note",
)


def candidates_save(
    *, organisation, rows: list[dict], removed_ids=(), reviewed_on: datetime.date | None = None
) -> int:
    """Write the rows (with "id" for a candidate already listed) and remove `removed_ids`;
    `reviewed_on`: the day the cell reviewed the whole list (every waiting candidate).
    Returns the number of candidates written."""
    written = 0
    with transaction.atomic():
        Candidate.objects.filter(
            organisation=organisation, pk__in=list(removed_ids), admitted_member__isnull=True
        ).delete()
        existing = Candidate.objects.filter(organisation=organisation).in_bulk()
        for row in rows:
            candidate = existing.get(row.get("id")) or Candidate(organisation=organisation)
            values = {name: row[name] for name in CANDIDATE_FIELDS if name in row}
            if candidate.pk is None or any(
                getattr(candidate, name) != value for name, value in values.items()
            ):
                for name, value in values.items():
                    setattr(candidate, name, value)
                candidate.save()
                written += 1
        if reviewed_on is not None:
            for candidate in Candidate.objects.waiting().filter(organisation=organisation):
                if candidate.reviewed_on != reviewed_on:
                    candidate.reviewed_on = reviewed_on
                    candidate.save()
    return written
