"""Annual quality ratings, the writes: save a rating grid of members or of cells.

The grids, tallies and warnings are read by `selectors/ratings.py`. Breaking a rule never
blocks a save: the warnings are returned, and with a `reason` they are recorded in the `note`
of the ratings concerned. Targets bound to an indicator are refreshed after every save.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import MemberRating, OrganisationRating
from ..selectors.ratings import (
    RatingGrid,
    RatingWarning,
    member_warnings,
    organisation_warnings,
    resolve_entries,
)
from .targets import targets_refresh_for


def _note_for(warnings, key, reason: str) -> str | None:
    concerned = [str(w) for w in warnings if key in w.keys]
    if not concerned:
        return None
    return _("Saved despite the warning: %(warnings)s Reason: %(reason)s") % {
        "warnings": " ".join(concerned),
        "reason": reason,
    }


def _save_grid(grid: RatingGrid, entries: dict, warnings: list, new_rating, reason: str) -> None:
    """Write the grid's levels and points: create, update, or delete where the level is blank."""
    rows = {row.key: row for row in grid.rows}
    for key, (level, points) in entries.items():
        row = rows.get(key)
        if row is None:
            continue
        rating = row.rating
        if not level:
            if rating is not None:
                rating.delete()
                row.rating = None
            continue
        if rating is None:
            rating = new_rating(key)
        rating.level, rating.points = level, points
        note = _note_for(warnings, key, reason) if reason else None
        if note:
            rating.note = note
        rating.save()
        row.rating = rating
    targets_refresh_for(organisation=grid.organisation, year=grid.year)


@transaction.atomic
def member_ratings_save(
    *, grid: RatingGrid, entries: dict, reason: str = ""
) -> list[RatingWarning]:
    """Save the members' ratings {member id: (level, points)} of `grid` (rows not in the grid
    are ignored; a blank level deletes the rating). Returns the warnings, recorded with
    `reason` in the notes when one is given."""
    entries = resolve_entries(grid.rule_set, entries)
    warnings = member_warnings(grid, entries)
    _save_grid(
        grid,
        entries,
        warnings,
        lambda key: MemberRating(member_id=key, organisation=grid.organisation, year=grid.year),
        reason,
    )
    return warnings


@transaction.atomic
def organisation_ratings_save(
    *, grid: RatingGrid, entries: dict, reason: str = ""
) -> list[RatingWarning]:
    """Save the cells' ratings {organisation id: (level, points)} of `grid`, like
    `member_ratings_save`."""
    entries = resolve_entries(grid.rule_set, entries)
    warnings = organisation_warnings(grid, entries)
    _save_grid(
        grid,
        entries,
        warnings,
        lambda key: OrganisationRating(organisation_id=key, year=grid.year),
        reason,
    )
    return warnings
