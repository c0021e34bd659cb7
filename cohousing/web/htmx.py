"""Small helpers for answering htmx and plain requests from one view."""

from flask import Response, make_response, redirect, render_template, request


def is_htmx() -> bool:
    """An htmx request that wants a fragment (a history restore wants the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render_page_or_fragment(page: str, fragment: str, **context) -> Response:
    """Navigation GET: the whole page, or only its fragment for htmx; caches told it varies."""
    response = make_response(render_template(fragment if is_htmx() else page, **context))
    response.vary.add("HX-Request")
    return response


def fragment_or_redirect(fragment: str, location: str, trigger: str | None = None, **context):
    """Action POST: the updated fragment for htmx, a redirect otherwise."""
    if not is_htmx():
        return redirect(location, code=303)
    response = make_response(render_template(fragment, **context))
    if trigger:
        response.headers["HX-Trigger"] = trigger
    return response


def htmx_redirect(location: str) -> Response:
    """Leave the page: htmx follows HX-Redirect, a browser follows 303."""
    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = location
        return response
    return redirect(location, code=303)
