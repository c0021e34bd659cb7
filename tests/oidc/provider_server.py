"""A real OpenID Connect provider for the tests: pyop behind a small werkzeug server, run
as its own process on 127.0.0.1 (tests/oidc/conftest.py starts it once per session).

It signs ID tokens with its own RSA key, publishes discovery and JWKS, checks PKCE at the
token endpoint, and has an end-session endpoint. Nobody types a password: /authorize
signs in whoever the tests chose with POST /_test (JSON: "user", "mode", "redirect_uri").
The modes make it misbehave as real providers do: "wrong_audience", "expired",
"wrong_issuer" (in the ID token), "no_email", "skew" (issued in the future beyond leeway).

    python tests/oidc/provider_server.py PORT CERT KEY

It speaks https only (OpenID Connect requires it of an issuer): the tests make a
certificate for 127.0.0.1 and have the app trust it.
"""

from __future__ import annotations

import json
import sys
import time
from urllib.parse import urlencode

from Cryptodome.PublicKey import RSA
from jwkest.jwk import RSAKey
from oic.oic.message import IdToken
from pyop.authz_state import AuthorizationState
from pyop.exceptions import InvalidAuthenticationRequest, OAuthError
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo
from werkzeug.serving import run_simple
from werkzeug.wrappers import Request, Response

CLIENT_ID = "cohousing-test"
CLIENT_SECRET = "test-client-secret-0123456789"

USERS = {
    "anna": {"email": "anna.coord@example.org", "email_verified": True, "name": "Anna"},
    "bruno": {"email": "bruno.worker@example.org", "email_verified": True, "name": "Bruno"},
    "stranger": {"email": "stranger@example.org", "email_verified": True, "name": "Nobody"},
    "unverified": {"email": "anna.coord@example.org", "email_verified": False},
}
STATE = {"user": "anna", "mode": "normal"}


class TestUserinfo(Userinfo):
    """The users' claims; in "no_email" mode without their email."""

    def get_claims_for(self, user_id, requested_claims, userinfo=None):
        claims = dict(super().get_claims_for(user_id, requested_claims, userinfo))
        if STATE["mode"] == "no_email":
            claims.pop("email", None)
            claims.pop("email_verified", None)
        return claims


class TestProvider(Provider):
    """pyop's provider; the ID token can be spoiled on purpose (STATE["mode"])."""

    def _create_signed_id_token(self, client_id, sub, user_claims=None, nonce=None, *_args, **_kw):
        mode = STATE["mode"]
        claims = dict(user_claims or {})
        if mode == "no_email":
            claims.pop("email", None)
            claims.pop("email_verified", None)
        now = int(time.time())
        issued = now + 600 if mode == "skew" else now - 7200 if mode == "expired" else now
        token = IdToken(
            iss="http://evil.example" if mode == "wrong_issuer" else self.issuer,
            sub=sub,
            aud="someone-else" if mode == "wrong_audience" else client_id,
            iat=issued,
            exp=issued + 300,
            **claims,
        )
        if nonce:
            token["nonce"] = nonce
        return token.to_jwt([self.signing_key], "RS256")


def make_provider(base: str) -> TestProvider:
    key = RSAKey(key=RSA.generate(2048), alg="RS256", kid="test-key")
    configuration = {
        "issuer": base,
        "authorization_endpoint": f"{base}/authorize",
        "token_endpoint": f"{base}/token",
        "userinfo_endpoint": f"{base}/userinfo",
        "jwks_uri": f"{base}/jwks",
        "end_session_endpoint": f"{base}/logout",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "email", "profile"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": ["sub", "email", "email_verified", "name"],
    }
    state = AuthorizationState(HashBasedSubjectIdentifierFactory("test-salt"))
    clients = {
        CLIENT_ID: {
            "client_secret": CLIENT_SECRET,
            "redirect_uris": [],
            "response_types": ["code"],
            "token_endpoint_auth_method": "client_secret_basic",
            "subject_type": "public",
            "post_logout_redirect_uris": [],
        }
    }
    provider = TestProvider(key, configuration, state, clients, TestUserinfo(USERS))
    provider.issuer = base
    return provider


def app(provider: TestProvider):
    routes = {
        "/.well-known/openid-configuration": lambda r: _json(
            provider.provider_configuration.to_dict()
        ),
        "/jwks": lambda r: _json(provider.jwks),
        "/_test": lambda r: _control(provider, r),
        "/authorize": lambda r: _authorize(provider, r),
        "/token": lambda r: _token(provider, r),
        "/userinfo": lambda r: _json(
            provider.handle_userinfo_request(r.get_data(as_text=True), r.headers).to_dict()
        ),
        "/logout": lambda r: Response(
            "Signed out of the test provider.", content_type="text/plain"
        ),
    }

    def wsgi(environ, start_response):
        request = Request(environ)
        route = routes.get(request.path)
        response = route(request) if route else Response("not found", status=404)
        return response(environ, start_response)

    return wsgi


def _control(provider: TestProvider, request: Request) -> Response:
    """The tests choose who signs in, how the provider misbehaves, and where it may return."""
    data = request.get_json()
    STATE.update({k: data[k] for k in ("user", "mode") if k in data})
    client = provider.clients[CLIENT_ID]
    for uri in data.get("redirect_uris", ()):
        if uri not in client["redirect_uris"]:
            client["redirect_uris"].append(uri)
            client["post_logout_redirect_uris"].append(uri)
    return _json({"ok": True})


def _authorize(provider: TestProvider, request: Request) -> Response:
    try:
        auth_request = provider.parse_authentication_request(urlencode(request.args))
    except InvalidAuthenticationRequest as error:
        return Response(f"bad request: {error}", status=400)
    response = provider.authorize(auth_request, STATE["user"])
    location = response.request(auth_request["redirect_uri"], False)
    return Response(status=302, headers={"Location": location})


def _token(provider: TestProvider, request: Request) -> Response:
    try:
        response = provider.handle_token_request(request.get_data(as_text=True), request.headers)
    except OAuthError as error:
        return _json({"error": error.oauth_error, "error_description": str(error)}, 400)
    return _json(response.to_dict())


def _json(data, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, content_type="application/json")


if __name__ == "__main__":
    port, cert, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    base = f"https://127.0.0.1:{port}"
    run_simple("127.0.0.1", port, app(make_provider(base)), threaded=True, ssl_context=(cert, key))
