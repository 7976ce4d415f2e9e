"""``verify-credential FILE`` and ``rotate-signing-key``: registered in tracker/cli.py."""

from __future__ import annotations

from pathlib import Path

import click

from tracker.services import credentials, keys


@click.command("verify-credential")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify_credential(file: Path) -> None:
    """Check a downloaded badge against this issuer: signature, status and dates.

    FILE is either download: the ``.json`` credential with its Data Integrity
    proof, or the ``.jwt`` VC-JWT.  Prints the verdict (valid, expired, revoked,
    invalid signature, invalid...) and exits with status 0 only when the
    credential is valid.
    """
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        click.echo(f"verdict: {credentials.INVALID}")
        click.echo(f"reason: the file cannot be read as text ({exc.__class__.__name__})")
        raise SystemExit(1) from None
    try:
        verdict = credentials.verify(text)
    except keys.SigningKeyError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"verdict: {verdict.status}")
    click.echo(f"reason: {verdict.reason}")
    if verdict.proof:
        click.echo(f"proof: {verdict.proof}")
    claims = verdict.credential
    if claims:
        subject = claims.get("credentialSubject") or {}
        achievement = subject.get("achievement") or {}
        issuer = claims.get("issuer") or {}
        click.echo(f"achievement: {achievement.get('name', '')}")
        if subject.get("licenseNumber"):
            click.echo(f"number: {subject['licenseNumber']}")
        click.echo(f"issuer: {issuer.get('name', '') if isinstance(issuer, dict) else issuer}")
        click.echo(f"valid from: {claims.get('validFrom', '')}")
        click.echo(f"valid until: {claims.get('validUntil', '')}")
        click.echo(f"page: {claims.get('id', '')}")
    raise SystemExit(0 if verdict.ok else 1)


@click.command("rotate-signing-key")
def rotate_signing_key() -> None:
    """Create the credential signing key, or replace it with a new one.

    The old key stays published (in /.well-known/jwks.json and the DID
    document), so every credential signed before still verifies, and it keeps
    signing its own revocation status lists, which those credentials point to.
    It signs no new credential.  Private keys are never printed.
    """
    try:
        rotation = keys.rotate()
    except keys.SigningKeyError as exc:
        raise click.ClickException(str(exc)) from None
    if rotation.retired_thumbprint is None:
        click.echo(f"Created the signing key {rotation.new_thumbprint} in {rotation.path}.")
    else:
        click.echo(
            f"New signing key {rotation.new_thumbprint}. The previous key "
            f"{rotation.retired_thumbprint} stays published and keeps signing its status lists, "
            "so credentials it signed still verify."
        )
