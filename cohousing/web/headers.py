"""The browser's own protections, on every answer: what a page may load, run and be framed by.

The Content-Security-Policy allows scripts and style sheets from this site only: no inline
`<script>`, no `<style>` block, no `style=` attribute anywhere (colours and bar lengths are
classes in the static CSS, htmx's indicator style is in `app.css`, and htmx may not `eval`).
Chromium reports any breach in the console, and the browser tests fail on it.
"""

from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",  # photos and icons are served here; QR codes are inline SVG
        "font-src 'self'",
        "connect-src 'self'",  # htmx and the tablet's "still here" ping
        "manifest-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)

# The tablet takes receipt and face photos with a file input, which needs no permission;
# nothing else here uses a device feature. Every feature a page could ask for is refused.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


def init_headers(app: Flask) -> None:
    hsts_seconds = app.config.get("HSTS_MAX_AGE")

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")  # frame-ancestors, for old browsers
        headers.setdefault("Referrer-Policy", "same-origin")
        if hsts_seconds:  # production only: behind TLS, and once sent it sticks
            headers.setdefault("Strict-Transport-Security", f"max-age={int(hsts_seconds)}")
        return response
