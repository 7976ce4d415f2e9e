"""The trainee's, supervisor's, public and mail pages in Spanish, from the catalogue in
tracker/translations (compiled here, so the test reads the .po as committed).

Plural forms come from the catalogue: a count of one and of several, and an amount of
hours with a fraction, which takes the plural (and must never reach the catalogue's
plural rule as a float).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import render_template

from tracker.models import HourStatus
from tracker.services.dates import local_today

CATALOGUE = Path(__file__).resolve().parent.parent / "tracker/translations"
SPANISH = {"Accept-Language": "es"}


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Spanish catalogue compiled into a directory of its own."""
    target = tmp_path_factory.mktemp("translations")
    (target / "es/LC_MESSAGES").mkdir(parents=True)
    with open(CATALOGUE / "es/LC_MESSAGES/messages.po", "rb") as source:
        catalogue = read_po(source, locale="es")
    with open(target / "es/LC_MESSAGES/messages.mo", "wb") as out:
        write_mo(out, catalogue)
    return target


@pytest.fixture
def app_overrides(compiled: Path) -> dict[str, object]:
    return {"BABEL_DEFAULT_LOCALE": "es", "BABEL_TRANSLATION_DIRECTORIES": str(compiled)}


@pytest.fixture
def trainee(make, db):  # type: ignore[no-untyped-def]
    """Part of the way through a program: 18.5 of 25 supervised hours, 2 waiting."""
    person = make.trainee(display_name="Robin Trainee")
    program = make.program(
        name="Peer Specialist", hour_rules=[{"min_minutes": 1500, "supervised_only": True}]
    )
    make.enrolment(person, program)
    today = local_today()
    make.hour_entry(
        person, worked_on=today, minutes=1110, supervised=True, status=HourStatus.APPROVED
    )
    make.hour_entry(person, worked_on=today - timedelta(days=1), minutes=120, supervised=True)
    make.hour_entry(
        person,
        worked_on=today - timedelta(days=2),
        minutes=60,
        status=HourStatus.REJECTED,
        rejection_reason="No",
    )
    db.session.commit()
    return person


def test_dashboard_in_spanish(client, login_as, trainee):
    login_as(trainee)
    body = client.get("/dashboard", headers=SPANISH).get_data(as_text=True)
    assert "Hola, Robin Trainee" in body
    assert "Registrar horas" in body and "Sus programas" in body
    # Amounts of hours: a fraction and a whole number, each with its plural.
    assert "18.5 de 25 horas · faltan 6.5 horas · 2 horas a la espera de revisión" in body
    assert "Cumple 0 de 1 requisito." in body
    assert "1 registro no fue aceptado" in body
    assert "Pendiente de la coordinación" in body
    assert "Log hours" not in body and "Your programs" not in body


def test_hours_page_in_spanish(client, login_as, trainee):
    login_as(trainee)
    body = client.get("/hours", headers=SPANISH).get_data(as_text=True)
    assert "<h1>Mis horas</h1>" in body
    assert "3 registros" in body
    assert "en 1 registro" in body  # waiting for review
    assert ">Pendiente</option>" in body and ">Cualquier estado</option>" in body
    assert "Motivo: No" in body
    assert "Enviar un registro corregido" in body
    one = client.get("/hours?status=rejected", headers=SPANISH).get_data(as_text=True)
    assert "1 registro coincide con los filtros" in one


def test_new_entry_form_in_spanish(client, login_as, trainee):
    login_as(trainee)
    body = client.get("/hours/new", headers=SPANISH).get_data(as_text=True)
    assert "Remunerado o voluntario" in body and ">Voluntario</option>" in body
    assert "Nunca nombre ni describa a las personas a las que apoyó" in body
    assert 'value="Guardar el registro"' in body


def test_saving_hours_says_so_in_spanish(client, login_as, trainee):
    login_as(trainee)
    page = client.get("/hours/new", headers=SPANISH).get_data(as_text=True)
    key = page.split('name="submission_key" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/hours/new",
        headers=SPANISH,
        data={
            "worked_on": local_today().isoformat(),
            "hours": "1",
            "activity": "support_group",
            "setting": "in_person",
            "is_paid": "volunteer",
            "submission_key": key,
        },
        follow_redirects=True,
    )
    body = response.get_data(as_text=True)
    assert "Guardado: 1 hora el " in body and "La coordinación la revisará." in body


def test_public_pages_in_spanish(client):
    body = client.get("/verify", headers=SPANISH).get_data(as_text=True)
    assert "<h1>Verificar un certificado</h1>" in body
    assert "Comprobar el certificado" in body
    missing = client.get("/verify?code=NOPE-NOPE-NOPE", headers=SPANISH).get_data(as_text=True)
    assert "Certificado no encontrado" in missing
    login = client.get("/login", headers=SPANISH).get_data(as_text=True)
    assert "<h1>Iniciar sesión</h1>" in login and "¿Olvidó su contraseña?" in login
    assert "Saltar al contenido" in login


def test_supervisor_page_in_spanish(client, login_as, make, db, trainee):
    supervisor = make.supervisor(trainees=[trainee], display_name="Sam Mentor")
    db.session.commit()
    login_as(supervisor)
    body = client.get("/supervisor/", headers=SPANISH).get_data(as_text=True)
    assert "<h1>Mis personas en formación</h1>" in body
    assert "Horas supervisadas que esperan su aprobación" in body
    assert "Robin Trainee" in body


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(1, "en un plazo de 1 minuto para"), (30, "en un plazo de 30 minutos para")],
)
def test_mail_counts_its_minutes_in_spanish(app, make, minutes, expected):
    person = make.trainee(display_name="Robin")
    with app.test_request_context(headers=SPANISH):
        text = render_template(
            "mail/password_reset.txt",
            user=person,
            organisation="Apoyo Mutuo",
            minutes=minutes,
            link="https://example.org/reset/x",
        )
    assert "Hola, Robin:" in text
    assert expected in text
    assert "Alguien (esperamos que usted) ha pedido restablecer la contraseña" in text


def test_api_docs_page_in_spanish(client):
    text = client.get("/api/v1/docs", headers=SPANISH).get_data(as_text=True)
    assert "Documentación de la API" in text and "Primeros pasos" in text  # the page's words
    assert "Emitir una certificación" in text  # an operation's summary
    assert "Un módulo de formación del catálogo." in text  # a model's description
    assert "Palabras del código o del título." in text  # a query parameter's
    assert "Aquí no hay nada, o nada que esta cuenta pueda ver." in text  # a common answer
    assert "longitud ≤ 200" in text
    assert "A training module of the catalogue." not in text
