"""Demo data for ``flask seed-demo``: a program to click through, people at every stage.

Two programs ("Peer Support Specialist" and "Support Group Facilitator"), a
module catalogue with continuing-education modules, two versions of a code of
ethics, two coordinators and a dozen trainees: new, half-way, eligible,
certified, expiring soon, in the grace period, lapsed, revoked, renewed, and
one certified by a written override.  Hours (pending, approved, rejected) are
spread over the past year.

Everything is built as of ``today`` from a seeded random generator, so two
runs on the same day give the same data.  Certifications go through
:mod:`tracker.services.certifications` exactly as a coordinator's would, with
``today`` set to the day of issue, and :func:`certifications.expire_due` then
moves their states to what today's date says.

Running it again finds the demo coordinator and changes nothing.
"""

from __future__ import annotations

import hashlib
import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, select

from tracker.extensions import db
from tracker.models import (
    Activity,
    CompletionSource,
    CompletionStatus,
    Document,
    DocumentType,
    Domain,
    Enrolment,
    EthicsAcknowledgement,
    EthicsCode,
    EthicsVersion,
    Exam,
    ExamResult,
    ExternalTraining,
    ExternalTrainingDomain,
    HourEntry,
    HourStatus,
    Module,
    ModuleCompletion,
    ModuleDomain,
    OutboxMessage,
    Program,
    ProgramRequirement,
    ReviewStatus,
    SessionAttendance,
    Setting,
    StoredFile,
    SupervisionFormat,
    SupervisionRecord,
    TokenPurpose,
    TrainingSession,
    User,
)
from tracker.services import accounts, certifications, supervisors, vocabulary
from tracker.services.dates import add_months, local_today

SEED = 20240611

# Activity codes (rows of the activities vocabulary).
SUPPORT_GROUP = "support_group"
ONE_ON_ONE = "one_on_one"
ONLINE_COMMUNITY = "online_community"
OUTREACH = "outreach"
TRAINING = "training"
OTHER = "other"
COORDINATOR_EMAIL = "coordinator@example.org"
TRAINEE_EMAIL = "trainee@example.org"
SUPERVISOR_EMAIL = "mentor@example.org"


@dataclass(frozen=True)
class Login:
    email: str
    role: str
    name: str
    stage: str
    has_password: bool = True
    active: bool = True

    @property
    def can_log_in(self) -> bool:
        return self.has_password and self.active


@dataclass
class SeedResult:
    created: bool
    logins: list[Login]
    password: str | None
    password_generated: bool
    counts: dict[str, int] = field(default_factory=dict)


# --- the catalogue ---------------------------------------------------------------------

# code, title, category, contact hours, pass mark, description
PSS_MODULES = [
    (
        "PSS-101",
        "Foundations of peer support",
        "recovery",
        4,
        None,
        "What peer support is and is not; the history of the peer movement; mutuality.",
    ),
    (
        "PSS-102",
        "Recovery-oriented language and hope",
        "recovery",
        4,
        None,
        "Person-first language, strengths-based conversations, holding hope for others.",
    ),
    (
        "PSS-103",
        "Active listening and sharing your story",
        "communication",
        5,
        None,
        "Reflective listening, open questions, and purposeful, safe self-disclosure.",
    ),
    (
        "PSS-104",
        "Ethics I: confidentiality and its limits",
        "ethics",
        3,
        None,
        "What stays private, what must be shared, and how to explain the difference.",
    ),
    (
        "PSS-105",
        "Ethics II: boundaries and dual relationships",
        "ethics",
        3,
        None,
        "Friendship, money, gifts and social media: keeping the relationship safe.",
    ),
    (
        "PSS-106",
        "Crisis response and safety planning",
        "crisis",
        5,
        None,
        "Recognising a crisis, staying with someone, warm hand-offs, safety plans.",
    ),
    (
        "PSS-107",
        "Cultural humility and trauma-informed practice",
        "cultural_humility",
        5,
        None,
        "Power, privilege and identity; the principles of trauma-informed support.",
    ),
    (
        "PSS-108",
        "Self-care and avoiding burnout",
        "self_care",
        3,
        None,
        "Noticing your own warning signs, wellness plans, using supervision well.",
    ),
    (
        "PSS-109",
        "Documentation, privacy and working in teams",
        "other",
        4,
        None,
        "Writing notes without identifying details, and working alongside clinicians.",
    ),
    (
        "PSS-110",
        "Review and certification exam",
        "other",
        4,
        70,
        "A review day followed by a written exam; the pass mark is 70.",
    ),
]

SGF_MODULES = [
    (
        "SGF-201",
        "Group facilitation basics",
        "group_facilitation",
        4,
        None,
        "Opening and closing a group, group agreements, sharing the airtime.",
    ),
    (
        "SGF-202",
        "Holding a safe group space",
        "group_facilitation",
        3,
        None,
        "Inclusion, triggers, and what to do when someone is distressed in a group.",
    ),
    (
        "SGF-203",
        "Conflict and crisis in groups",
        "crisis",
        3,
        None,
        "De-escalation, stepping out with one member, and debriefing afterwards.",
    ),
    (
        "SGF-204",
        "Facilitating online groups",
        "group_facilitation",
        2,
        None,
        "Video and text groups: privacy settings, moderation and dropping connections.",
    ),
]

