from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired

from tracker.forms import PlainForm


class LookupForm(PlainForm):
    """Sent with GET, so the address of a result can be shared; no CSRF token needed."""

    class Meta:
        csrf = False

    code = StringField(
        _l("Verification code"),
        description=_l(
            "The code printed on the certificate, e.g. ABCD-EFGH-JKMN-PQRS-TUVW. "
            "Capitals and dashes do not matter."
        ),
        # No length or character checks here: any code that is not one of ours, however
        # long or odd, gets the same "not found" page.
        validators=[DataRequired(_l("Enter the code printed on the certificate."))],
    )
