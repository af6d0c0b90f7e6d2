"""The domain model: frozen records and the immutable state; no I/O."""

from orgsim.model.expect import Expectation
from orgsim.model.findings import Change, ChangeKind, Finding, Level
from orgsim.model.people import People
from orgsim.model.records import (
    EARLIEST,
    LATEST,
    Appointment,
    Capacity,
    Delegation,
    Nomination,
    NominationOutcome,
    Organization,
    Person,
    Post,
    SuccessionOrder,
    Tenure,
    Vacancy,
    VacancyKind,
    VacancyReason,
    out_of_range,
)
from orgsim.model.state import (
    Calendar,
    DueIndex,
    Inauguration,
    PendingResignation,
    PostStatus,
    State,
    empty_map,
)

__all__ = [
    "EARLIEST",
    "LATEST",
    "Appointment",
    "Calendar",
    "Capacity",
    "Change",
    "ChangeKind",
    "Delegation",
    "DueIndex",
    "Expectation",
    "Finding",
    "Inauguration",
    "Level",
    "Nomination",
    "NominationOutcome",
    "Organization",
    "PendingResignation",
    "People",
    "Person",
    "Post",
    "PostStatus",
    "State",
    "SuccessionOrder",
    "Tenure",
    "Vacancy",
    "VacancyKind",
    "VacancyReason",
    "empty_map",
    "out_of_range",
]
