"""Who may do what: every route refuses without a login, a viewer changes nothing, forms need
their CSRF token, guessing locks an account, admins need a second factor, scripts use tokens.
"""

from __future__ import annotations

import re

import pyotp
import pytest
from click.testing import CliRunner
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from webdesk import ADMIN_TOTP, PASSWORD, Desk, Login, csrf_of

from khronika.cli import main
from khronika.settings import Settings
from khronika.web import create_app
from khronika.web.security import SESSION_COOKIE

# Routes anyone may reach: the login form itself, and the browser assets.
PUBLIC = {("GET", "/login"), ("GET", "/vendor/{name:path}")}
SAMPLE = {
    "name:path": "almaty-en.txt",
    "review_id": "1",
    "token_id": "1",
    "fmt": "csv",
}


def _routes() -> list[tuple[str, str]]:
    # Collected from an app over an in-memory store, so adding a route adds its test.
    app = create_app(Settings(db_url="sqlite://"))
    found = []
    # FastAPI includes routers lazily: iter_route_contexts walks into them.
    for route in iter_route_contexts(app.routes):
        if route.methods and route.path:
            found.extend((method, route.path) for method in sorted(route.methods - {"HEAD"}))
    app.state.store.close()
    return found


ROUTES = _routes()
WRITES = [(m, p) for m, p in ROUTES if m == "POST"]
# A viewer may log out and look after their own password and tokens; nothing else.
OWN_ACCOUNT = {"/login", "/login/totp", "/logout", "/account/totp", "/account/password"}
RECORD_WRITES = [
    (m, p) for m, p in WRITES if p not in OWN_ACCOUNT and not p.startswith("/account/token")
]


def concrete(path: str) -> str:
    return re.sub(r"\{([^}]+)\}", lambda m: SAMPLE.get(m.group(1), "x"), path)


def test_the_route_table_is_collected() -> None:
    paths = {p for _, p in ROUTES}
    assert {"/events", "/events/{cluster_id}", "/api/events", "/api/docs", "/map"} <= paths
    assert len(RECORD_WRITES) >= 6


@pytest.mark.parametrize(("method", "path"), [r for r in ROUTES if r not in PUBLIC])
def test_every_route_refuses_without_a_login(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, concrete(path))

    if path.startswith("/api") and path != "/api/docs":
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"
    elif path == "/login":  # the login post itself, without its form token
        assert response.status_code in (403, 422)
    else:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login")


@pytest.mark.parametrize(("method", "path"), RECORD_WRITES)
def test_a_viewer_cannot_change_anything(
    client: TestClient, login: Login, method: str, path: str
) -> None:
    csrf = login("vera")
    assert csrf

    response = client.request(
        method,
        concrete(path),
        data={"csrf_token": csrf, "action": "verify", "reason": "looks right"},
        headers={"X-CSRF-Token": csrf},
    )

    assert response.status_code == 403


def test_a_viewer_reads(client: TestClient, login: Login, desk: Desk) -> None:
    login("vera")
    cluster = desk.cluster_with("almaty-en.txt")

    assert client.get("/events").status_code == 200
    assert client.get(f"/events/{cluster}").status_code == 200
    assert client.get("/api/events").json()["total"] == 4
    assert "Verify" not in client.get(f"/events/{cluster}").text


def test_a_form_without_its_csrf_token_is_refused(
    client: TestClient, login: Login, desk: Desk
) -> None:
    csrf = login("ana")
    cluster = desk.cluster_with("kyiv-uk.txt")

    missing = client.post(f"/events/{cluster}/review", data={"action": "verify", "reason": "ok"})
    wrong = client.post(
        f"/events/{cluster}/review",
        data={"action": "verify", "reason": "ok", "csrf_token": csrf[::-1]},
    )

    assert missing.status_code == 403
    assert wrong.status_code == 403
    assert desk.store.reviews(cluster_id=cluster) == []


def test_an_api_write_with_the_cookie_needs_the_csrf_header(
    client: TestClient, login: Login, desk: Desk
) -> None:
    csrf = login("ana")
    cluster = desk.cluster_with("kyiv-uk.txt")
    body = {"action": "verify", "reason": "two sources"}

    refused = client.post(f"/api/events/{cluster}/reviews", json=body)
    accepted = client.post(
        f"/api/events/{cluster}/reviews", json=body, headers={"X-CSRF-Token": csrf}
    )

    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    assert accepted.status_code == 201


def test_the_login_form_needs_its_own_token(client: TestClient) -> None:
    response = client.post("/login", data={"name": "ana", "password": PASSWORD})

    assert response.status_code == 403
    assert SESSION_COOKIE not in response.cookies


