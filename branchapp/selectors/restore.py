"""What can be restored: deleted rows still held in django-simple-history's records.

Restoring them is the write side, in `services/restore.py`.
"""


def deleted_records(model, limit: int = 200) -> list:
    """The last deletion record of each deleted row of `model` that has not come back."""
    history = model.history.model
    live = model._default_manager.values("pk")
    records = (
        history.objects.filter(history_type="-")
        .exclude(id__in=live)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    seen, result = set(), []
    for record in records[: limit * 5]:
        if record.id in seen:
            continue
        seen.add(record.id)
        result.append(record)
        if len(result) >= limit:
            break
    return result
