"""The product in Spanish, on a phone (375 px): a trainee whose browser asks for Spanish
logs hours, sees their progress and downloads their certificate, and axe finds nothing
on any page they meet.

Sky Adams (sky.adams@example.org, a valid certificate) is the trainee: only this module
changes Sky's records.  Fields are found by their names, not their labels, so the story
holds whatever words the labels are in.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from sqlalchemy import func, select

from tests.browser.conftest import DEMO_PASSWORD
from tests.browser.test_accessibility import AXE, AXE_OPTIONS, violations_text
from tracker.extensions import db
from tracker.models import HourEntry, User

TRAINEE = "sky.adams@example.org"
PHONE = {"width": 375, "height": 812}


def entry_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(HourEntry)
            .join(User, HourEntry.trainee_id == User.id)
            .where(User.email == TRAINEE)
        )


def in_spanish_and_accessible(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "es")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at 375px"
    violations = AXE.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{page.url} in Spanish:\n" + violations_text(violations)


def test_a_trainee_uses_the_product_in_spanish_on_a_phone(
    new_context, live_app: Flask, today: date
) -> None:
    page = new_context(locale="es-ES", viewport=PHONE).new_page()

    # The login page answers the browser's Spanish, with the language switch.
    page.goto("/login")
    in_spanish_and_accessible(page)
    expect(page.locator("footer button[lang=es]")).to_have_attribute("aria-pressed", "true")
    page.locator("main input[name=email]").fill(TRAINEE)
    page.locator("main input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    in_spanish_and_accessible(page)
    main_menu = page.locator("nav.site-nav, header nav").first
    expect(main_menu.get_by_role("link", name="Mis horas")).to_have_count(1)

    # Log hours.
    before = entry_count(live_app)
    page.goto("/hours/new")
    in_spanish_and_accessible(page)
    worked_on = today - timedelta(days=2)
    page.locator("input[name=worked_on]").fill(worked_on.isoformat())
    page.locator("input[name=hours]").fill("2,5")  # a decimal comma, as written in Spanish
    page.locator("select[name=activity]").select_option(index=1)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()
    assert entry_count(live_app) == before + 1, "the hours were not saved"
    in_spanish_and_accessible(page)

    # The progress, in Spanish words from the eligibility service.
    page.goto("/dashboard")
    in_spanish_and_accessible(page)
    expect(page.locator(".progress-row").first).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("horas")

    # The certificate, printed in the language Sky reads.
    page.goto("/certificates")
    in_spanish_and_accessible(page)
    link = page.locator("main a[href$='certificate.pdf']").first
    with page.expect_download() as download:
        link.click()
    data = Path(download.value.path()).read_bytes()
    text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Se certifica que" in text and "Código de verificación" in text