def test_a_wrong_password_is_refused_without_saying_which_part(
    client: TestClient, login: Login
) -> None:
    assert login("ana", "not the password") == ""
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"name": "nobody", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
    )
    assert response.status_code == 401
    assert "wrong name or password" in response.text


def test_five_failures_lock_the_account(client: TestClient, login: Login, desk: Desk) -> None:
    for _ in range(5):
        assert login("ana", "guess guess guess") == ""

    assert login("ana") == ""  # the right password, too late
    account = desk.store.account("ana")
    assert account is not None and account.locked_until is not None
    actions = [e.action for e in desk.store.audit_log(account="ana")]
    assert actions.count("login_failed") == 6
    assert "lockout" in actions


def test_an_admin_unlocks_a_locked_account(client: TestClient, login: Login, desk: Desk) -> None:
    for _ in range(5):
        login("ana", "guess guess guess")
    csrf = login("adam", totp=ADMIN_TOTP)

    client.post("/admin/users/ana", data={"csrf_token": csrf, "change": "unlock"})
    client.cookies.clear()

    assert login("ana") != ""


def test_an_admin_needs_the_second_factor(client: TestClient, desk: Desk) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"name": "adam", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
    )
    assert response.headers["location"].startswith("/login/totp")

    # Half logged in is not logged in.
    assert client.get("/admin/users").status_code == 303
    assert client.get("/api/me").status_code == 401

    step = client.get("/login/totp")
    wrong = client.post("/login/totp", data={"code": "000000", "csrf_token": csrf_of(step.text)})
    assert wrong.status_code == 401
    right = client.post(
        "/login/totp",
        data={"code": pyotp.TOTP(ADMIN_TOTP).now(), "csrf_token": csrf_of(step.text)},
    )
    assert right.status_code == 303
    assert client.get("/admin/users").status_code == 200
    assert client.get("/api/me").json() == {
        "name": "adam",
        "role": "admin",
        "totp": True,
        "via": "session",
    }


def test_an_admin_without_a_second_factor_enrols_at_login(
    client: TestClient, login: Login, desk: Desk
) -> None:
    desk.store.update_account("adam", totp_secret=None)
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"name": "adam", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
    )
    assert response.headers["location"].startswith("/account/totp")
    enrol = client.get(response.headers["location"])
    secret = re.search(r'name="secret" value="([A-Z2-7]+)"', enrol.text)
    assert secret and "otpauth://totp/" in enrol.text

    done = client.post(
        "/account/totp",
        data={
            "secret": secret.group(1),
            "code": pyotp.TOTP(secret.group(1)).now(),
            "csrf_token": csrf_of(enrol.text),
        },
    )

    # Logged in, shown its one-time recovery codes once.
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code></li>", done.text)
    assert len(codes) == 10
    assert client.get("/admin/users").status_code == 200
    account = desk.store.account("adam")
    assert account is not None and account.totp_secret == secret.group(1)


def test_a_non_admin_may_turn_on_a_second_factor(
    client: TestClient, login: Login, desk: Desk
) -> None:
    login("vera")
    enrol = client.get("/account/totp")
    secret = re.search(r'name="secret" value="([A-Z2-7]+)"', enrol.text)
    assert secret and "<svg" in enrol.text  # a QR code to scan
    enrolled_with = pyotp.TOTP(secret.group(1)).now()
    done = client.post(
        "/account/totp",
        data={
            "secret": secret.group(1),
            "code": enrolled_with,
            "password": PASSWORD,
            "csrf_token": csrf_of(enrol.text),
        },
    )
    assert done.status_code == 200 and "recovery-codes" in done.text
    client.cookies.clear()

    assert login("vera") == ""  # no code given
    # The code typed at enrolment is spent: the next login needs the next one (or a recovery
    # code, which is what a test cannot wait 30 seconds for).
    codes = re.findall(r"<li><code>([a-z2-9-]{14})</code></li>", done.text)
    assert log_in_with_code(client, "vera", enrolled_with) == ""
    assert log_in_with_code(client, "vera", codes[0]) != ""


def log_in_with_code(client: TestClient, name: str, code: str) -> str:
    """Log in with a literal second-factor code (a recovery code); the CSRF token or ""."""
    page = client.get("/login")
    client.post(
        "/login", data={"name": name, "password": PASSWORD, "csrf_token": csrf_of(page.text)}
    )
    step = client.get("/login/totp")
    if step.status_code != 200:
        return ""
    done = client.post("/login/totp", data={"code": code, "csrf_token": csrf_of(step.text)})
    if done.status_code != 303:
        return ""
    return csrf_of(client.get("/events").text)


