"""QR codes as inline SVG (segno): tablet enrolment links, authenticator set-up."""

from __future__ import annotations

import segno
from flask_babel import gettext as _
from markupsafe import Markup


def qr_svg(text: str) -> Markup:
    """An inline SVG QR code: dark on white, with a quiet border, scannable off a screen."""
    qr = segno.make(text, error="m")
    svg = qr.svg_inline(
        scale=6, dark="#111", light="#fff", svgclass="qr", omitsize=True, title=_("QR code")
    )
    return Markup(svg)  # noqa: S704  (segno's own SVG, no user text)
