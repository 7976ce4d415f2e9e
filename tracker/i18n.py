"""Which language a page, a mail or a certificate is written in.

A page follows, in this order: the signed-in person's own choice (``users.language``),
else the visitor's choice from the switch on the public pages (a cookie), else the
browser's ``Accept-Language``, else the first of ``LANGUAGES``.  Mail and the printed
certificate follow the person they are for (``language_for``), whoever causes them.

The languages are the ``LANGUAGES`` setting; each one but the default has a compiled
catalogue (``tracker/translations/<code>/LC_MESSAGES/messages.mo``, built by ``make run``
and ``make test``).  A missing catalogue stops the app at start-up, rather than letting
it show English where Spanish was asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel import Locale
from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    has_request_context,
    redirect,
    request,
    url_for,
)
from flask_babel import force_locale, get_locale, get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, SelectField, SubmitField

from tracker.forms import PlainForm, safe_next

# The visitor's choice on the public pages; a year, like any language preference.
COOKIE = "language"
COOKIE_MAX_AGE = 365 * 24 * 3600

bp = Blueprint("language", __name__)


def languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def default_language() -> str:
    """The language when nothing else says: Flask-Babel's default (the first of
    LANGUAGES unless BABEL_DEFAULT_LOCALE says otherwise)."""
    return str(current_app.config.get("BABEL_DEFAULT_LOCALE") or languages()[0])


def language_name(code: str) -> str:
    """A language's name in that language ("English", "Español"), from Babel's data."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def select_locale() -> str | None:
    """Flask-Babel's locale selector: the person's choice, the cookie, the browser
    (None: the default language)."""
    offered = languages()
    if not has_request_context():
        return None
    if current_user.is_authenticated and current_user.language in offered:
        return str(current_user.language)
    chosen = request.cookies.get(COOKIE)
    if chosen in offered:
        return chosen
    return request.accept_languages.best_match(offered)


def current_language() -> str:
    return str(get_locale() or default_language())


def language_for(user: Any, asked_by_them: bool = False) -> str:
    """The language to write to ``user`` in (mail, the printed certificate): their
    own choice; else, when they are the one asking (their own download, a reset link
    they requested), the language of their request; else the default."""
    if user is not None and user.language in languages():
        return str(user.language)
    if has_request_context():
        asking = asked_by_them or (
            current_user.is_authenticated and user is not None and current_user.id == user.id
        )
        if asking:
            return current_language()
    return default_language()


@contextmanager
def written_for(user: Any, asked_by_them: bool = False) -> Iterator[str]:
    """Translate everything inside the block into ``user``'s language."""
    language = language_for(user, asked_by_them)
    with force_locale(language):
        yield language


# --- the choice -------------------------------------------------------------------------


FOLLOW_BROWSER = ""


class LanguageForm(PlainForm):
    """A signed-in person's choice, on their settings page."""

    language = SelectField(_l("Language"), choices=[], validate_choice=True)
    next = HiddenField()
    submit = SubmitField(_l("Save language"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = [(FOLLOW_BROWSER, _("As my browser asks"))] + [
            (code, language_name(code)) for code in languages()
        ]


class SwitchForm(PlainForm):
    """The switch on the public pages: one button per language."""

    next = HiddenField()


@bp.post("/language")
def choose():  # type: ignore[no-untyped-def]
    """Keep a language: on the signed-in person's account, and in a cookie for the
    public pages (after logging out, at the login page).  The empty choice follows
    the browser again."""
    from tracker.extensions import db
    from tracker.services import accounts

    wanted = (request.form.get("language") or "").strip()
    if wanted != FOLLOW_BROWSER and wanted not in languages():
        abort(
            400,
            description=_(
                "There is no language “%(code)s” here. Choose one of: %(names)s.",
                code=wanted[:20],
                names=", ".join(language_name(code) for code in languages()),
            ),
        )
    form = SwitchForm()
    if not form.validate_on_submit():
        abort(400, description=_("The form has expired. Go back, reload the page and try again."))
    if current_user.is_authenticated:
        accounts.set_language(current_user._get_current_object(), wanted or None)
        db.session.commit()
    target = safe_next(form.next.data) or _page_it_came_from() or url_for("index")
    response = redirect(target, 303)
    if wanted:
        response.set_cookie(
            COOKIE,
            wanted,
            max_age=COOKIE_MAX_AGE,
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(COOKIE)
    return response


def _page_it_came_from() -> str | None:
    """The page of this site the switch was pressed on (the Referer, which browsers send
    to the same origin): the switch's pages carry no address of their own, so that a
    page's body never echoes the address it was asked for (unknown codes on /verify all
    get one identical answer)."""
    parts = urlsplit(request.referrer or "")
    if not parts.path or parts.netloc != request.host:
        return None
    return safe_next(parts.path + (f"?{parts.query}" if parts.query else ""))


# --- wiring -----------------------------------------------------------------------------


def catalogue(directory: Path, code: str) -> Path:
    return directory / code / "LC_MESSAGES" / "messages.mo"


def check_catalogues(app: Flask) -> None:
    """Every offered language but the default has its compiled catalogue."""
    directories = [
        Path(app.root_path) / d
        for d in str(app.config.get("BABEL_TRANSLATION_DIRECTORIES") or "translations").split(";")
    ]
    missing = [
        code
        for code in app.config["LANGUAGES"][1:]
        if not any(catalogue(directory, code).is_file() for directory in directories)
    ]
    if missing:
        from tracker import ConfigurationError

        raise ConfigurationError(
            "No compiled catalogue for "
            + ", ".join(missing)
            + ": run `pybabel compile -d tracker/translations` (make run and make test do it)."
        )


def plural_number(n: Any) -> Any:
    """The number that picks a plural form: amounts may be decimals (3.0 hours, 1.5
    hours), which gettext refuses; a whole amount counts as itself, a fraction as
    plural ("1.5 hours")."""
    if isinstance(n, float):
        return int(n) if n.is_integer() else 2
    return n


def register(app: Flask) -> None:
    for code in app.config["LANGUAGES"]:
        Locale.parse(code)  # an unknown code fails here, not at the first page
    check_catalogues(app)
    app.register_blueprint(bp)
    # Templates' gettext and ngettext, as Flask-Babel installs them, with the plural
    # number made one gettext accepts.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda string: get_translations().ugettext(string),
        ngettext=lambda singular, plural, n: get_translations().ungettext(
            singular, plural, plural_number(n)
        ),
        newstyle=True,
        pgettext=lambda context, string: get_translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: get_translations().unpgettext(
            context, singular, plural, plural_number(n)
        ),
    )

    @app.context_processor
    def language_context() -> dict[str, Any]:
        return {
            "html_lang": current_language,
            "language_name": language_name,
            "offered_languages": languages,
            "language_form": LanguageForm,
            "language_switch": SwitchForm,
        }

    @app.after_request
    def vary_on_language(response):  # type: ignore[no-untyped-def]
        # A page's words (and a PDF's, a CSV's headers) depend on the browser's languages
        # and the language cookie; static files and JSON documents do not.
        if request.endpoint != "static" and not response.is_json:
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
        return response
