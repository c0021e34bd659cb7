"""A small HTTP client for setting up sessions: cookies, forms and their CSRF tokens.

The load generator replays the cookies it collects, with the same User-Agent: staff
sessions are bound to the address and User-Agent (Flask-Login "strong" protection).
"""

from __future__ import annotations

import gzip
import http.client
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

USER_AGENT = "cohousing-bench/1"
# What a current browser offers: the app compresses by itself (Flask-Compress), so sizes and
# the load's CPU are only real with this header.
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"
BROWSER_HEADERS = {"Accept-Encoding": BROWSER_ENCODINGS}


def _zstd() -> Callable[[bytes], bytes] | None:
    """zstandard, else the backport the app compresses with; a frame without its size
    decodes through a stream object in both."""
    try:
        import zstandard

        return lambda body: zstandard.ZstdDecompressor().decompressobj().decompress(body)
    except ImportError:
        pass
    try:
        from backports import zstd
    except ImportError:
        return None
    return zstd.decompress


def _brotli() -> Callable[[bytes], bytes] | None:
    try:
        import brotli
    except ImportError:
        return None
    return brotli.decompress


DECODERS: dict[str, Callable[[bytes], bytes] | None] = {
    "gzip": gzip.decompress,
    "deflate": zlib.decompress,
    "br": _brotli(),
    "zstd": _zstd(),
}


def decode(body: bytes, encoding: str) -> bytes | None:
    """The body before its Content-Encoding (applied in order, so undone in reverse), or
    None when a decoder is not installed."""
    for name in reversed([part.strip().lower() for part in encoding.split(",")]):
        if name in ("", "identity"):
            continue
        decoder = DECODERS.get(name)
        if decoder is None:
            return None
        body = decoder(body)
    return body


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)  # hidden and pre-filled values
    inputs: list[tuple[str, str]] = field(default_factory=list)  # (name, type) of each input


class _Parser(HTMLParser):
    """Collects forms with their inputs, and every URL-like attribute of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("href", "hx-get", "action", "hx-post"):
            if a.get(key):
                self.links.append(a[key])
        if (tag == "link" and "stylesheet" in a.get("rel", "")) or tag in ("script", "img"):
            url = a.get("href") if tag == "link" else a.get("src")
            if url and not url.startswith("data:"):
                self.assets.append(url)
        if tag == "link" and a.get("rel") in ("icon", "manifest") and a.get("href"):
            self.assets.append(a["href"])
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").upper()))
        elif tag in ("input", "textarea", "select", "button") and self.forms and a.get("name"):
            form = self.forms[-1]
            kind = a.get("type", "text" if tag != "button" else "submit")
            form.inputs.append((a["name"], kind))
            if kind == "hidden" or (kind not in ("submit", "password") and a.get("value")):
                form.fields[a["name"]] = a.get("value", "")


def parse_html(html: str) -> _Parser:
    parser = _Parser()
    parser.feed(html)
    return parser


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str

    @property
    def decoded(self) -> bytes | None:
        """The body as the app rendered it; `body` is what came over the wire."""
        return decode(self.body, self.headers.get("content-encoding", ""))

    @property
    def text(self) -> str:
        decoded = self.decoded
        return (self.body if decoded is None else decoded).decode("utf-8", "replace")

    @property
    def query_count(self) -> int | None:
        value = self.headers.get("x-query-count")
        return int(value) if value is not None and value.isdigit() else None


class Client:
    """One browser: a cookie jar and a base URL. Follows no redirects by itself."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = {}

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"User-Agent": USER_AGENT}
        if self.cookies:
            headers["Cookie"] = self.cookie_header()
        return headers | (extra or {})

    def request(
        self,
        method: str,
        path: str,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        body: str | None = None,
    ) -> Response:
        """Send `data` form-encoded (or a ready `body`) with the jar's cookies."""
        url = urljoin(self.base_url + "/", path)
        parts = urlsplit(url)
        if data is not None:
            body = urlencode(data)
        extra = dict(headers or {})
        if body is not None:
            extra.setdefault("Content-Type", "application/x-www-form-urlencoded")
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request(method, target, body=body, headers=self.headers(extra))
            raw = connection.getresponse()
            payload = raw.read()
            self._keep_cookies(raw.headers.get_all("Set-Cookie") or [])
            names = {k.lower(): v for k, v in raw.headers.items()}
            return Response(raw.status, names, payload, url)
        finally:
            connection.close()

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def _keep_cookies(self, lines: list[str]) -> None:
        for line in lines:
            jar = SimpleCookie()
            jar.load(line)
            for name, morsel in jar.items():
                gone = morsel["max-age"] == "0" or "1970" in morsel["expires"]
                if gone or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def submit(self, page: Response, fill: dict[str, str], choose=None) -> Response:
        """Submit the first form of `page` (or the one `choose(form)` accepts) with `fill`."""
        forms = [f for f in parse_html(page.text).forms if choose is None or choose(f)]
        if not forms:
            raise SetupError(f"no form to submit on {page.url}")
        form = forms[0]
        action = urljoin(page.url, form.action or page.url)
        return self.request(form.method, action, data=form.fields | fill)


class SetupError(RuntimeError):
    """A session or page could not be set up; the page is skipped with this reason."""