CE_MODULES = [
    (
        "CE-301",
        "Ethics refresher: social media and peer work",
        "ethics",
        2,
        None,
        "Friend requests, online disclosure and representing the organisation online.",
    ),
    (
        "CE-302",
        "Ethics refresher: mandatory reporting update",
        "ethics",
        1.5,
        None,
        "This year's changes to reporting duties, with worked examples.",
    ),
    (
        "CE-303",
        "Supporting people through grief",
        "recovery",
        3,
        None,
        "Loss, anniversaries and complicated grief in peer conversations.",
    ),
    (
        "CE-304",
        "Harm reduction basics",
        "recovery",
        3,
        None,
        "Meeting people where they are; overdose awareness and naloxone.",
    ),
    (
        "CE-305",
        "Suicide prevention gatekeeper training",
        "crisis",
        4,
        None,
        "Asking directly about suicide, persuading someone to get help, referring.",
    ),
    (
        "CE-306",
        "Peer support and employment",
        "recovery",
        3,
        None,
        "Supporting someone back to work: disclosure at work, benefits, reasonable adjustments.",
    ),
    (
        "CE-307",
        "Working alongside families and carers",
        "communication",
        3,
        None,
        "Involving family with consent, and holding the person's own choices at the centre.",
    ),
    (
        "CE-308",
        "Digital peer support",
        "communication",
        2,
        None,
        "Text, chat and forums: pacing, tone, and moving to voice when it matters.",
    ),
]

ARCHIVED_MODULE = (
    "PSS-099",
    "Orientation (old format)",
    "other",
    2,
    None,
    "Replaced by PSS-101 in the current curriculum; kept for the records of those who took it.",
)

ETHICS_V1 = """\
1. Confidentiality
What a person shares with you stays between you and the program team. You do not repeat \
it to friends, family or other members, in person or online. Notes you write hold no names \
or details that would identify the people you support.

2. The limits of confidentiality
Explain at the start that confidentiality has limits: if someone is at serious risk of \
harming themselves or another person, or a child or vulnerable adult is at risk, you must \
tell your supervisor the same day.

3. Boundaries
You are a peer, not a friend, a therapist or a lender. You do not lend or borrow money, \
accept gifts of more than token value, or meet people you support outside the program's \
activities.

4. Dual relationships
If you already know someone in another role (a relative, a neighbour, a colleague, a \
landlord), tell your supervisor before you support them, so that another peer can be offered.

5. Self-disclosure
Share your own story only when it helps the other person, briefly and with purpose. You \
never disclose details you would regret, and you always bring the conversation back to them.

6. Respect and non-discrimination
You support everyone with dignity, whatever their background, identity, beliefs or \
diagnosis, and you respect each person's right to make their own choices about recovery.
"""

ETHICS_V2 = (
    ETHICS_V1.replace(
        "2. The limits of confidentiality\n",
        "2. The limits of confidentiality and mandatory reporting\n",
    )
    + """
7. Social media and online contact
You do not send or accept friend requests from people you support, and you never discuss \
anyone you support online, even without names. Online groups are run from the program's \
accounts only.

8. Mandatory reporting
You know the reporting duties that apply where you work. When you must report, you tell the \
person what you will share and why, where it is safe to do so, and you record only the facts.

9. Your own wellbeing
You use supervision, and you step back from peer work when your own health needs it. Asking \
for help is part of the job, not a failure at it.
"""
)

SUPERVISORS = ["Jordan Blake, CPS", "Dr. Lena Ortiz", "Sam Whitfield, LCSW"]

NOTES = {
    SUPPORT_GROUP: [
        "Co-facilitated the Tuesday evening recovery group.",
        "Led the opening round and the group agreement.",
        "Supported the Saturday wellness group.",
    ],
    ONE_ON_ONE: [
        "Peer support sessions at the drop-in centre.",
        "Warmline shift.",
        "Follow-up calls after hospital discharge (no names recorded).",
    ],
    ONLINE_COMMUNITY: [
        "Moderated the online peer forum.",
        "Evening shift on the peer chat service.",
    ],
    OUTREACH: [
        "Outreach table at the community health fair.",
        "Talk about peer support at the library.",
    ],
    TRAINING: [
        "Shadowed a certified peer specialist at the clinic.",
        "Observed an experienced facilitator's group.",
    ],
    OTHER: ["Helped prepare the newsletter on recovery stories."],
}

SETTINGS_BY_ACTIVITY = {
    SUPPORT_GROUP: [Setting.IN_PERSON, Setting.IN_PERSON, Setting.ONLINE],
    ONE_ON_ONE: [Setting.IN_PERSON, Setting.PHONE],
    ONLINE_COMMUNITY: [Setting.ONLINE],
    OUTREACH: [Setting.IN_PERSON],
    TRAINING: [Setting.IN_PERSON],
    OTHER: [Setting.IN_PERSON, Setting.ONLINE],
}

MIXED_ACTIVITIES = (
    SUPPORT_GROUP,
    SUPPORT_GROUP,
    ONE_ON_ONE,
    ONE_ON_ONE,
    ONLINE_COMMUNITY,
    OUTREACH,
    TRAINING,
)

REJECTION_REASONS = [
    "Duplicate of another entry for the same shift.",
    "Training time is recorded as module completions, not practice hours.",
    "The supervisor has no record of this session; please check the date.",
]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _hours(value: float) -> int:
    return round(value * 60)


