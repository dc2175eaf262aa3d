"""The helpers every HTML route uses: render a template with the desk's usual context, redirect
after a POST with 303, and only ever redirect to a path on this site."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from fastapi.testclient import TestClient

from khronika.web.render import local_target, redirect, render

PAGE = (
    "who={{ principal }}|flash={{ flash }}|problem={{ problem }}|"
    "name={{ name }}|path={{ request.url.path }}"
)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    app = FastAPI()
    app.state.templates = Jinja2Templates(directory=tmp_path)

    @app.get("/people/{name}")
    def person(request: Request, name: str) -> HTMLResponse:
        return render(request, "page.html", None, name=name)

    @app.get("/refused")
    def refused(request: Request) -> HTMLResponse:
        return render(
            request, "page.html", None, status_code=409, problem="already merged", flash="kept"
        )

    return TestClient(app)


def test_render_fills_the_template_with_the_given_context(client: TestClient) -> None:
    response = client.get("/people/Dana%20Ospan")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text == (
        "who=None|flash=None|problem=None|name=Dana Ospan|path=/people/Dana Ospan"
    )


def test_render_shows_the_done_message_of_a_redirect_as_flash(client: TestClient) -> None:
    response = client.get("/people/Irina", params={"done": "Review saved"})
    assert "flash=Review saved|" in response.text


def test_render_escapes_what_it_is_given(client: TestClient) -> None:
    response = client.get("/people/x", params={"done": "<script>alert(1)</script>"})
    assert "<script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_explicit_flash_problem_and_status_win(client: TestClient) -> None:
    response = client.get("/refused", params={"done": "ignored"})
    assert response.status_code == 409
    assert response.text.startswith("who=None|flash=kept|problem=already merged|")


def test_redirect_is_a_see_other_to_the_url() -> None:
    response = redirect("/events/cl_taraz?done=Verified")
    assert response.status_code == 303
    assert response.headers["location"] == "/events/cl_taraz?done=Verified"


@pytest.mark.parametrize(
    "target",
    ["/events", "/events/cl_taraz?review=verified", "/people/pe_ospan#timeline", "/"],
)
def test_local_paths_are_kept(target: str) -> None:
    assert local_target(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "events",
        "//evil.example/login",
        "https://evil.example/",
        "http:/evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
    ],
)
def test_anything_else_falls_back_to_the_default(target: str | None) -> None:
    assert local_target(target) == "/"
    assert local_target(target, default="/events") == "/events"
