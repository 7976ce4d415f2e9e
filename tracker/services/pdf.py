"""The printable certificate: one landscape A4 page, generated from the record on demand.

The holder's name may be in any script the shipped fonts cover (see
tracker/fonts/README.txt): DejaVu Sans, with Droid Sans Fallback for
Chinese, Japanese and Korean.  The fonts are embedded (subset), so the PDF
prints and reads the same everywhere.  The QR code holds the absolute address
of the public verification page.  A revoked or lapsed certificate says so in
large red letters across the page.
"""

from __future__ import annotations

import io
from datetime import date
from functools import lru_cache
from pathlib import Path

import segno
from flask_babel import gettext as _
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from tracker.formatting import human_date
from tracker.i18n import written_for
from tracker.models import Certification, CertificationState
from tracker.services import credentials
from tracker.services.dates import local_today

# Outside the static folder: the fonts are for the PDFs, not served to anyone.
FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
FALLBACK = FONT_DIR / "DroidSansFallback.ttf"

PAGE_WIDTH = 297.0  # A4 landscape, millimetres
PAGE_HEIGHT = 210.0
MARGIN = 18.0
INK = (27, 31, 36)
MUTED = (74, 83, 96)
BRAND = (23, 71, 102)
ALERT = (180, 35, 24)


