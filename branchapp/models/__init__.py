"""The domain model of Sổ Chi bộ, one module per part of the domain."""

from .accounts import User
from .awards import Award
from .elections import ElectedPerson, Election
from .inspections import DisciplineAction, InspectionCase
from .meetings import (
    ATTENDANCE_COUNTS,
    MINUTES_FIELDS,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Document,
    Meeting,
    MeetingKind,
    MeetingKindTag,
    MeetingMode,
    MeetingPerson,
    MeetingRating,
    MinutesAddendum,
    Opinion,
    ParticipantRole,
    PartOfDay,
)
from .members import (
    Member,
    MemberCategory,
    MemberEvent,
    MemberEventType,
    MemberStatus,
    Position,
    PositionTitle,
    Sex,
)
from .organisations import Organisation, OrganisationKind, OrganisationName
from .ratings import MemberRating, OrganisationRating, RatingLevel, RatingRuleSet, RatingTally
from .reports import (
    BlockType,
    Category,
    Photo,
    Report,
    ReportBlock,
    ReportStatus,
    SearchWord,
)
from .targets import Assessment, Comparison, Indicator, Target, ValueKind, assess

__all__ = [
    "ATTENDANCE_COUNTS", "MINUTES_FIELDS",
    "AgendaItem", "Assessment", "Attendance", "AttendanceStatus", "Award", "BlockType",
    "Category", "Comparison", "DisciplineAction", "Document", "ElectedPerson", "Election",
    "Indicator", "InspectionCase", "Meeting", "MeetingKind", "MeetingKindTag", "MeetingMode", "MeetingPerson",
    "MeetingRating", "Member", "MemberCategory", "MemberEvent", "MemberEventType", "MemberRating",
    "MemberStatus", "MinutesAddendum", "Opinion", "Organisation", "OrganisationKind",
    "OrganisationName", "OrganisationRating", "ParticipantRole", "PartOfDay", "Photo", "Position",
    "PositionTitle", "RatingLevel", "RatingRuleSet", "RatingTally", "Report", "ReportBlock", "ReportStatus", "SearchWord", "Sex",
    "Target", "User", "ValueKind", "assess",
]
