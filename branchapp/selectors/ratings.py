"""Annual quality ratings, the reads: rule set of a year, grids, tallies and warnings.

The writes are in `services/ratings.py`. Ratings follow the rules in force for the year (kept
as `RatingRuleSet` rows).

The rule set applying to a year is the one in force on the rating date, 31 December of that
year; administrators add new rule sets in the admin, without code.

Breaking a cap or a condition never blocks: it produces a `RatingWarning` naming the rule and
the numbers, and the ratings can still be saved with a reason, which is recorded in the `note`
of the ratings concerned.

Where each cap applies. The members' cap is counted in each grassroots organisation (the
committee whose cells hold the members, or a grassroots cell): a cell's grid is counted with
the saved ratings of the rest of its grassroots organisation. The organisations' cap is applied
by the competent committee to the grassroots organisations it rates, never to the cells of one
grassroots organisation (the sample's "1 cell excellent, 3 good" raises no warning).

The 2019 cap. 21-HD/BTCTW says members rated excellent must not exceed "20% of those rated
good" (HTTNV). Read literally (20% of the members rated *good only*), the sample article's own
result, "100% good or above, of which 20% excellent" (4 excellent, 16 good), would break it
(4 > 3.2). Excellent members are chosen from among those rated good or above, so the cap is
applied to that pool: excellent <= 20% x (excellent + good). The same reading is used for
every rule set's `excellent_cap_percent_of_good`.
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ..models import (
    Assessment,
    Member,
    MemberCategory,
    MemberRating,
    Organisation,
    OrganisationKind,
    OrganisationRating,
    RatingLevel,
    RatingRuleSet,
    Target,
)
from .indicators import rated_organisations
from .statistics import category_at

LEVEL_ORDER = {
    RatingLevel.NOT_COMPLETED: 0,
    RatingLevel.COMPLETED: 1,
    RatingLevel.GOOD: 2,
    RatingLevel.EXCELLENT: 3,
}


def rating_date(year: int) -> datetime.date:
    """Ratings of a year are made as of 31 December of that year."""
    return datetime.date(year, 12, 31)


def rule_set_for(year: int) -> RatingRuleSet | None:
    """The rule set in force on the rating date of `year` (the latest one if several overlap)."""
    day = rating_date(year)
    return (
        RatingRuleSet.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from", "-id")
        .first()
    )


def level_for_points(rule_set: RatingRuleSet | None, points) -> str | None:
    """The level the points give under a 100-point rule set (None when it has no bands)."""
    if points is None or rule_set is None or not rule_set.uses_points:
        return None
    points = Decimal(points)
    bands = [
        (rule_set.excellent_min_points, RatingLevel.EXCELLENT),
        (rule_set.good_min_points, RatingLevel.GOOD),
        (rule_set.completed_min_points, RatingLevel.COMPLETED),
    ]
    for minimum, level in bands:
        if minimum is not None and points >= minimum:
            return level
    return RatingLevel.NOT_COMPLETED


def tally(levels) -> dict[str, int]:
    """Counts by level of an iterable of levels (empty ones ignored), with "rated" and the pool."""
    counts = dict.fromkeys(RatingLevel.values, 0)
    for level in levels:
        if level:
            counts[level] += 1
    counts["rated"] = sum(counts[level] for level in RatingLevel.values)
    counts["good_or_above"] = counts[RatingLevel.EXCELLENT] + counts[RatingLevel.GOOD]
    return counts


@dataclass
class RatingWarning:
    """A rule the proposed ratings break: the rule's name, what is wrong, and who is concerned."""

    rule: str
    message: str
    keys: list[int] = field(default_factory=list)

    def __str__(self):
        return f"{self.rule}: {self.message}"


def cap_percent(rule_set: RatingRuleSet | None) -> str | None:
    """The cap's percentage as written ("20"), or None when the rule set has no cap."""
    if rule_set is None or rule_set.excellent_cap_percent_of_good is None:
        return None
    return f"{rule_set.excellent_cap_percent_of_good.normalize():f}"


