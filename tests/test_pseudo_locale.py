"""The pseudo-locale walk: every page of every role, in a language where every marked
string reads "⟦Ŀöĝ ĥöûŕš~~⟧", so any English left on a page is a string nobody marked.

The pseudo catalogue is built here from tracker/translations/messages.pot (every msgid
wrapped in markers, its letters accented and the text lengthened, placeholders kept),
compiled into a temporary translations folder under the code ``eo``, which only this
test's app offers.  The app is the demo (migrated, seeded) and the pages are the page
sweep's own list (tests/browser/test_sweep.py: PAGES, with their example ids), fetched
with the Flask test client as each role.  Every visible text (text nodes, and the
alt, title, placeholder, aria-label and button values people read) must be inside
markers, or be data: what people wrote (names, titles, notes, reasons, the audit log,
mail already written), numbers, dates and codes.  The failure lists every remaining
text with the pages it is on.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.dates import get_month_names
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, url_for
from flask.testing import FlaskClient
from sqlalchemy import select

from config import TestConfig
from tracker import create_app
from tracker.extensions import db
from tracker.services.certifications import format_code

POT = Path(__file__).resolve().parent.parent / "tracker" / "translations" / "messages.pot"
PSEUDO = "eo"  # a language the app never offers outside this test
OPEN, CLOSE = "⟦", "⟧"
ACCENTED = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "åƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
        strict=True,
    )
)
PLACEHOLDER = re.compile(r"(%\(\w+\)[sdif]|%%|%[sd])")
PASSWORD = "pseudo-walk-password"


def pseudo(message: str) -> str:
    """ "Log hours" -> "⟦Ŀöĝ ĥöûŕš~~~⟧": accented letters outside placeholders, a third
    longer, between markers."""
    parts = PLACEHOLDER.split(message)
    out = "".join(
        part if PLACEHOLDER.fullmatch(part) else "".join(ACCENTED.get(c, c) for c in part)
        for part in parts
    )
    return f"{OPEN}{out}{'~' * max(2, len(message) // 3)}{CLOSE}"


def build_pseudo_catalogue(folder: Path) -> int:
    with POT.open("rb") as handle:
        template = read_po(handle)
    catalog = Catalog(locale=PSEUDO)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            string: Any = tuple(pseudo(part) for part in message.id)
        else:
            string = pseudo(message.id)
        catalog.add(message.id, string, flags=message.flags, context=message.context)
    target = folder / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    return len(catalog)


# --- what counts as data ------------------------------------------------------------------

# Columns holding what people wrote or the app recorded as written: never translated.
DATA_COLUMNS = {
    "activities": ["code", "name"],
    "document_types": ["code", "name", "description"],
    "domains": ["code", "name"],
    "ethics_codes": ["code", "name"],
    "exams": ["code", "title", "description"],
    "modules": ["code", "title", "description"],
    "programs": ["code", "name", "description", "source"],
    "users": ["email", "display_name"],
    "audit_events": ["action", "entity_type", "summary"],  # the keys are machine words
    "certifications": ["number", "verification_code", "revocation_reason", "override_reason"],
    "certification_renewals": ["override_reason"],
    "ethics_versions": ["title", "body"],
    "hour_entries": ["supervisor_name", "notes", "rejection_reason"],
    "login_sessions": ["label"],
    "outbox_messages": ["to_address", "subject", "body_text", "last_error"],
    "program_requirements": ["key", "label"],
    "stored_files": ["filename"],
    "supervision_records": ["supervisor_name", "notes", "rejection_reason"],
    "training_sessions": ["location", "notes"],
    "documents": ["statement", "notes", "rejection_reason"],
    "external_trainings": ["provider", "title", "notes", "rejection_reason"],
    "module_completions": ["rejection_reason"],
}
DATES = re.compile(
    r"\b\d{1,2}\.? \w{3,5}\.? \d{4}\b|\b\w{3,5}\.? \d{4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b"
)
CODES = re.compile(r"\b[A-Z0-9]{2,}(?:-[A-Z0-9]+)+\b")  # PSS-2026-00001, 4F2A-9C1B...
LETTERS = re.compile(r"[^\W\d_]{2,}")


def data_values(app: Flask) -> list[str]:
    values: set[str] = {app.config["ORGANISATION_NAME"], "English", "Español", "Esperanto"}
    # Month names come from Babel's data for the language, like dates.
    for width in ("abbreviated", "wide"):
        for context in ("format", "stand-alone"):
            values.update(get_month_names(width, context, locale=PSEUDO).values())
    values.add("Werkzeug")  # the test client's browser, named on the sessions list
    with app.app_context():
        for table, columns in DATA_COLUMNS.items():
            columns_ = [db.metadata.tables[table].c[name] for name in columns]
            for row in db.session.execute(select(*columns_)):
                values.update(str(v).strip() for v in row if v and str(v).strip())
        # The audit log names a record's table with spaces: "document types #2".
        entity_types = db.session.scalars(select(db.metadata.tables["audit_events"].c.entity_type))
        values.update(str(t).replace("_", " ") for t in entity_types if t)
        # What a certificate was issued under (its rules' words at the time), kept as issued.
        for snapshot in db.session.scalars(
            select(db.metadata.tables["certifications"].c.program_snapshot)
        ):
            values.update(_strings(snapshot))
        # The renewal buckets' labels, which coordinators write.
        for buckets in db.session.scalars(select(db.metadata.tables["programs"].c.renewal_buckets)):
            values.update(str(b.get("label", "")) for b in buckets or [] if b.get("label"))
        codes = db.session.scalars(select(db.metadata.tables["certifications"].c.verification_code))
        values.update(format_code(code) for code in codes)
    return sorted(values, key=len, reverse=True)


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        if value.strip():
            yield value.strip()
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def without_markers(value: str) -> str:
    """The text left outside markers (markers nest when one string holds another)."""
    inner = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
    while True:
        shorter = inner.sub(" ", value)
        if shorter == value:
            return value
        value = shorter


class Leftovers:
    """What is left of a text once markers and data are taken out."""

    def __init__(self, values: list[str]) -> None:
        self.values = values
        self.blob = "\n".join(" ".join(value.split()) for value in values)

    def __call__(self, value: str) -> str:
        rest = " ".join(without_markers(value).split())
        if not rest or not LETTERS.search(rest) or rest in self.blob:
            return ""
        for data in self.values:
            if data in rest:
                rest = rest.replace(data, " ")
        rest = CODES.sub(" ", DATES.sub(" ", rest))
        return rest.strip() if LETTERS.search(rest) else ""


# --- reading a page -----------------------------------------------------------------------

SKIPPED = {"script", "style", "code", "kbd", "samp", "pre"}
READ_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
VOID = {"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr", "area", "base"}


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.stack: list[str] = []
        self.depth = 0  # how many markers are open

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in READ_ATTRIBUTES:
            if found.get(name):
                self.texts.append(str(found[name]))
        if tag == "input" and found.get("type") in {"submit", "button", "reset"}:
            self.texts.append(str(found.get("value") or ""))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        # A marked string may hold markup (a link, a <code>): its markers then open in one
        # text node and close in another, so the depth runs on across the page.
        outside = []
        for char in data:
            if char == OPEN:
                self.depth += 1
            elif char == CLOSE:
                self.depth = max(0, self.depth - 1)
            elif self.depth == 0:
                outside.append(char)
            if self.depth == 0 and char in (OPEN, CLOSE):
                outside.append(" ")
        text = "".join(outside)
        if text.strip() and not SKIPPED & set(self.stack):
            self.texts.append(text)


def visible_texts(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


# --- the walk -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pseudo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    from flask_migrate import upgrade

    from tracker.services import demo

    folder = tmp_path_factory.mktemp("pseudo")
    build_pseudo_catalogue(folder / "translations")
    settings = TestConfig.as_dict()
    settings.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'tracker.sqlite3'}",
        WTF_CSRF_ENABLED=False,
        LANGUAGES=("en", "es", PSEUDO),
        BABEL_TRANSLATION_DIRECTORIES=f"translations;{folder / 'translations'}",
    )
    app = create_app(settings, instance_path=str(folder / "instance"))
    with app.app_context():
        upgrade()
        demo.seed(PASSWORD)
        db.session.commit()
        db.session.remove()
    yield app


def _client(app: Flask, email: str | None) -> FlaskClient:
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = PSEUDO
    if email is not None:
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code in (302, 303), f"could not log in as {email}"
    return client


def test_the_pseudo_catalogue_marks_every_string(tmp_path):
    count = build_pseudo_catalogue(tmp_path)
    assert count > 500
    assert pseudo("Log %(hours)s hours") == "⟦Ĺöĝ %(hours)s ĥöûŕš~~~~~~⟧"


def test_the_walk_tells_marked_text_from_english():
    left = Leftovers(["Alex Rivera", "PSS"])
    assert left("⟦Ĥéĺĺö~~⟧ Alex Rivera") == ""
    assert left("⟦Ŵåš ⟦ĥöûŕ éñţŕý~~⟧ çĥåñĝéđ~~⟧") == ""
    assert left("PSS · 23 okt. 2026, 20:00 · 12,5 · PSS-2026-00001") == ""
    assert left("Log hours for Alex Rivera") == "Log hours for"
    assert visible_texts('<p title="Hi there">x<script>var a</script><code>name,email</code></p>')[
        0
    ] == ("Hi there")


def test_every_page_of_every_role_is_translated(pseudo_app: Flask) -> None:
    from tests.browser.test_sweep import PAGES, examples

    args = examples(pseudo_app)
    left = Leftovers(data_values(pseudo_app))
    clients: dict[str | None, FlaskClient] = {}
    found: dict[str, set[str]] = defaultdict(set)
    visited = 0
    for endpoint, people in sorted(PAGES.items()):
        for who in people:
            if who not in clients:
                clients[who] = _client(pseudo_app, who)
            for values in args.get(endpoint, [{}]):
                with pseudo_app.test_request_context():
                    url = url_for(endpoint, **values)
                try:
                    response = clients[who].get(url)
                except Exception as exc:  # a page that fails in the pseudo-locale is a finding
                    found[f"the page fails: {type(exc).__name__}: {exc}"[:160]].add(
                        f"{endpoint} as {who or 'anyone'}"
                    )
                    continue
                if 300 <= response.status_code < 400 or "text/html" not in response.content_type:
                    continue
                visited += 1
                page = response.get_data(as_text=True)
                assert f'<html lang="{PSEUDO}">' in page, f"{url} is not in the pseudo-locale"
                for piece in visible_texts(page):
                    rest = left(piece)
                    if rest:
                        found[" ".join(piece.split())[:160]].add(f"{endpoint} as {who or 'anyone'}")
    assert visited > 100, f"only {visited} pages were walked"
    if found:
        lines = [
            f"  “{piece}” on {len(pages)} page(s): {', '.join(sorted(pages)[:3])}"
            + (" ..." if len(pages) > 3 else "")
            for piece, pages in sorted(found.items(), key=lambda item: (-len(item[1]), item[0]))
        ]
        pytest.fail(
            f"{len(found)} texts outside the catalogue on {visited} pages walked:\n"
            + "\n".join(lines),
            pytrace=False,
        )
