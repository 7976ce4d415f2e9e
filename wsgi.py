"""Entry point for WSGI servers: ``gunicorn wsgi:app``."""

from tracker import create_app

app = create_app()