def cap_allowed(percent, pool: int) -> int:
    """How many may be rated excellent in a pool of `pool` rated good or excellent."""
    return math.floor(Decimal(pool) * Decimal(percent) / 100)


def cap_warning(rule_set: RatingRuleSet | None, counts: dict, keys, *, who: str, where: str):
    """The excellent cap over one pool (see the module docstring for how it is read).

    `who` names what is counted ("members", "grassroots organisations"), `where` the
    organisation the pool is counted in."""
    percent = cap_percent(rule_set)
    if percent is None:
        return None
    pool = counts["good_or_above"]
    allowed = cap_allowed(percent, pool)
    excellent = counts[RatingLevel.EXCELLENT]
    if excellent <= allowed:
        return None
    return RatingWarning(
        rule_set.name,
        _(
            "In %(where)s, %(excellent)s %(who)s are rated excellent out of %(pool)s rated good "
            "or excellent. The rule allows at most %(percent)s%% of those %(pool)s, that is "
            "%(allowed)s. Rate at most %(allowed)s as excellent, or save with a reason."
        )
        % {
            "where": where,
            "excellent": excellent,
            "who": who,
            "percent": percent,
            "pool": pool,
            "allowed": allowed,
        },
        list(keys),
    )


def _has_committee_children(organisation: Organisation) -> bool:
    return organisation.children.filter(kind=OrganisationKind.COMMITTEE).exists()


def grassroots_of(organisation: Organisation) -> Organisation:
    """The grassroots organisation `organisation` belongs to: a group's or cell's committee when
    that committee has only cells under it; a cell directly under an upper committee is itself
    grassroots; a committee is taken as its own."""
    node = organisation
    if node.kind == OrganisationKind.GROUP and node.parent_id:
        node = node.parent
    if node.kind == OrganisationKind.BRANCH and node.parent_id:
        parent = node.parent
        if parent.kind == OrganisationKind.COMMITTEE and not _has_committee_children(parent):
            node = parent
    return node


def is_grassroots(organisation: Organisation) -> bool:
    return grassroots_of(organisation).pk == organisation.pk


def cap_statement(rule_set: RatingRuleSet | None, *, organisations: bool = False) -> str:
    """The one plain statement of the cap that the page applies ("" without a cap)."""
    percent = cap_percent(rule_set)
    if percent is None:
        return ""
    if organisations:
        return _(
            "Organisations rated excellent: at most %(percent)s%% of the grassroots "
            "organisations rated good or excellent. The competent committee applies this to "
            "the grassroots organisations it rates, not to the cells of one grassroots "
            "organisation."
        ) % {"percent": percent}
    return _(
        "Members rated excellent: at most %(percent)s%% of the members rated good or "
        "excellent, counted in each grassroots organisation."
    ) % {"percent": percent}


def points_warnings(rule_set, entries: dict, names: dict) -> list[RatingWarning]:
    """Under a points scheme: a level above what the points give, or points missing."""
    if rule_set is None or not rule_set.uses_points:
        return []
    warnings, missing = [], []
    for key, (level, points) in entries.items():
        if not level:
            continue
        if points is None:
            missing.append(key)
            continue
        by_points = level_for_points(rule_set, points)
        if LEVEL_ORDER[level] > LEVEL_ORDER[by_points]:
            warnings.append(
                RatingWarning(
                    rule_set.name,
                    _("%(name)s: %(points)s points give “%(by_points)s”, rated “%(level)s”.")
                    % {
                        "name": names[key],
                        "points": f"{Decimal(points).normalize():f}",
                        "by_points": RatingLevel(by_points).label,
                        "level": RatingLevel(level).label,
                    },
                    [key],
                )
            )
    if missing:
        warnings.append(
            RatingWarning(
                rule_set.name,
                _("%(n)s rated without points, although this rule set uses a 100-point scale.")
                % {"n": len(missing)},
                missing,
            )
        )
    return warnings


