"""The domain model: typed SQLAlchemy 2.0 models, one module per area.

Rules that belong to the data are enforced by the database itself (unique,
check and foreign-key constraints), so that no code path, present or future,
can store a row that breaks them.  Timestamps are stored as UTC and read back
as timezone-aware datetimes on every database.

History is never deleted: modules, programs and vocabulary rows are archived,
users are deactivated, and foreign keys from historical rows RESTRICT deletion.

Everything is importable from ``tracker.models``.
"""

from tracker.models.accounts import (
    AccountToken,
    ApiToken,
    IdempotencyRecord,
    LoginSession,
    Role,
    SupervisorAssignment,
    TokenPurpose,
    User,
)
from tracker.models.base import ReviewStatus, UTCDateTime, in_values, utcnow
from tracker.models.catalogue import (
    Activity,
    CompletionSource,
    CompletionStatus,
    Domain,
    Exam,
    ExamResult,
    Module,
    ModuleCompletion,
    ModuleDomain,
    SessionAttendance,
    Setting,
    TrainingSession,
)
from tracker.models.certifications import (
    AuditEvent,
    Certification,
    CertificationRenewal,
    CertificationState,
)
from tracker.models.evidence import (
    Document,
    DocumentType,
    ExternalTraining,
    ExternalTrainingDomain,
    HourEntry,
    HourStatus,
    StoredFile,
    SupervisionFormat,
    SupervisionRecord,
)
from tracker.models.mail import MailOptOut, OutboxMessage, OutboxStatus
from tracker.models.programs import (
    Enrolment,
    EnrolmentProgress,
    EthicsAcknowledgement,
    EthicsCode,
    EthicsVersion,
    HourDayTotals,
    Program,
    ProgramProgress,
    ProgramRequirement,
    RenewalCycle,
    TraineeTotals,
)

__all__ = [
    "AccountToken",
    "Activity",
    "ApiToken",
    "AuditEvent",
    "Certification",
    "CertificationRenewal",
    "CertificationState",
    "CompletionSource",
    "CompletionStatus",
    "Document",
    "DocumentType",
    "Domain",
    "Enrolment",
    "EnrolmentProgress",
    "EthicsAcknowledgement",
    "EthicsCode",
    "EthicsVersion",
    "Exam",
    "ExamResult",
    "ExternalTraining",
    "ExternalTrainingDomain",
    "HourDayTotals",
    "HourEntry",
    "HourStatus",
    "IdempotencyRecord",
    "LoginSession",
    "MailOptOut",
    "Module",
    "ModuleCompletion",
    "ModuleDomain",
    "OutboxMessage",
    "OutboxStatus",
    "Program",
    "ProgramProgress",
    "ProgramRequirement",
    "RenewalCycle",
    "ReviewStatus",
    "Role",
    "SessionAttendance",
    "Setting",
    "StoredFile",
    "SupervisionFormat",
    "SupervisionRecord",
    "SupervisorAssignment",
    "TokenPurpose",
    "TraineeTotals",
    "TrainingSession",
    "UTCDateTime",
    "User",
    "in_values",
    "utcnow",
]
