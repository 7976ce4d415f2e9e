"""Languages: which one a page, a mail or a certificate is written in, how dates and
numbers read in it, and the Spanish catalogue itself (complete, placeholders kept,
compiled)."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask_babel import force_locale
from pypdf import PdfReader
from sqlalchemy import select

from config import TestConfig
from tests import factories
from tracker import ConfigurationError, create_app
from tracker.extensions import db
from tracker.formatting import hours, hours_text, human_date, number
from tracker.i18n import COOKIE, language_for
from tracker.models import EnrolmentProgress, OutboxMessage
from tracker.services import certifications, mail, pdf

TRANSLATIONS = Path(__file__).resolve().parent.parent / "tracker" / "translations"
SPANISH_PO = TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po"
SPANISH_MO = TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%%")


def lang_of(response) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True))
    assert found, "the page has no <html lang>"
    return found.group(1)


# --- choosing the language ----------------------------------------------------------------


def test_a_visitor_gets_the_browsers_language_and_english_otherwise(client):
    assert lang_of(client.get("/login")) == "en"
    assert lang_of(client.get("/login", headers={"Accept-Language": "es-MX,es;q=0.9"})) == "es"
    assert lang_of(client.get("/login", headers={"Accept-Language": "fr, de;q=0.5"})) == "en"
    assert lang_of(client.get("/login", headers={"Accept-Language": "fr, es;q=0.5"})) == "es"


def test_the_page_says_it_varies_with_the_language(client):
    response = client.get("/login")
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_the_public_switch_beats_the_browser(client):
    response = client.post("/language", data={"language": "es", "next": "/verify"})
    assert response.status_code == 303 and response.headers["Location"] == "/verify"
    assert f"{COOKIE}=es" in response.headers["Set-Cookie"]
    assert lang_of(client.get("/login", headers={"Accept-Language": "en"})) == "es"
    page = client.get("/verify", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Verificar un certificado" in page  # the footer's link, from the catalogue
    # The empty choice follows the browser again.
    client.post("/language", data={"language": ""})
    assert lang_of(client.get("/login", headers={"Accept-Language": "en"})) == "en"


def test_the_switch_is_on_the_public_pages_without_script(client):
    page = client.get("/login").get_data(as_text=True)
    switch = re.search(r'<form method="post" action="/language".*?</form>', page, re.S)
    assert switch, "no language switch on the login page"
    assert 'value="es" lang="es"' in switch.group(0) and "Español" in switch.group(0)
    assert 'name="next"' not in switch.group(0)  # it goes back by the Referer
    response = client.post(
        "/language", data={"language": "es"}, headers={"Referer": "http://localhost/verify?x=1"}
    )
    assert response.headers["Location"] == "/verify?x=1"
    response = client.post(
        "/language", data={"language": "es"}, headers={"Referer": "http://evil.example/verify"}
    )
    assert response.headers["Location"] == "/"


def test_the_switch_refuses_an_unknown_language_and_a_foreign_next(client):
    response = client.post("/language", data={"language": "xx"})
    assert response.status_code == 400
    assert "There is no language “xx” here" in response.get_data(as_text=True)
    response = client.post("/language", data={"language": "es", "next": "//evil.example"})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("app_overrides", [{"WTF_CSRF_ENABLED": True}])
def test_the_switch_needs_its_csrf_token(client, app_overrides):
    assert client.post("/language", data={"language": "es"}).status_code == 400


def test_a_persons_own_choice_beats_the_cookie_and_the_browser(client, login_as, db):
    user = login_as("trainee")
    client.set_cookie(COOKIE, "en")
    assert lang_of(client.get("/account/password", headers={"Accept-Language": "en"})) == "en"
    response = client.post("/language", data={"language": "es", "next": "/account/password"})
    assert response.status_code == 303
    db.session.refresh(user)
    assert user.language == "es"
    client.set_cookie(COOKIE, "en")
    page = client.get("/account/password", headers={"Accept-Language": "en"})
    assert lang_of(page) == "es"
    # Back to following the browser.
    client.post("/language", data={"language": ""})
    db.session.refresh(user)
    assert user.language is None
    client.delete_cookie(COOKIE)
    assert lang_of(client.get("/account/password", headers={"Accept-Language": "es"})) == "es"
    assert lang_of(client.get("/account/password", headers={"Accept-Language": "en"})) == "en"


def test_the_settings_page_offers_the_choice(client, login_as):
    login_as("trainee")
    page = client.get("/account/password").get_data(as_text=True)
    assert '<select id="language" name="language"' in page
    assert '<option selected value="">' in page  # follows the browser until chosen


def test_a_configured_language_without_its_catalogue_stops_the_app(tmp_path):
    settings = {**TestConfig.as_dict(), "LANGUAGES": ("en", "es", "fr")}
    with pytest.raises(ConfigurationError, match="fr"):
        create_app(settings, instance_path=str(tmp_path))


# --- formats ------------------------------------------------------------------------------


def test_dates_and_numbers_follow_the_language(app):
    day = date(2026, 10, 23)
    moment = datetime(2026, 10, 3, 20, 5, tzinfo=UTC)
    with app.test_request_context():
        assert human_date(day) == "23 Oct 2026"
        assert hours(65130) == "1,085.5" and hours(45) == "0.75" and hours(None) == "0"
        assert hours_text(60) == "1 hour" and hours_text(90) == "1.5 hours"
        assert number(12345) == "12,345"
        with force_locale("es"):
            assert human_date(day) == "23 oct 2026"
            assert human_date(date(2026, 9, 3)) == "03 sept 2026"
            assert hours(65130) == "1.085,5" and hours(45) == "0,75"
            assert hours_text(60) == "1 hora" and hours_text(90) == "1,5 horas"
            assert human_date(moment).startswith("03 oct 2026, ")


def test_outside_a_request_dates_read_in_the_default_language():
    assert human_date(date(2026, 10, 23)) == "23 Oct 2026"
    assert hours(90) == "1.5"


# --- the PDF and mail: the recipient's language ----------------------------------------------


def _certificate(make, language: str | None):  # type: ignore[no-untyped-def]
    trainee = make.trainee(display_name="Lucía Ramos", language=language)
    program = make.program()
    certification = certifications.issue(trainee, program, None, override_reason="test")
    db.session.commit()
    return certification


def test_the_pdf_is_printed_in_the_holders_language(app, make):
    spanish = _certificate(make, "es")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        text = PdfReader(io.BytesIO(pdf.render(spanish))).pages[0].extract_text()
    assert "Se certifica que" in text and "Número de certificado" in text
    assert "This certifies that" not in text
    english = _certificate(make, None)
    with app.test_request_context(headers={"Accept-Language": "es"}):
        text = PdfReader(io.BytesIO(pdf.render(english))).pages[0].extract_text()
    assert "This certifies that" in text


def test_the_holder_downloading_their_own_pdf_gets_their_browsers_language(client, make):
    certification = _certificate(make, None)
    cookie = factories.login_cookie(certification.trainee)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = cookie
        session["_fresh"] = True
    response = client.get(
        f"/certificates/{certification.id}/certificate.pdf", headers={"Accept-Language": "es"}
    )
    assert response.status_code == 200
    assert "Se certifica que" in PdfReader(io.BytesIO(response.data)).pages[0].extract_text()


def test_mail_is_written_in_the_recipients_language(app, make):
    spanish = make.trainee(language="es")
    english = make.trainee()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        mail.queue_password_changed(spanish)
    with app.test_request_context(headers={"Accept-Language": "es"}):
        mail.queue_password_changed(english)
    db.session.commit()
    to_spanish = db.session.query(OutboxMessage).filter_by(user_id=spanish.id).one()
    to_english = db.session.query(OutboxMessage).filter_by(user_id=english.id).one()
    assert to_spanish.subject == "Se cambió su contraseña"
    assert '<html lang="es">' in to_spanish.body_html
    assert to_english.subject == "Your password was changed"
    assert '<html lang="en">' in to_english.body_html


def test_a_reset_link_asked_for_is_written_in_the_askers_language(app, make):
    user = make.trainee()
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert language_for(user) == "en"  # someone else's request
        assert language_for(user, asked_by_them=True) == "es"
        mail.queue_password_reset(user, "http://tracker.test/reset/x", 30)
    db.session.commit()
    message = db.session.query(OutboxMessage).filter_by(user_id=user.id).one()
    assert message.subject.startswith("Restablezca su contraseña")


# --- the catalogue --------------------------------------------------------------------------


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def spanish_problems() -> list[str]:
    """Every Spanish entry that is untranslated, fuzzy or loses a placeholder."""
    with SPANISH_PO.open("rb") as handle:
        catalog = read_po(handle)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        if len(ids) == 1:
            if _placeholders(strings[0]) != _placeholders(ids[0]):
                problems.append(f"placeholders differ: {ids[0]!r} -> {strings[0]!r}")
        else:
            allowed = _placeholders(ids[0]) | _placeholders(ids[1])
            if any(not _placeholders(s) <= allowed for s in strings) or _placeholders(
                strings[-1]
            ) != _placeholders(ids[1]):
                problems.append(f"placeholders differ: {ids[1]!r} -> {strings!r}")
    return problems


def test_the_spanish_catalogue_is_complete_and_keeps_every_placeholder():
    problems = spanish_problems()
    assert not problems, f"{len(problems)} Spanish entries to fix:\n" + "\n".join(problems)


def _as_tuple(value: object) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)  # type: ignore[arg-type]


def test_the_compiled_catalogue_is_the_current_one():
    """The .mo the app reads holds every translation of the .po (make run and make test
    compile it; a stale one would show English where Spanish is written)."""
    assert SPANISH_MO.is_file(), "run `pybabel compile -d tracker/translations`"
    with SPANISH_PO.open("rb") as handle:
        source = read_po(handle)
    with SPANISH_MO.open("rb") as handle:
        compiled = read_mo(handle)
    stale = [
        message.id
        for message in source
        if message.id
        and (message.string if isinstance(message.string, str) else all(message.string))
        and not message.fuzzy
        and (
            compiled.get(message.id, message.context) is None
            or _as_tuple(compiled.get(message.id, message.context).string)
            != _as_tuple(message.string)
        )
    ]
    assert not stale, (
        f"{len(stale)} translations are not compiled: run `pybabel compile -d "
        f"tracker/translations` (first: {stale[0]!r})"
    )


def test_stored_verdicts_keep_one_language_and_other_readers_get_fresh_words(app, make, today):
    from tracker.services import progress

    trainee = make.trainee()
    program = make.program()
    make.hour_rule(program)
    make.enrolment(trainee, program)
    db.session.commit()
    with app.test_request_context(headers={"Accept-Language": "es"}):
        progress.refresh(trainee_ids=[trainee.id])  # caused by a Spanish page
        db.session.commit()
        spanish = progress.eligibility(trainee.id, [program], today)[program.id]
    with app.test_request_context(headers={"Accept-Language": "en"}):
        english = progress.eligibility(trainee.id, [program], today)[program.id]
    stored = db.session.scalar(select(EnrolmentProgress.verdict))
    assert stored["language"] == "en"
    assert "hours" in english.rules[0].next_step
    assert "horas" in spanish.rules[0].next_step