def resolve_entries(rule_set, entries: dict) -> dict:
    """Fill in the level from the points where only points were given."""
    resolved = {}
    for key, (level, points) in entries.items():
        if not level and points is not None:
            level = level_for_points(rule_set, points) or ""
        resolved[key] = (level, points)
    return resolved


# Members ------------------------------------------------------------------------------------

SECTION_ORDER = ("full", "probationary", "exempt", "other")


@dataclass
class GridRow:
    key: int
    label: str
    detail: str
    section: str
    rating: object | None = None

    @property
    def level(self) -> str:
        return self.rating.level if self.rating else ""

    @property
    def points(self):
        return self.rating.points if self.rating else None


@dataclass
class RatingGrid:
    organisation: Organisation
    year: int
    rule_set: RatingRuleSet | None
    rows: list[GridRow]

    def section(self, name: str) -> list[GridRow]:
        return [row for row in self.rows if row.section == name]

    @property
    def sections(self) -> list[tuple[str, list[GridRow]]]:
        return [(name, self.section(name)) for name in SECTION_ORDER if self.section(name)]

    @property
    def counts(self) -> dict[str, int]:
        counts = tally(row.level for row in self.rows)
        counts["to_rate"] = sum(1 for row in self.rows if row.section in ("full", "probationary"))
        counts["not_rated"] = sum(
            1 for row in self.rows if row.section in ("full", "probationary") and not row.level
        )
        return counts


def member_grid(organisation: Organisation, year: int) -> RatingGrid:
    """Every member to be rated in the subtree for `year`, by category on 31 December.

    Full members are rated; probationary members are rated but listed apart; members exempt
    from meetings are listed apart (the rules excuse them from rating). Temporarily attached
    members are rated where they belong and are left out. Members rated that year who have
    since left are shown last so their ratings stay visible.
    """
    day = rating_date(year)
    ratings = {
        r.member_id: r
        for r in MemberRating.objects.filter(year=year).filter(
            # Ratings made here, and those of its members made by the committee above.
            Q(organisation__path__startswith=organisation.path)
            | Q(member__organisation__path__startswith=organisation.path)
        )
    }
    members = (
        Member.objects.filter(
            Q(organisation__path__startswith=organisation.path) | Q(pk__in=list(ratings))
        )
        .select_related("organisation")
        .prefetch_related("events")
    )
    rows = []
    for member in members:
        category = category_at(member, day)
        rating = ratings.get(member.pk)
        if category in (MemberCategory.FULL, MemberCategory.PROBATIONARY, MemberCategory.EXEMPT):
            section = category
        elif rating is not None:
            section = "other"
        else:
            continue
        rows.append(GridRow(member.pk, member.full_name, member.organisation.name, section, rating))
    return RatingGrid(organisation, year, rule_set_for(year), rows)


def _grassroots_by_id(organisations) -> dict[int, Organisation]:
    """{organisation id: its grassroots organisation} for the given organisations."""
    return {org.pk: grassroots_of(org) for org in organisations}


def member_warnings(grid: RatingGrid, entries: dict) -> list[RatingWarning]:
    """What the proposed member ratings {member id: (level, points)} break.

    The cap is counted in each grassroots organisation the grid's members belong to, with the
    saved ratings of that organisation's members outside the grid."""
    entries = resolve_entries(grid.rule_set, entries)
    warnings = []
    if cap_percent(grid.rule_set) is not None:
        members = Member.objects.filter(pk__in=list(entries)).select_related("organisation__parent")
        owners = _grassroots_by_id({m.organisation for m in members})
        pools: dict[int, tuple[Organisation, dict]] = {}
        for member in members:
            grassroots = owners[member.organisation_id]
            pools.setdefault(grassroots.pk, (grassroots, {}))[1][member.pk] = entries[member.pk][0]
        for grassroots, levels in pools.values():
            saved = MemberRating.objects.filter(
                year=grid.year, member__organisation__path__startswith=grassroots.path
            ).exclude(member_id__in=list(entries))
            all_levels = list(levels.values()) + [r.level for r in saved]
            excellent = [k for k, level in levels.items() if level == RatingLevel.EXCELLENT]
            cap = cap_warning(
                grid.rule_set, tally(all_levels), excellent, who=_("members"), where=grassroots.name
            )
            if cap:
                warnings.append(cap)
    names = {row.key: row.label for row in grid.rows}
    warnings += points_warnings(grid.rule_set, entries, names)
    return warnings