class _Builder:
    """Holds the seed's state while the data is built (one instance per run)."""

    def __init__(self, today: date, password: str) -> None:
        self.today = today
        self.password = password
        # Demo data only: reproducible, and never used for anything secret.
        self.rng = random.Random(SEED)  # noqa: S311
        self.modules: dict[str, Module] = {}
        self.programs: dict[str, Program] = {}
        self.logins: list[Login] = []
        self.lead: User
        self.second: User
        self.v1: EthicsVersion
        self.v2: EthicsVersion

    def ago(self, days: int = 0, months: int = 0) -> date:
        return add_months(self.today, -months) - timedelta(days=days)

    # --- people ----------------------------------------------------------------------

    def person(self, email: str, *, actor: User | None = None) -> User:
        login = PEOPLE_BY_EMAIL[email]
        user = accounts.create_user(
            email,
            login.name,
            login.role,
            password=self.password if login.has_password else None,
            actor=actor,
        )
        self.logins.append(login)
        return user

    # --- catalogue --------------------------------------------------------------------

    def catalogue(self) -> None:
        vocabulary.ensure_defaults()
        domains = {d.code: d for d in db.session.scalars(select(Domain))}
        for code, title, domain, hours, pass_mark, description in (
            PSS_MODULES + SGF_MODULES + CE_MODULES + [ARCHIVED_MODULE]
        ):
            module = Module(
                code=code,
                title=title,
                contact_minutes=_hours(hours),
                pass_mark=pass_mark,
                description=description,
            )
            module.domain_hours = [
                ModuleDomain(domain_id=domains[domain].id, minutes=_hours(hours))
            ]
            db.session.add(module)
            self.modules[code] = module
        self.modules[ARCHIVED_MODULE[0]].archived_at = _at(self.ago(months=30))
        db.session.flush()
        self.ethics_code = vocabulary.default_ethics_code()

        pss = Program(
            code="PSS",
            name="Peer Support Specialist",
            description=(
                "The core credential for peer supporters working one-on-one and in groups: "
                "40 hours of training, supervised practice, an exam and the code of ethics."
            ),
            validity_months=24,
            renewal_window_days=60,
            renewal_buckets=[
                {"label": "Ethics", "minutes": _hours(3), "domain_ids": [domains["ethics"].id]},
                {"label": "Any domain", "minutes": _hours(17), "domain_ids": []},
            ],
            grace_days=60,
        )
        pss.requirements = [
            ProgramRequirement(
                position=0,
                key="modules",
                kind="modules",
                settings={"module_ids": [self.modules[m[0]].id for m in PSS_MODULES]},
            ),
            ProgramRequirement(
                position=1,
                key="hours",
                kind="experience_hours",
                label="100 approved volunteer hours",
                settings={"minutes": _hours(100)},
            ),
            ProgramRequirement(
                position=2,
                key="supervised-hours",
                kind="experience_hours",
                label="25 supervised hours within the last 24 months",
                window_months=24,
                settings={"minutes": _hours(25), "supervised": True},
            ),
            ProgramRequirement(
                position=3,
                key="ethics",
                kind="ethics",
                settings={"ethics_code_id": self.ethics_code.id},
            ),
        ]
        sgf = Program(
            code="SGF",
            name="Support Group Facilitator",
            description=(
                "For peers who run support groups, in person or online. Builds on the ethics "
                "module of the specialist program."
            ),
            validity_months=24,
            renewal_window_days=45,
            renewal_buckets=[
                {
                    "label": "Group facilitation",
                    "minutes": _hours(2),
                    "domain_ids": [domains["group_facilitation"].id],
                },
                {"label": "Any domain", "minutes": _hours(6), "domain_ids": []},
            ],
            grace_days=30,
        )
        support_group = db.session.scalar(select(Activity).where(Activity.code == SUPPORT_GROUP))
        assert support_group is not None
        sgf.requirements = [
            ProgramRequirement(
                position=0,
                key="modules",
                kind="modules",
                settings={
                    "module_ids": [self.modules[m[0]].id for m in SGF_MODULES]
                    + [self.modules["PSS-104"].id]
                },
            ),
            ProgramRequirement(
                position=1,
                key="group-hours",
                kind="experience_hours",
                label="30 hours facilitating support groups within the last 12 months",
                window_months=12,
                settings={
                    "minutes": _hours(30),
                    "activity_ids": [support_group.id],
                    "activity_mode": "include",
                },
            ),
            ProgramRequirement(
                position=2,
                key="supervised-hours",
                kind="experience_hours",
                label="10 supervised hours",
                settings={"minutes": _hours(10), "supervised": True},
            ),
            ProgramRequirement(
                position=3,
                key="ethics",
                kind="ethics",
                settings={"ethics_code_id": self.ethics_code.id},
            ),
        ]
        db.session.add_all([pss, sgf])
        db.session.flush()
        self.programs = {"PSS": pss, "SGF": sgf}

    def ethics(self) -> None:
        self.v1 = EthicsVersion(
            ethics_code_id=self.ethics_code.id,
            version=1,
            title="Code of ethics for peer supporters",
            body=ETHICS_V1,
            published_at=_at(self.ago(months=60)),
            published_by_id=self.lead.id,
        )
        db.session.add(self.v1)
        db.session.flush()

    def publish_v2(self) -> None:
        self.v2 = EthicsVersion(
            ethics_code_id=self.ethics_code.id,
            version=2,
            title="Code of ethics for peer supporters (revised)",
            body=ETHICS_V2,
            published_at=_at(self.ago(months=8)),
            published_by_id=self.lead.id,
        )
        db.session.add(self.v2)
        db.session.flush()

    # --- a trainee's record -------------------------------------------------------------

    def enrol(self, trainee: User, program: str, on: date) -> None:
        db.session.add(
            Enrolment(
                trainee_id=trainee.id,
                program_id=self.programs[program].id,
                enrolled_at=_at(on, 9),
                enrolled_by_id=self.lead.id,
            )
        )

    def acknowledge(self, trainee: User, version: EthicsVersion, on: date) -> None:
        db.session.add(
            EthicsAcknowledgement(
                user_id=trainee.id, ethics_version_id=version.id, acknowledged_at=_at(on, 18)
            )
        )

    def complete(
        self,
        trainee: User,
        codes: Iterable[str],
        start: date,
        end: date,
        *,
        status: str = CompletionStatus.VERIFIED,
        source: str = CompletionSource.COORDINATOR,
        score: int | None = None,
    ) -> None:
        codes = list(codes)
        span = max((end - start).days, 0)
        for index, code in enumerate(codes):
            module = self.modules[code]
            done = start + timedelta(days=span * (index + 1) // (len(codes) + 1))
            mark = score
            if module.pass_mark is not None and mark is None:
                mark = self.rng.randint(module.pass_mark + 2, 96)
            verified = status == CompletionStatus.VERIFIED
            db.session.add(
                ModuleCompletion(
                    trainee_id=trainee.id,
                    module_id=module.id,
                    completed_on=done,
                    score=mark,
                    source=source,
                    status=status,
                    recorded_by_id=None
                    if source == CompletionSource.SELF_REPORTED
                    else self.lead.id,
                    verified_by_id=self.lead.id if verified else None,
                    decided_at=_at(done + timedelta(days=2)) if verified else None,
                    created_at=_at(done, 17),
                )
            )

    def log_hours(
        self,
        trainee: User,
        start: date,
        end: date,
        *,
        approved: float,
        supervised: float = 0,
        pending: int = 0,
        rejected: int = 0,
        activities: tuple[str, ...] = MIXED_ACTIVITIES,
    ) -> None:
        """Entries on distinct days between ``start`` and ``end``: ``supervised`` hours of the
        ``approved`` ones supervised, plus ``pending`` and ``rejected`` entries."""
        chunks: list[tuple[int, bool, str]] = []
        for total, is_supervised in ((supervised, True), (approved - supervised, False)):
            left = _hours(total)
            while left > 0:
                size = min(left, 15 * self.rng.randint(4, 16))
                chunks.append((size, is_supervised, HourStatus.APPROVED))
                left -= size
        # Pending entries are recent; rejected ones anywhere in the span.
        days = (end - start).days + 1
        needed = len(chunks) + pending + rejected
        if needed > days:
            raise ValueError("not enough days for the demo hours")
        picked = sorted(self.rng.sample(range(days), needed))
        recent = picked[-pending:] if pending else []
        others = picked[: len(picked) - pending]
        self.rng.shuffle(others)
        for _ in range(rejected):
            chunks.append((15 * self.rng.randint(4, 12), False, HourStatus.REJECTED))
        for offset, (minutes, is_supervised, status) in zip(others, chunks, strict=True):
            day = start + timedelta(days=offset)
            self._entry(trainee, day, minutes, is_supervised, status, activities)
        for offset in recent:
            minutes = 15 * self.rng.randint(4, 12)
            supervised_entry = self.rng.random() < 0.3
            day = start + timedelta(days=offset)
            self._entry(trainee, day, minutes, supervised_entry, HourStatus.PENDING, activities)

    def _entry(
        self,
        trainee: User,
        day: date,
        minutes: int,
        supervised: bool,
        status: str,
        activities: tuple[str, ...],
    ) -> None:
        activity = self.rng.choice(activities)
        decided = status != HourStatus.PENDING
        db.session.add(
            HourEntry(
                trainee_id=trainee.id,
                worked_on=day,
                minutes=minutes,
                activity=activity,
                setting=self.rng.choice(SETTINGS_BY_ACTIVITY[activity]),
                is_paid=self.rng.random() < 0.1,
                supervised=supervised,
                supervisor_name=self.rng.choice(SUPERVISORS) if supervised else None,
                notes=self.rng.choice(NOTES[activity]),
                status=status,
                rejection_reason=(
                    self.rng.choice(REJECTION_REASONS) if status == HourStatus.REJECTED else None
                ),
                decided_by_id=self.lead.id if decided else None,
                decided_at=_at(day + timedelta(days=3), 15) if decided else None,
                created_at=_at(day, 20),
                updated_at=_at(day + timedelta(days=3) if decided else day, 20),
            )
        )

    def hour_entry_on(self, trainee: User, day: date, minutes: int) -> None:
        """One approved paid entry of peer-support work (one-on-one, in person)."""
        db.session.add(
            HourEntry(
                trainee_id=trainee.id,
                worked_on=day,
                minutes=minutes,
                activity=ONE_ON_ONE,
                setting=Setting.IN_PERSON,
                is_paid=True,
                notes="Peer support shift at the recovery center.",
                status=HourStatus.APPROVED,
                decided_by_id=self.lead.id,
                decided_at=_at(day + timedelta(days=2), 15),
                created_at=_at(day, 20),
                updated_at=_at(day + timedelta(days=2), 15),
            )
        )

    def supervision(self, trainee: User, start: date, end: date, *, sessions: int) -> None:
        """Approved one-hour supervision sessions spread between ``start`` and ``end``."""
        span = max((end - start).days, 1)
        for n in range(sessions):
            day = start + timedelta(days=span * n // sessions)
            db.session.add(
                SupervisionRecord(
                    trainee_id=trainee.id,
                    held_on=day,
                    minutes=60,
                    format=SupervisionFormat.INDIVIDUAL if n % 3 else SupervisionFormat.GROUP,
                    supervisor_name=SUPERVISORS[n % len(SUPERVISORS)],
                    status=ReviewStatus.APPROVED,
                    decided_by_id=self.lead.id,
                    decided_at=_at(day + timedelta(days=1)),
                    created_at=_at(day, 18),
                    updated_at=_at(day + timedelta(days=1)),
                )
            )

    def document(self, trainee: User, type_code: str, title: str, dated: date) -> None:
        """An accepted document with a small PDF file."""
        document_type = db.session.scalar(
            select(DocumentType).where(DocumentType.code == type_code)
        )
        assert document_type is not None
        content = _demo_pdf(f"{title}: {trainee.display_name}")
        stored = StoredFile(
            owner_id=trainee.id,
            filename=f"{type_code}.pdf",
            content_type="application/pdf",
            size_bytes=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            uploaded_by_id=trainee.id,
            created_at=_at(dated + timedelta(days=5)),
        )
        db.session.add(stored)
        db.session.flush()
        db.session.add(
            Document(
                trainee_id=trainee.id,
                document_type_id=document_type.id,
                file_id=stored.id,
                dated_on=dated,
                status=ReviewStatus.APPROVED,
                submitted_by_id=trainee.id,
                decided_by_id=self.lead.id,
                decided_at=_at(dated + timedelta(days=8)),
                created_at=_at(dated + timedelta(days=5)),
            )
        )

    def exam(self, trainee: User, exam_code: str, taken: date, passed: bool = True) -> None:
        exam = db.session.scalar(select(Exam).where(Exam.code == exam_code))
        assert exam is not None
        db.session.add(
            ExamResult(
                trainee_id=trainee.id,
                exam_id=exam.id,
                taken_on=taken,
                passed=passed,
                recorded_by_id=self.lead.id,
                created_at=_at(taken + timedelta(days=7)),
            )
        )

    def outside_training(
        self,
        trainee: User,
        provider: str,
        title: str,
        day: date,
        hours: float,
        domains: dict[str, float],
    ) -> None:
        """Verified training taken elsewhere, its hours given to domains."""
        by_code = {d.code: d for d in db.session.scalars(select(Domain))}
        training = ExternalTraining(
            trainee_id=trainee.id,
            provider=provider,
            title=title,
            completed_on=day,
            minutes=_hours(hours),
            status=ReviewStatus.APPROVED,
            decided_by_id=self.lead.id,
            decided_at=_at(day + timedelta(days=4)),
            created_at=_at(day + timedelta(days=1)),
        )
        training.domain_hours = [
            ExternalTrainingDomain(domain_id=by_code[code].id, minutes=_hours(value))
            for code, value in domains.items()
        ]
        db.session.add(training)

    def certified_pss(self, trainee: User, issued: date, *, ethics: EthicsVersion) -> None:
        """Everything the specialist program asks, done in the year before ``issued``."""
        start = issued - timedelta(days=360)
        self.enrol(trainee, "PSS", start - timedelta(days=5))
        self.complete(trainee, [m[0] for m in PSS_MODULES], start, issued - timedelta(days=10))
        self.log_hours(
            trainee,
            start,
            issued - timedelta(days=7),
            approved=self.rng.choice([102, 106.5, 111.25]),
            supervised=self.rng.choice([26, 28.5, 31]),
            rejected=1,
        )
        self.acknowledge(trainee, ethics, start + timedelta(days=14))

    def issue(self, trainee: User, program: str, on: date, override: str | None = None):  # type: ignore[no-untyped-def]
        db.session.flush()
        return certifications.issue(
            trainee, self.programs[program], self.lead, override_reason=override, today=on
        )


# --- programs from the shipped templates ---------------------------------------------------

ICRC_MODULES = [
    ("PR-ADV", "Advocacy in peer recovery", "advocacy", 10),
    ("PR-MEN", "Mentoring and education", "mentoring_education", 10),
    ("PR-REC", "Recovery and wellness support", "recovery_wellness", 10),
    ("PR-ETH1", "Ethical responsibility I", "ethical_responsibility", 8),
    ("PR-ETH2", "Ethical responsibility II", "ethical_responsibility", 8),
]
PA_MODULES = [
    ("CPS-101", "Certified Peer Specialist training, week 1", "cps_training", 37.5),
    ("CPS-102", "Certified Peer Specialist training, week 2", "cps_training", 37.5),
]
BOARD_CODE_TEXT = """\
This installation's demo publishes this short text in place of the board's own code. \
Publish the board's published text as a new version before trainees acknowledge it.

1. Keep what people share confidential, within the limits the law sets.
2. Keep the boundaries of the peer relationship.
3. Support each person's own choices about their recovery.
"""


def _demo_pdf(title: str) -> bytes:
    """A one-page PDF standing for an uploaded document in the demo."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=16)
    pdf.cell(text=title)
    return bytes(pdf.output())


def _board_programs(b: _Builder, jordan: User, pat: User) -> None:
    """The two templates imported as a coordinator would, and a trainee in each."""
    from tracker.services import program_documents, programs

    icrc, _ = programs.import_document(
        program_documents.template("icrc-peer-recovery"),
        b.lead,  # type: ignore[arg-type]
    )
    pa, _ = programs.import_document(
        program_documents.template("pennsylvania-cps"),
        b.lead,  # type: ignore[arg-type]
    )
    db.session.flush()
    domains = {d.code: d for d in db.session.scalars(select(Domain))}
    for code, title, domain, hours in ICRC_MODULES + PA_MODULES:
        module = Module(code=code, title=title, contact_minutes=_hours(hours))
        module.domain_hours = [ModuleDomain(domain_id=domains[domain].id, minutes=_hours(hours))]
        db.session.add(module)
        b.modules[code] = module
    versions = {}
    for code in ("icrc-pr", "pcb"):
        ethics_code = db.session.scalar(select(EthicsCode).where(EthicsCode.code == code))
        assert ethics_code is not None
        version = EthicsVersion(
            ethics_code_id=ethics_code.id,
            version=1,
            title=f"{ethics_code.name} (demo text)",
            body=BOARD_CODE_TEXT,
            published_at=_at(b.ago(months=18)),
            published_by_id=b.lead.id,
        )
        db.session.add(version)
        versions[code] = version
    db.session.flush()
    b.programs["ICRCPR"], b.programs["PACPS"] = icrc, pa

    # Jordan: IC&RC, everything done but one hour of ethics training.
    start = b.ago(months=14)
    b.enrol(jordan, "ICRCPR", start)
    b.complete(jordan, ["PR-ADV", "PR-MEN", "PR-REC", "PR-ETH1"], start, b.ago(months=4))
    b.outside_training(
        jordan,
        "State peer network",
        "Boundaries and dual relationships",
        b.ago(months=3),
        7,
        {"ethical_responsibility": 7},
    )
    b.log_hours(jordan, start, b.ago(days=2), approved=512.5, supervised=40, pending=2)
    b.supervision(jordan, start, b.ago(days=20), sessions=26)
    b.document(jordan, "diploma", "High-school diploma", b.ago(months=13))
    b.exam(jordan, "icrc-pr", b.ago(months=2))
    b.acknowledge(jordan, versions["icrc-pr"], start + timedelta(days=3))

    # Pat: Pennsylvania CPS, eligible through twelve months of peer-support work.
    start = b.ago(months=16)
    b.enrol(pat, "PACPS", start)
    b.complete(pat, ["CPS-101", "CPS-102"], start, start + timedelta(days=21))
    for month in range(1, 14):
        first = add_months(b.today.replace(day=1), -month)
        for week in range(4):
            b.hour_entry_on(pat, first + timedelta(days=7 * week + 1), 6 * 60)
    b.document(pat, "notarized-release", "Notarised release", b.ago(months=15))
    b.exam(pat, "pcb-cps", b.ago(months=1))
    b.acknowledge(pat, versions["pcb"], start + timedelta(days=2))


# --- the whole seed ---------------------------------------------------------------------


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def is_present() -> bool:
    return accounts.get_by_email(COORDINATOR_EMAIL) is not None


def seed(password: str | None = None, today: date | None = None) -> SeedResult:
    """Create the demo data, or find it already there (then nothing changes).

    Raises ValidationError when ``password`` is too short.
    """
    generated = password is None
    if generated:
        password = generate_password()
    assert password is not None
    if is_present():
        return SeedResult(False, demo_logins(), None if generated else password, generated)
    accounts.hash_password(password)  # refuses a short password before anything is stored
    builder = _Builder(today or local_today(), password)
    _build(builder)
    # The demo's certificates were issued in its past: mail announcing them would be news
    # of long ago.  Today's reminders come from send-reminders, like everyone's.
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.kind == "certificate_issued"))
    return SeedResult(True, builder.logins, password, generated)


def demo_logins() -> list[Login]:
    """The demo accounts as stored (for a second run, which creates nothing)."""
    present = set(db.session.scalars(select(User.email).where(User.email.in_(PEOPLE_BY_EMAIL))))
    return [login for login in PEOPLE if login.email in present]


def _build(b: _Builder) -> None:
    """One story, told in order: history first, then today's states."""
    rng = b.rng
    today = b.today

    # People.  The lead coordinator first, so that everything else has an actor.
    b.lead = b.person(COORDINATOR_EMAIL)
    b.second = b.person("supervisor@example.org", actor=b.lead)

    def trainee(email: str) -> User:
        return b.person(email, actor=b.lead)

    alex = trainee(TRAINEE_EMAIL)
    sam = trainee("sam.taylor@example.org")
    kai = trainee("kai.nguyen@example.org")
    casey = trainee("casey.morgan@example.org")
    dana = trainee("dana.kim@example.org")
    riley = trainee("riley.chen@example.org")
    robin = trainee("robin.walsh@example.org")
    taylor = trainee("taylor.brooks@example.org")
    drew = trainee("drew.patel@example.org")
    jesse = trainee("jesse.park@example.org")
    avery = trainee("avery.johnson@example.org")
    quinn = trainee("quinn.martinez@example.org")
    sky = trainee("sky.adams@example.org")
    jamie = trainee("jamie.fox@example.org")
    invited = trainee("lee.jordan@example.org")
    accounts.issue_token(invited, TokenPurpose.INVITATION, b.lead)
    jordan = trainee("jordan.rivers@example.org")
    pat = trainee("pat.morales@example.org")
    # A supervisor who signs off the supervised time of three trainees.
    mentor = b.person(SUPERVISOR_EMAIL, actor=b.lead)
    for supervised in (alex, kai, quinn):
        supervisors.assign(mentor.id, supervised, b.lead)

    b.catalogue()
    b.ethics()
    pss_codes = [m[0] for m in PSS_MODULES]
    sgf_codes = [m[0] for m in SGF_MODULES] + ["PSS-104"]
    ce_codes = [m[0] for m in CE_MODULES]

    # --- certified in the past, under version 1 of the code -------------------------------

    # Jesse: issued 45 months ago, renewed at the end of the first cycle.
    jesse_issued = b.ago(months=45)
    b.certified_pss(jesse, jesse_issued, ethics=b.v1)
    b.complete(
        jesse, ["PSS-099"], jesse_issued - timedelta(days=340), jesse_issued - timedelta(days=330)
    )
    jesse_cycle_end = add_months(jesse_issued, 24)
    b.complete(
        jesse, ce_codes, jesse_issued + timedelta(days=60), jesse_cycle_end - timedelta(days=45)
    )
    jesse_cert = b.issue(jesse, "PSS", jesse_issued)
    renewed_on = jesse_cycle_end - timedelta(days=30)
    db.session.flush()
    renewal = certifications.renew(jesse_cert, b.lead, today=renewed_on)
    renewal.renewed_at = _at(renewed_on, 11)  # history: the renewal happened then
    b.complete(jesse, ["CE-301", "CE-305"], renewed_on + timedelta(days=90), b.ago(months=3))

    # Taylor: issued 27 months ago; the certification ran out and was not renewed.
    taylor_issued = b.ago(days=100, months=24)
    b.certified_pss(taylor, taylor_issued, ethics=b.v1)
    b.complete(
        taylor, ["CE-303"], taylor_issued + timedelta(days=200), taylor_issued + timedelta(days=220)
    )
    b.issue(taylor, "PSS", taylor_issued)

    # Robin: expired 20 days ago, inside the 60-day grace period; continuing education done.
    robin_issued = b.ago(days=20, months=24)
    b.certified_pss(robin, robin_issued, ethics=b.v1)
    b.complete(robin, ce_codes, robin_issued + timedelta(days=120), b.ago(days=40))
    b.issue(robin, "PSS", robin_issued)

    # Riley: expires in about a month; continuing education only partly done.
    riley_issued = b.ago(months=24) + timedelta(days=30)
    b.certified_pss(riley, riley_issued, ethics=b.v1)
    b.complete(
        riley,
        ["CE-301", "CE-303", "CE-305", "CE-307"],
        riley_issued + timedelta(days=90),
        b.ago(days=20),
    )
    b.complete(
        riley,
        ["CE-302"],
        b.ago(days=12),
        b.ago(days=4),
        status=CompletionStatus.PENDING,
        source=CompletionSource.SELF_REPORTED,
    )
    b.issue(riley, "PSS", riley_issued)

    # Drew: issued 14 months ago, revoked since.
    drew_issued = b.ago(months=14)
    b.certified_pss(drew, drew_issued, ethics=b.v1)
    drew_cert = b.issue(drew, "PSS", drew_issued)

    # Avery: support group facilitator, issued 10 months ago; now working on the specialist.
    avery_issued = b.ago(months=10)
    avery_start = avery_issued - timedelta(days=300)
    b.enrol(avery, "SGF", avery_start - timedelta(days=3))
    b.complete(avery, sgf_codes, avery_start, avery_issued - timedelta(days=14))
    b.log_hours(
        avery,
        avery_start,
        avery_issued - timedelta(days=5),
        approved=34.5,
        supervised=12,
        activities=(SUPPORT_GROUP,),
    )
    b.acknowledge(avery, b.v1, avery_start + timedelta(days=10))
    b.issue(avery, "SGF", avery_issued)

    # --- version 2 of the code of ethics -----------------------------------------------
    b.publish_v2()
    v2_published = b.v2.published_at.date()
    for person, days_after in ((jesse, 12), (robin, 30), (riley, 21), (avery, 5), (dana, 2)):
        b.acknowledge(person, b.v2, v2_published + timedelta(days=days_after))

    # Dana: certified five months ago, under version 2.
    dana_issued = b.ago(months=5)
    b.certified_pss(dana, dana_issued, ethics=b.v1)
    b.complete(dana, ["CE-301"], dana_issued + timedelta(days=60), b.ago(days=30))
    b.issue(dana, "PSS", dana_issued)

    # Sky: facilitator by override: years of facilitation under another program.
    sky_issued = b.ago(months=3)
    b.enrol(sky, "SGF", sky_issued - timedelta(days=60))
    b.complete(sky, sgf_codes, sky_issued - timedelta(days=55), sky_issued - timedelta(days=5))
    b.log_hours(
        sky,
        sky_issued - timedelta(days=58),
        sky_issued - timedelta(days=2),
        approved=31,
        supervised=4,
        activities=(SUPPORT_GROUP,),
    )
    b.acknowledge(sky, b.v2, sky_issued - timedelta(days=50))
    b.issue(
        sky,
        "SGF",
        sky_issued,
        override=(
            "Three years as a facilitator under the county's peer network; their supervision "
            "record was reviewed and accepted in place of the missing logged supervised hours."
        ),
    )

    # --- on the way ----------------------------------------------------------------------

    # Casey: everything done, not yet certified.
    casey_start = b.ago(months=12) + timedelta(days=5)
    b.enrol(casey, "PSS", casey_start - timedelta(days=2))
    b.complete(casey, pss_codes, casey_start, b.ago(days=20))
    b.log_hours(
        casey, casey_start, b.ago(days=3), approved=104.25, supervised=27.5, pending=2, rejected=1
    )
    b.acknowledge(casey, b.v2, b.ago(days=40))

    # Alex (trainee@example.org): half-way.  Five modules done, one reported, the exam failed.
    alex_start = b.ago(months=11)
    b.enrol(alex, "PSS", alex_start - timedelta(days=4))
    b.enrol(alex, "SGF", b.ago(months=2))
    b.complete(alex, pss_codes[:5], alex_start, b.ago(months=4))
    b.complete(
        alex,
        ["PSS-107"],
        b.ago(days=9),
        b.ago(days=6),
        status=CompletionStatus.PENDING,
        source=CompletionSource.SELF_REPORTED,
    )
    b.complete(alex, ["PSS-110"], b.ago(days=40), b.ago(days=30), score=62)
    b.log_hours(
        alex, alex_start, b.ago(days=1), approved=52.5, supervised=12, pending=3, rejected=1
    )
    b.acknowledge(alex, b.v1, alex_start + timedelta(days=10))

    # Kai: first weeks; two modules, hours waiting for review.
    kai_start = b.ago(days=40)
    b.enrol(kai, "PSS", kai_start)
    b.complete(kai, pss_codes[:2], kai_start, b.ago(days=10))
    b.log_hours(kai, kai_start, b.ago(days=1), approved=4, pending=3)
    b.acknowledge(kai, b.v2, kai_start + timedelta(days=1))
    # Quinn's supervisor signs off supervised time: one session and one shift wait for them.
    supervised_on = b.ago(days=2)
    db.session.add(
        HourEntry(
            trainee_id=quinn.id,
            worked_on=supervised_on,
            minutes=_hours(3),
            activity=ONE_ON_ONE,
            setting=Setting.IN_PERSON,
            supervised=True,
            supervisor_name="Chris Okafor",
            notes="Shadowed shift at the recovery center.",
            status=HourStatus.PENDING,
            created_at=_at(supervised_on, 18),
            updated_at=_at(supervised_on, 18),
        )
    )
    db.session.add(
        SupervisionRecord(
            trainee_id=quinn.id,
            held_on=supervised_on,
            minutes=_hours(1),
            supervisor_name="Chris Okafor",
            status=ReviewStatus.PENDING,
            created_at=_at(supervised_on, 18),
        )
    )

    # Sam: enrolled last week, nothing done yet.
    b.enrol(sam, "PSS", b.ago(days=7))

    # Quinn: facilitator half-way.
    quinn_start = b.ago(months=5)
    b.enrol(quinn, "SGF", quinn_start)
    b.complete(quinn, sgf_codes[:2], quinn_start, b.ago(months=2))
    b.log_hours(
        quinn,
        quinn_start,
        b.ago(days=2),
        approved=14.5,
        supervised=3,
        pending=2,
        activities=(SUPPORT_GROUP,),
    )
    b.acknowledge(quinn, b.v2, quinn_start + timedelta(days=3))

    # Avery: on the specialist program too, half-way.
    b.enrol(avery, "PSS", b.ago(months=6))
    b.complete(
        avery, ["PSS-101", "PSS-102", "PSS-103", "PSS-105"], b.ago(months=6), b.ago(months=1)
    )
    b.log_hours(avery, b.ago(months=6), b.ago(days=2), approved=38, supervised=9, pending=1)

    # Jamie: started, then left; the account is deactivated, the history kept.
    jamie_start = b.ago(months=9)
    b.enrol(jamie, "PSS", jamie_start)
    b.complete(jamie, pss_codes[:3], jamie_start, b.ago(months=6))
    b.log_hours(jamie, jamie_start, b.ago(months=5), approved=18, supervised=2, rejected=1)
    b.acknowledge(jamie, b.v1, jamie_start + timedelta(days=2))

    # A training session two months ago, its attendance recorded, and one coming up.
    crisis = b.modules["PSS-106"]
    held = b.ago(months=2)
    session = TrainingSession(
        module_id=crisis.id,
        held_on=held,
        location="Community room, 2nd floor",
        notes="Role plays in groups of three.",
        created_by_id=b.lead.id,
        created_at=_at(held - timedelta(days=20)),
        attendance_recorded_at=_at(held, 17),
    )
    db.session.add(session)
    db.session.flush()
    for person in (alex, quinn):
        db.session.add(
            SessionAttendance(
                session_id=session.id,
                trainee_id=person.id,
                recorded_by_id=b.lead.id,
                recorded_at=_at(held, 17),
            )
        )
        db.session.add(
            ModuleCompletion(
                trainee_id=person.id,
                module_id=crisis.id,
                completed_on=held,
                source=CompletionSource.ATTENDANCE,
                status=CompletionStatus.VERIFIED,
                session_id=session.id,
                recorded_by_id=b.lead.id,
                verified_by_id=b.lead.id,
                decided_at=_at(held, 17),
                created_at=_at(held, 17),
            )
        )
    db.session.add(
        TrainingSession(
            module_id=b.modules["PSS-107"].id,
            held_on=today + timedelta(days=rng.randint(10, 20)),
            location="Online (link sent to attendees)",
            created_by_id=b.second.id,
        )
    )

    _board_programs(b, jordan, pat)

    # --- today's states ----------------------------------------------------------------
    db.session.flush()
    certifications.revoke(
        drew_cert,
        b.lead,
        "Breach of the code of ethics (boundaries), decided by the review panel.",
    )
    accounts.set_active(b.lead, jamie, False)
    certifications.expire_due(today)
    db.session.flush()


PEOPLE = [
    Login(COORDINATOR_EMAIL, "coordinator", "Morgan Ellis", "lead coordinator"),
    Login(
        "supervisor@example.org", "coordinator", "Priya Raman", "coordinator, clinical supervisor"
    ),
    Login(SUPERVISOR_EMAIL, "supervisor", "Chris Okafor", "supervisor of Alex, Kai and Quinn"),
    Login(TRAINEE_EMAIL, "trainee", "Alex Rivera", "half-way through the specialist program"),
    Login("sam.taylor@example.org", "trainee", "Sam Taylor", "new: enrolled last week"),
    Login("kai.nguyen@example.org", "trainee", "Kai Nguyen", "just started, hours pending"),
    Login("casey.morgan@example.org", "trainee", "Casey Morgan", "eligible: ready to certify"),
    Login("dana.kim@example.org", "trainee", "Dana Kim", "certified five months ago"),
    Login("riley.chen@example.org", "trainee", "Riley Chen", "certified, expiring next month"),
    Login("robin.walsh@example.org", "trainee", "Robin Walsh", "expired, in the grace period"),
    Login("taylor.brooks@example.org", "trainee", "Taylor Brooks", "certification lapsed"),
    Login("drew.patel@example.org", "trainee", "Drew Patel", "certification revoked"),
    Login("jesse.park@example.org", "trainee", "Jesse Park", "certified and renewed once"),
    Login(
        "avery.johnson@example.org",
        "trainee",
        "Avery Johnson",
        "facilitator certified, specialist half-way",
    ),
    Login("quinn.martinez@example.org", "trainee", "Quinn Martinez", "facilitator half-way"),
    Login("sky.adams@example.org", "trainee", "Sky Adams", "facilitator certified by override"),
    Login("jamie.fox@example.org", "trainee", "Jamie Fox", "left the program", active=False),
    Login(
        "jordan.rivers@example.org",
        "trainee",
        "Jordan Rivers",
        "IC&RC Peer Recovery: one hour of ethics training short",
    ),
    Login(
        "pat.morales@example.org",
        "trainee",
        "Pat Morales",
        "Pennsylvania CPS: eligible through 12 months of work",
    ),
    Login(
        "lee.jordan@example.org",
        "trainee",
        "Lee Jordan",
        "invited, no password yet",
        has_password=False,
    ),
]
PEOPLE_BY_EMAIL = {login.email: login for login in PEOPLE}
