"""Logins under parallel requests, against the real server (uvicorn on the loopback, requests
from threads, each from its own loopback address where the story needs one).

The story of the issue: fourteen wrong guesses and the right password fired at once used to
race past the lockout (the count was checked before the slow Argon2 verify, and the success
cleared the lock). Now every attempt is counted before it is checked.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pyotp
import pytest
from live import served
from webdesk import ADMIN_TOTP, PASSWORD, Desk

from khronika.store import schema
from khronika.web.security import SESSION_COOKIE

PARALLEL = 20


@pytest.fixture
def server(desk: Desk) -> Iterator[str]:
    """The desk served by uvicorn on a free loopback port; its base URL."""
    with served(desk.app) as base:
        yield base


def browser(base: str, address: str = "127.0.0.1") -> httpx.Client:
    """A client from loopback ``address`` that has loaded the login form (its CSRF cookie)."""
    client = httpx.Client(
        base_url=base,
        transport=httpx.HTTPTransport(local_address=address),
        follow_redirects=False,
        timeout=60,
    )
    client.get("/login")
    return client


def form_token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def post_login(client: httpx.Client, name: str, password: str) -> httpx.Response:
    page = client.get("/login")
    return client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": form_token(page.text)},
    )


def has_session(client: httpx.Client) -> bool:
    return client.get("/api/me").status_code == 200


def checked_attempts(desk: Desk, name: str) -> int:
    """How many attempts on ``name`` reached a password or code check."""
    table = schema.login_attempts
    with desk.store._engine.connect() as connection:
        rows = connection.execute(
            table.select().where(table.c.name == name, table.c.outcome != "ok")
        ).all()
    return len(rows)


def fire(clients: list[httpx.Client], passwords: list[str]) -> list[bool]:
    """Each client posts its password for "ana" at the same moment; which got a session."""
    start = threading.Barrier(len(clients))

    def attempt(pair: tuple[httpx.Client, str]) -> bool:
        client, password = pair
        page = client.get("/login")
        start.wait()
        client.post(
            "/login",
            data={"name": "ana", "password": password, "csrf_token": form_token(page.text)},
        )
        return has_session(client)

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(attempt, zip(clients, passwords, strict=True)))


def test_parallel_guesses_never_race_past_the_lock(server: str, desk: Desk) -> None:
    guesses = PARALLEL - 1
    opened = fire([browser(server) for _ in range(guesses)], ["guess guess guess"] * guesses)

    assert not any(opened)
    # Counted before checking: no more Argon2 checks ran than the lock allows.
    assert checked_attempts(desk, "ana") <= desk.app.state.web.lockout_threshold
    # Then the right password, as in the issue: refused, the lock holds.
    late = browser(server)
    refused = post_login(late, "ana", PASSWORD)
    assert refused.status_code == 401 and "too many failed logins" in refused.text
    assert not has_session(late)
    audited = desk.store.audit_log(limit=None, account="ana")
    assert sum(entry.action == "login_failed" for entry in audited) == PARALLEL


def test_twenty_parallel_attempts_give_a_session_only_for_the_password(
    server: str, desk: Desk
) -> None:
    passwords = ["guess guess guess"] * (PARALLEL - 1) + [PASSWORD]
    opened = fire([browser(server) for _ in range(PARALLEL)], passwords)

    assert all(password == PASSWORD for password, won in zip(passwords, opened, strict=True) if won)


def test_twenty_parallel_second_factors_open_one_session_at_most(server: str, desk: Desk) -> None:
    # Twenty browsers that all passed the password step, then the same (right) code at once:
    # a code is spent by its first use, so at most one of them logs in.
    clients = [browser(server) for _ in range(PARALLEL)]
    for client in clients:
        assert post_login(client, "adam", PASSWORD).status_code == 303
        assert not has_session(client)  # the password alone opens nothing
    code = pyotp.TOTP(ADMIN_TOTP).now()
    start = threading.Barrier(PARALLEL)

    def second_factor(client: httpx.Client) -> bool:
        step = client.get("/login/totp")
        start.wait()
        client.post("/login/totp", data={"code": code, "csrf_token": form_token(step.text)})
        return has_session(client)

    with ThreadPoolExecutor(PARALLEL) as pool:
        opened = list(pool.map(second_factor, clients))

    assert sum(opened) == 1


def test_the_owner_logs_in_after_an_attacker_s_hundred_failures_elsewhere(
    server: str, desk: Desk
) -> None:
    owner = browser(server, "127.0.0.2")
    assert post_login(owner, "ana", PASSWORD).status_code == 303  # the owner's usual address
    attacker = browser(server, "127.0.0.3")

    answers = {post_login(attacker, "ana", "guess guess guess").status_code for _ in range(100)}

    assert answers == {401}
    again = browser(server, "127.0.0.2")
    assert post_login(again, "ana", PASSWORD).status_code == 303
    assert has_session(again)
    # A new address is still held back by the attacker's failures.
    stranger = browser(server, "127.0.0.4")
    refused = post_login(stranger, "ana", PASSWORD)
    assert refused.status_code == 401 and "too many failed logins" in refused.text
    assert SESSION_COOKIE not in refused.cookies