# Organisations ------------------------------------------------------------------------------


def organisation_grid(organisation: Organisation, year: int) -> RatingGrid:
    """The cells (and sub-committees) under `organisation` to be rated for `year`."""
    day = rating_date(year)
    ratings = {
        r.organisation_id: r
        for r in OrganisationRating.objects.filter(
            year=year, organisation__in=rated_organisations(organisation)
        )
    }
    rows = []
    for org in rated_organisations(organisation).select_related("parent"):
        existed = (org.valid_from is None or org.valid_from <= day) and (
            org.valid_to is None or org.valid_to >= datetime.date(year, 1, 1)
        )
        if not existed and org.pk not in ratings:
            continue
        detail = org.get_kind_display()
        rows.append(GridRow(org.pk, org.name, str(detail), "full", ratings.get(org.pk)))
    return RatingGrid(organisation, year, rule_set_for(year), rows)


def exceeded_shares(org_ids, year: int) -> dict[int, tuple[int, int]]:
    """{organisation id: (targets exceeded, targets of the year)}."""
    result = {}
    rows = (
        Target.objects.filter(organisation_id__in=org_ids, year=year)
        .order_by()
        .values("organisation_id")
        .annotate(total=Count("id"), exceeded=Count("id", filter=Q(assessment=Assessment.EXCEEDED)))
    )
    for row in rows:
        result[row["organisation_id"]] = (row["exceeded"], row["total"])
    return result


def capped_rows(grid: RatingGrid) -> list[int]:
    """The rows of an organisations' grid the cap counts: the grassroots organisations."""
    if cap_percent(grid.rule_set) is None:
        return []
    rows = Organisation.objects.filter(pk__in=[row.key for row in grid.rows]).select_related(
        "parent"
    )
    return [org.pk for org in rows if is_grassroots(org)]


def organisation_warnings(grid: RatingGrid, entries: dict) -> list[RatingWarning]:
    entries = resolve_entries(grid.rule_set, entries)
    rule_set = grid.rule_set
    excellent = [key for key, (level, _p) in entries.items() if level == RatingLevel.EXCELLENT]
    warnings = []
    # The cap counts only the grassroots organisations this committee rates.
    grassroots = set(capped_rows(grid)) & set(entries)
    counts = tally(entries[key][0] for key in grassroots)
    cap = cap_warning(
        rule_set,
        counts,
        [key for key in excellent if key in grassroots],
        who=_("grassroots organisations"),
        where=grid.organisation.name,
    )
    if cap:
        warnings.append(cap)
    names = {row.key: row.label for row in grid.rows}
    warnings += points_warnings(rule_set, entries, names)
    minimum = rule_set.collective_excellent_min_exceeded_share if rule_set else None
    if minimum is not None and excellent:
        shares = exceeded_shares(excellent, grid.year)
        for key in excellent:
            exceeded, total = shares.get(key, (0, 0))
            if total and Decimal(exceeded) * 100 >= minimum * total:
                continue
            warnings.append(
                RatingWarning(
                    rule_set.name,
                    _(
                        "%(name)s rated excellent, but %(exceeded)s of its %(total)s targets of "
                        "%(year)s were exceeded; at least %(percent)s%% are required."
                    )
                    % {
                        "name": names[key],
                        "exceeded": exceeded,
                        "total": total,
                        "year": grid.year,
                        "percent": f"{minimum.normalize():f}",
                    },
                    [key],
                )
            )
    return warnings