@lru_cache(maxsize=4)
def _covered(path: Path) -> frozenset[int]:
    font = TTFont(str(path), lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def needs_fallback(text: str) -> bool:
    """Whether any character of ``text`` is missing from the main fonts."""
    regular, bold = _covered(REGULAR), _covered(BOLD)
    return any(ord(ch) not in regular or ord(ch) not in bold for ch in text if not ch.isspace())


def _date(value: date) -> str:
    """Dates as every page writes them."""
    return human_date(value)


class _Certificate(FPDF):
    def fit_line(self, text: str, style: str, size: float, minimum: float) -> None:
        """One centred line, made smaller until it fits; wrapped if even the minimum is too wide."""
        width = PAGE_WIDTH - 2 * MARGIN - 10
        while size > minimum:
            self.set_font("body", style, size)
            if self.get_string_width(text) <= width:
                break
            size -= 1
        self.set_font("body", style, size)
        self.set_x(MARGIN + 5)
        line_height = size * 0.5  # millimetres, for a size in points
        self.multi_cell(width, line_height, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render(certification: Certification, today: date | None = None) -> bytes:
    """The certificate as PDF bytes, printed in the holder's language (whoever
    downloads it)."""
    with written_for(certification.trainee):
        return _render(certification, today)


def _render(certification: Certification, today: date | None) -> bytes:
    facts = credentials.facts(certification, today)
    pdf = _Certificate(orientation="L", unit="mm", format="A4")
    pdf.set_title(
        _("%(program)s certificate %(number)s", program=facts.program_name, number=facts.number)
    )
    pdf.set_author(facts.issuer_name)
    pdf.set_creator(facts.issuer_name)
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font("body", "", str(REGULAR))
    pdf.add_font("body", "B", str(BOLD))
    if needs_fallback(facts.holder_name + facts.program_name + facts.issuer_name):
        pdf.add_font("fallback", "", str(FALLBACK))
        pdf.set_fallback_fonts(["fallback"], exact_match=False)
    pdf.add_page()

    # Frame
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, PAGE_WIDTH - 16, PAGE_HEIGHT - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, PAGE_WIDTH - 22, PAGE_HEIGHT - 22)

    pdf.set_text_color(*MUTED)
    pdf.set_y(20)
    pdf.fit_line(facts.issuer_name, "", 13, 9)
    pdf.set_text_color(*BRAND)
    pdf.ln(2)
    pdf.fit_line(_("Certificate"), "B", 34, 34)
    pdf.set_text_color(*MUTED)
    pdf.ln(3)
    pdf.fit_line(_("This certifies that"), "", 13, 13)
    pdf.set_text_color(*INK)
    pdf.ln(2)
    pdf.fit_line(facts.holder_name, "B", 30, 14)
    pdf.set_text_color(*MUTED)
    pdf.ln(2)
    if facts.by_decision:
        # An override: it says what it was issued on, not requirements that were not met.
        pdf.fit_line(
            _(
                "was certified on %(date)s by a decision of the issuer in",
                date=_date(facts.issued_on),
            ),
            "",
            13,
            10,
        )
    else:
        pdf.fit_line(_("has met the requirements of"), "", 13, 13)
    pdf.set_text_color(*INK)
    pdf.ln(1)
    pdf.fit_line(facts.program_name, "B", 20, 11)

    # Details on the left, the QR code on the right.
    top = 128.0
    rows = [
        (_("Certificate number"), facts.number),
        (_("Issued"), _date(facts.issued_on)),
        (_("Expires"), _date(facts.expires_on)),
        # The state the day it is printed, in the words of every page.
        (_("State on %(date)s", date=_date(today or local_today())), facts.label),
        (_("Verification code"), facts.code),
        (_("Issued by"), facts.issuer_name),
    ]
    pdf.set_y(top)
    for label, value in rows:
        pdf.set_x(MARGIN + 14)
        pdf.set_font("body", "", 10)
        pdf.set_text_color(*MUTED)
        pdf.cell(50, 7, label)
        pdf.set_font("body", "B", 11)
        pdf.set_text_color(*INK)
        pdf.cell(130, 7, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    qr_size = 42.0
    qr_x = PAGE_WIDTH - MARGIN - 14 - qr_size
    qr_y = top - 8
    image = io.BytesIO()
    segno.make(facts.verification_url, error="m").save(image, kind="png", scale=8, border=2)
    image.seek(0)
    pdf.image(image, x=qr_x, y=qr_y, w=qr_size, h=qr_size)
    pdf.set_xy(qr_x - 14, qr_y + qr_size + 1)
    pdf.set_font("body", "", 8)
    pdf.set_text_color(*MUTED)
    pdf.cell(qr_size + 28, 4, _("Scan to check it is current"), align="C")

    pdf.set_xy(MARGIN + 5, PAGE_HEIGHT - 24)
    pdf.set_font("body", "", 8.5)
    pdf.multi_cell(
        PAGE_WIDTH - 2 * MARGIN - 10,
        4.5,
        _("Anyone can check this certificate at %(url)s", url=facts.verification_url),
        align="C",
    )

    if facts.state in (CertificationState.REVOKED, CertificationState.LAPSED):
        _stamp(pdf, facts)
    return bytes(pdf.output())


def _stamp(pdf: FPDF, facts: credentials.Facts) -> None:
    if facts.state == CertificationState.REVOKED:
        word = _("REVOKED")
        if facts.revoked_on:
            note = _(
                "This certificate was revoked on %(date)s and is no longer valid.",
                date=_date(facts.revoked_on),
            )
        else:
            note = _("This certificate was revoked and is no longer valid.")
    else:
        word = _("LAPSED")
        note = _(
            "This certificate expired on %(expired)s and lapsed on %(lapsed)s and is no "
            "longer valid.",
            expired=_date(facts.expires_on),
            lapsed=_date(facts.lapses_on),
        )
    pdf.set_text_color(*ALERT)
    pdf.set_draw_color(*ALERT)
    pdf.set_line_width(1.5)
    with pdf.rotation(18, x=PAGE_WIDTH / 2, y=PAGE_HEIGHT / 2):
        pdf.set_font("body", "B", 64)
        width = pdf.get_string_width(word) + 16
        pdf.rect((PAGE_WIDTH - width) / 2, PAGE_HEIGHT / 2 - 16, width, 30)
        pdf.set_xy((PAGE_WIDTH - width) / 2, PAGE_HEIGHT / 2 - 15)
        pdf.cell(width, 28, word, align="C")
    pdf.set_xy(MARGIN + 5, 12.5)
    pdf.set_font("body", "B", 10)
    pdf.cell(PAGE_WIDTH - 2 * MARGIN - 10, 6, note, align="C")
