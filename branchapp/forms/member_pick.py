"""Member pickers that fill a name and a title box: picking another member replaces what the
earlier member had put there (static/js/workspace.js does the same on the page)."""


def _previous(form, field: str, name_field: str, title_field: str | None):
    """The member, name and title the row had before this post: saved, or offered as a start."""
    if form.instance.pk is not None:
        instance = form.instance
        return (
            getattr(instance, f"{field}_id"),
            getattr(instance, name_field) or "",
            getattr(instance, title_field) if title_field else "",
        )
    member = form.initial.get(field)
    member = getattr(member, "pk", member)
    return (
        member,
        form.initial.get(name_field) or "",
        form.initial.get(title_field) or "" if title_field else "",
    )


def replace_picked_person(form, data: dict, field: str, name_field: str, title_field: str | None):
    """When the posted member differs from the row's earlier one, a name or title still showing
    the earlier member's (or left empty) becomes the new member's; a name typed by hand stays.
    Clearing the pick leaves what was typed."""
    member = data.get(field)
    if member is None or data.get("DELETE"):
        return
    titles = getattr(form, "titles", {}) or {}
    old_member, old_name, old_title = _previous(form, field, name_field, title_field)
    changed = old_member is not None and str(old_member) != str(member.pk)
    name = (data.get(name_field) or "").strip()
    if not name or (changed and name == old_name.strip()):
        data[name_field] = member.full_name
    if title_field:
        title = (data.get(title_field) or "").strip()
        if not title or (changed and title == (old_title or "").strip()):
            data[title_field] = titles.get(member.pk, "")