def test_a_session_alone_cannot_change_a_second_factor(
    client: TestClient, login: Login, desk: Desk
) -> None:
    assert login("adam", totp=ADMIN_TOTP) != ""
    enrol = client.get("/account/totp")
    assert 'name="password"' in enrol.text and 'name="current_code"' in enrol.text
    secret = re.search(r'name="secret" value="([A-Z2-7]+)"', enrol.text)
    assert secret
    new = {
        "secret": secret.group(1),
        "code": pyotp.TOTP(secret.group(1)).now(),
        "csrf_token": csrf_of(enrol.text),
    }

    no_password = client.post("/account/totp", data=new)
    wrong_code = client.post(
        "/account/totp", data={**new, "password": PASSWORD, "current_code": "123456"}
    )

    assert no_password.status_code == 422 and "password is wrong" in no_password.text
    assert wrong_code.status_code == 422 and "current second factor" in wrong_code.text
    account = desk.store.account("adam")
    assert account is not None and account.totp_secret == ADMIN_TOTP


def test_a_totp_code_cannot_be_replayed(client: TestClient, desk: Desk) -> None:
    code = pyotp.TOTP(ADMIN_TOTP).now()
    assert log_in_with_code(client, "adam", code) != ""
    client.cookies.clear()
    # The same code again, inside its 30-second window: refused.
    assert log_in_with_code(client, "adam", code) == ""


def test_an_api_token_authenticates_scripts(client: TestClient, desk: Desk) -> None:
    minted = CliRunner().invoke(
        main, ["user", "token", "ana", "--label", "nightly export", "--db", str(desk.db)]
    )
    assert minted.exit_code == 0, minted.output
    token = minted.stdout.strip()
    bearer = {"Authorization": f"Bearer {token}"}
    cluster = desk.cluster_with("kyiv-uk.txt")

    assert client.get("/api/me", headers=bearer).json()["via"] == "token"
    # No browser sends a bearer token by itself: a write needs no CSRF header.
    written = client.post(
        f"/api/events/{cluster}/reviews",
        json={"action": "verify", "reason": "checked"},
        headers=bearer,
    )
    assert written.status_code == 201
    bad = client.get("/api/me", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    assert bad.json()["error"]["code"] == "not_authenticated"
    assert client.get("/api/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_a_revoked_token_stops_working(client: TestClient, login: Login, desk: Desk) -> None:
    csrf = login("vera")
    page = client.post("/account/token", data={"csrf_token": csrf, "label": "notebook"})
    token = re.search(r'id="new-token">([^<]+)<', page.text)
    assert token
    bearer = {"Authorization": f"Bearer {token.group(1)}"}
    assert client.get("/api/me", headers=bearer).status_code == 200

    [minted] = desk.store.api_tokens("vera")
    client.post(f"/account/tokens/{minted.id}/revoke", data={"csrf_token": csrf})

    assert client.get("/api/me", headers=bearer).status_code == 401


def test_logout_ends_the_session(client: TestClient, login: Login, desk: Desk) -> None:
    csrf = login("ana")

    response = client.post("/logout", data={"csrf_token": csrf})

    assert response.status_code == 303
    assert client.get("/events").status_code == 303
    assert [e.action for e in desk.store.audit_log(account="ana", limit=2)] == [
        "logout",
        "login",
    ]


def test_session_cookie_flags(desk: Desk) -> None:
    with TestClient(desk.app, base_url="https://desk.test", follow_redirects=False) as client:
        page = client.get("/login")
        response = client.post(
            "/login",
            data={"name": "ana", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        )
    cookie = next(
        v for k, v in response.headers.multi_items() if k == "set-cookie" and SESSION_COOKIE in v
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
    assert "Secure" in cookie


def test_a_login_only_redirects_within_the_site(client: TestClient) -> None:
    page = client.get("/login")
    response = client.post(
        "/login",
        data={
            "name": "ana",
            "password": PASSWORD,
            "csrf_token": csrf_of(page.text),
            "next": "//evil.example/",
        },
    )
    assert response.headers["location"] == "/"


def test_admin_adds_a_user_and_every_change_is_audited(
    client: TestClient, login: Login, desk: Desk
) -> None:
    csrf = login("adam", totp=ADMIN_TOTP)

    client.post(
        "/admin/users",
        data={"csrf_token": csrf, "name": "olga", "role": "analyst", "password": PASSWORD},
    )
    client.post("/admin/users/olga", data={"csrf_token": csrf, "change": "role", "role": "viewer"})
    client.post("/admin/users/olga", data={"csrf_token": csrf, "change": "disable"})
    refused = client.post("/admin/users/adam", data={"csrf_token": csrf, "change": "disable"})

    olga = desk.store.account("olga")
    assert olga is not None and olga.role == "viewer" and olga.disabled
    assert refused.status_code == 422
    details = [e.detail for e in desk.store.audit_log(account="adam")]
    assert "added olga (analyst)" in details
    assert "olga: role analyst -> viewer" in details
    assert "olga: disabled" in details
    assert "olga" in client.get("/admin/audit").text
