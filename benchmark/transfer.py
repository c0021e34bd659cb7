"""Page sizes as a browser gets them: compressed on the wire, and again on a revisit.

The app compresses by itself (Flask-Compress), so every request here offers what a browser
offers (`BROWSER_HEADERS`). `*_bytes` are the bytes received, `*_raw_bytes` the same bodies
decoded (None when a decoder is not installed). A revisit fetches what a warm cache would:
the page, and every asset the first answer did not allow it to keep.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from benchmark.client import BROWSER_HEADERS, Client, Response, parse_html
from benchmark.pages import Page

DAY = 24 * 3600


def sizes(client: Client, page: Page, path: str, answer: Response) -> dict:
    """Bytes of the page (`answer`, fetched as the load does); for GET pages the htmx
    fragment when the page answers one, and for tablet pages the first load with every
    asset and the revisit."""
    found: dict = {
        "bytes": len(answer.body),
        "raw_bytes": raw_size([answer]),
        "content_encoding": answer.headers.get("content-encoding", "identity"),
    }
    if page.method != "GET":
        return found
    fragment = client.get(path, headers=BROWSER_HEADERS | {"HX-Request": "true"})
    if fragment.status == 200 and fragment.text != answer.text:
        found["fragment_bytes"] = len(fragment.body)
        found["fragment_raw_bytes"] = raw_size([fragment])
    if page.kind == "tablet":
        found.update(first_load(client, path, answer))
    return found


def first_load(client: Client, path: str, answer: Response) -> dict:
    """The page with every asset it names, then the same visit with a warm cache."""
    assets = [client.get(url, headers=BROWSER_HEADERS) for url in asset_urls(answer)]
    assets = [asset for asset in assets if asset.status == 200]
    again = client.get(path, headers=BROWSER_HEADERS)
    refetched = [
        client.get(asset.url, headers=BROWSER_HEADERS)
        for asset in assets
        if not kept_by_browser(asset)
    ]
    return {
        "first_load_bytes": sum(len(one.body) for one in [answer, *assets]),
        "first_load_raw_bytes": raw_size([answer, *assets]),
        "revisit_page_bytes": len(again.body),
        "revisit_bytes": sum(len(one.body) for one in [again, *refetched]),
    }


def asset_urls(answer: Response) -> list[str]:
    return list(dict.fromkeys(parse_html(answer.text).assets))


def raw_size(responses: list[Response]) -> int | None:
    """Decoded bytes of all of them; None when one cannot be decoded here."""
    bodies = [one.decoded for one in responses]
    return None if any(body is None for body in bodies) else sum(len(b) for b in bodies)


def kept_by_browser(response: Response) -> bool:
    """A warm cache uses it without asking: fresh for a day or more, and either marked
    immutable or at a versioned URL (a changed file gets a new one)."""
    directives = cache_control(response.headers.get("cache-control", ""))
    if "no-store" in directives or "no-cache" in directives:
        return False
    max_age = directives.get("max-age", "")
    if not max_age.isdigit() or int(max_age) < DAY:
        return False
    return "immutable" in directives or "v" in parse_qs(urlsplit(response.url).query)


def cache_control(header: str) -> dict[str, str]:
    """{directive: value} of a Cache-Control header, names lower-cased."""
    found = {}
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name:
            found[name.lower()] = value.strip('"')
    return found
