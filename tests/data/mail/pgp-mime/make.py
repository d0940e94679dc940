#!/usr/bin/env python3
"""Builds the PGP/MIME test messages: the MIME with Python's `email`
package, the signatures and encryption with GnuPG (Alice's test key from
tests/data/pgp/keys, imported into a throw-away GNUPGHOME).

    python3 tests/data/mail/pgp-mime/make.py   (from the crate root)

GnuPG signatures and encryption are randomised, so each run gives new
bytes; the tests depend only on what the messages say.
"""
import email.policy
import os
import subprocess
import tempfile
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

OUT = Path(__file__).resolve().parent
KEYS = OUT.parent.parent / "pgp" / "keys"
SMTP = email.policy.SMTP  # CRLF line endings: the canonical form
FAKE_TIME = "--faked-system-time=20260101T120000!"
ATTACHMENT = bytes(range(256)) * 4  # 1 KiB of every byte value


def gpg(home, *args, data=None):
    cmd = ["gpg", "--homedir", home, "--batch", "--yes", "--quiet", FAKE_TIME, *args]
    return subprocess.run(cmd, input=data, check=True, capture_output=True).stdout


def content():
    """A text body and a binary attachment, as multipart/mixed."""
    mixed = MIMEMultipart("mixed")
    mixed.attach(MIMEText("Hello Bob,\n\nthe invoice is attached.\n\nAlice\n", "plain", "us-ascii"))
    pdf = MIMEApplication(ATTACHMENT, "octet-stream")
    pdf.add_header("Content-Disposition", "attachment", filename="invoice 2026.bin")
    mixed.attach(pdf)
    return mixed


def headers(subject, content_type):
    return (
        "From: Alice Example <alice@example.org>\r\n"
        "To: Bob <bob@example.net>\r\n"
        f"Subject: {subject}\r\n"
        "Date: Thu, 01 Jan 2026 12:00:00 +0000\r\n"
        "Message-ID: <pgp-mime-test@example.org>\r\n"
        "MIME-Version: 1.0\r\n"
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()


def signed(home):
    """RFC 3156 section 5: the signed part exactly as signed, then the signature."""
    inner = content().as_bytes(policy=SMTP)
    sig = gpg(home, "--local-user", "alice@example.org", "--digest-algo", "SHA256",
              "--armor", "--detach-sign", data=inner)
    b = "signed-boundary-7Qz"
    body = (
        b"This is an OpenPGP/MIME signed message (RFC 4880 and 3156)\r\n"
        + f"--{b}\r\n".encode() + inner + f"\r\n--{b}\r\n".encode()
        + b'Content-Type: application/pgp-signature; name="signature.asc"\r\n'
        + b"Content-Description: OpenPGP digital signature\r\n"
        + b'Content-Disposition: attachment; filename="signature.asc"\r\n\r\n'
        + sig.replace(b"\n", b"\r\n") + f"\r\n--{b}--\r\n".encode()
    )
    ct = f'multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary="{b}"'
    return ct, body


def encrypted(home, payload, subject, boundary, recipients=("alice@example.org",), sign=False):
    """RFC 3156 section 4, in Thunderbird's layout: a version part, then the message."""
    args = ["--armor", "--trust-model", "always"]
    for r in recipients:
        args += ["--recipient", r]
    if sign:
        args += ["--local-user", "alice@example.org", "--sign"]
    armored = gpg(home, *args, "--encrypt", data=payload).replace(b"\n", b"\r\n")
    body = (
        b"This is an OpenPGP/MIME encrypted message (RFC 4880 and 3156)\r\n"
        + f"--{boundary}\r\n".encode()
        + b"Content-Type: application/pgp-encrypted\r\n"
        + b"Content-Description: PGP/MIME version identification\r\n\r\nVersion: 1\r\n\r\n"
        + f"--{boundary}\r\n".encode()
        + b'Content-Type: application/octet-stream; name="encrypted.asc"\r\n'
        + b"Content-Description: OpenPGP encrypted message\r\n"
        + b'Content-Disposition: inline; filename="encrypted.asc"\r\n\r\n'
        + armored + f"\r\n--{boundary}--\r\n".encode()
    )
    ct = f'multipart/encrypted; protocol="application/pgp-encrypted"; boundary="{boundary}"'
    return headers(subject, ct) + body


def thunderbird_payload():
    """What Thunderbird encrypts: multipart/mixed with protected headers."""
    mixed = content()
    mixed.set_param("protected-headers", "v1")
    mixed["Subject"] = "The real subject"
    mixed["From"] = "Alice Example <alice@example.org>"
    return mixed.as_bytes(policy=SMTP)


def main():
    with tempfile.TemporaryDirectory() as home:
        for key in ["alice_cv25519_sec.asc"]:
            gpg(home, "--import", str(KEYS / key))
        ct, body = signed(home)
        signed_eml = headers("Signed invoice", ct) + body
        (OUT / "signed_by_alice.eml").write_bytes(signed_eml)
        tampered = signed_eml.replace(b"the invoice is attached", b"the invoice is attacked")
        assert tampered != signed_eml
        (OUT / "fail_signed_by_alice_tampered.eml").write_bytes(tampered)
        payload = content().as_bytes(policy=SMTP)
        (OUT / "encrypted_to_alice.eml").write_bytes(
            encrypted(home, payload, "Encrypted invoice", "encrypted-boundary-3Kp"))
        (OUT / "thunderbird_signed_encrypted_to_alice.eml").write_bytes(
            encrypted(home, thunderbird_payload(), "...", "------------4Wk2mQ1bZ0yXvTnR8sLcPdEa",
                      sign=True))
        # Signed with PGP/MIME, then encrypted (Enigmail's layout): the
        # decrypted payload is multipart/signed.
        inner = f"Content-Type: {ct}\r\n\r\n".encode() + body
        (OUT / "enigmail_signed_then_encrypted_to_alice.eml").write_bytes(
            encrypted(home, inner, "...", "enigmail-boundary-8Hs"))


if __name__ == "__main__":
    main()
