"""The printable certificate: read back with pypdf, its QR code decoded with zxing-cpp."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
import zxingcpp
from pypdf import PdfReader

from tracker.extensions import db
from tracker.formatting import human_date
from tracker.services import certifications, pdf
from tracker.services.dates import local_today


def issue(make, name: str, **kw):
    trainee = make.trainee(display_name=name)
    program = make.program(name=kw.pop("program_name", "Certified Peer Specialist"), **kw)
    certification = certifications.issue(trainee, program, None, override_reason="test")
    db.session.commit()
    return certification


def read(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    return read(data).pages[0].extract_text()


def embedded_fonts(data: bytes) -> dict[str, bool]:
    """Base font name -> whether the font program is embedded in the file."""
    fonts = read(data).pages[0]["/Resources"]["/Font"]
    found = {}
    for ref in fonts.values():
        font = ref.get_object()
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        found[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    return found


def test_one_landscape_page_with_the_facts(app, make):
    certification = issue(make, "Łukasz Żółć")
    data = pdf.render(certification)
    reader = read(data)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape
    text = text_of(data)
    assert "Łukasz Żółć" in text
    assert certification.number in text
    assert "Certified Peer Specialist" in text
    assert app.config["ORGANISATION_NAME"] in text
    assert certifications.format_code(certification.verification_code) in text
    assert local_today().strftime("%b %Y") in text
    assert "REVOKED" not in text and "LAPSED" not in text
    fonts = embedded_fonts(data)
    assert fonts and all(fonts.values())
    assert not any("Droid" in name for name in fonts)  # the CJK font only when needed


@pytest.mark.parametrize("name", ["李小龍", "Łukasz 李小龍", "김민준", "さくら"])
def test_cjk_names_use_the_embedded_fallback_font(app, make, name):
    certification = issue(make, name)
    data = pdf.render(certification)
    assert name in text_of(data)
    fonts = embedded_fonts(data)
    assert any("DroidSansFallback" in font for font in fonts)
    assert all(fonts.values())


@pytest.mark.parametrize("name", ["Ελένη Παπαδοπούλου", "Мария Иванова", "Zoë Ångström-Ñúñez"])
def test_other_scripts(app, make, name):
    certification = issue(make, name)
    assert name in text_of(pdf.render(certification))


def test_a_name_no_font_covers_still_gives_a_certificate(app, make):
    certification = issue(make, "देवनागरी Name")
    data = pdf.render(certification)
    assert "Name" in text_of(data)
    assert certification.number in text_of(data)


def test_a_very_long_name_stays_on_one_page(app, make):
    certification = issue(make, "Maximiliana " * 9 + "Longname")
    reader = read(pdf.render(certification))
    assert len(reader.pages) == 1
    assert "Longname" in reader.pages[0].extract_text()


def test_qr_code_holds_the_absolute_verification_url(app, make):
    app.config["PUBLIC_URL"] = "https://certificates.example.org/"
    certification = issue(make, "Ada Lovelace")
    page = read(pdf.render(certification)).pages[0]
    decoded = [
        result.text for image in page.images for result in zxingcpp.read_barcodes(image.image)
    ]
    code = certifications.format_code(certification.verification_code)
    assert decoded == [f"https://certificates.example.org/verify/{code}"]


def test_revoked_certificate_says_revoked(app, make):
    certification = issue(make, "Ada Lovelace")
    certifications.revoke(certification, None, "A private reason")
    db.session.commit()
    text = text_of(pdf.render(certification))
    assert "REVOKED" in text
    revoked_on = certification.revoked_at.date()
    assert f"revoked on {human_date(revoked_on)}" in text
    assert "A private reason" not in text


def test_lapsed_certificate_says_lapsed(app, make):
    trainee = make.trainee(display_name="Ada Lovelace")
    program = make.program(validity_months=12)
    certification = certifications.issue(
        trainee, program, None, override_reason="test", today=local_today() - timedelta(days=500)
    )
    db.session.commit()
    text = text_of(pdf.render(certification))
    assert "LAPSED" in text and "lapsed on" in text
    assert "REVOKED" not in text


def test_the_pdf_fonts_are_not_served(app, client):
    """They are read from disk by the PDF code; nobody needs them over HTTP."""
    assert pdf.REGULAR.is_file() and pdf.BOLD.is_file() and pdf.FALLBACK.is_file()
    static = Path(app.static_folder or "")
    assert not any(static.rglob("*.ttf"))
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DroidSansFallback.ttf"):
        assert client.get(f"/static/fonts/{name}").status_code == 404
    with client.get("/static/css/app.css") as css:  # the static folder itself still serves
        assert css.status_code == 200
