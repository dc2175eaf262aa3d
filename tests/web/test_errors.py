"""The web desk's one error shape, on a tiny app of its own: whatever refuses a request under
``/api`` (our WebError, a library error, FastAPI's validation, Starlette's routing) answers
``{"error": {"code", "message"}}``; a page asks for a login or shows a small HTML page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI, Query
from fastapi.templating import Jinja2Templates
from fastapi.testclient import TestClient
from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from khronika.errors import InvalidEventError, KhronikaError, StoreError
from khronika.web.app import TEMPLATES_DIR
from khronika.web.errors import (
    API_ERRORS,
    ErrorBody,
    Forbidden,
    Invalid,
    NotAuthenticated,
    NotFound,
    WebError,
    describe_errors,
    error_body,
    install_handlers,
    is_api,
)


def _app() -> FastAPI:
    """Routes that fail in every way the real desk can, under /api and as pages."""
    app = FastAPI()
    install_handlers(app, Jinja2Templates(directory=TEMPLATES_DIR))

    @app.get("/api/cases/{case}")
    def case(case: str) -> dict[str, str]:
        raise NotFound(f"{case}: no such case")

    @app.get("/api/merge")
    def merge() -> None:
        raise WebError(409, "Dana Ospan's reports are already one happening")

    @app.get("/api/teapot")
    def teapot() -> None:
        raise WebError(418, "short and stout")

    @app.get("/api/store")
    def store() -> None:
        raise StoreError("database is locked")

    @app.get("/api/event")
    def event() -> None:
        raise InvalidEventError("unknown event type 'picnic'")

    @app.get("/api/private")
    def private() -> None:
        raise NotAuthenticated()

    @app.get("/api/page")
    def page(size: int = Query(ge=1)) -> dict[str, int]:
        return {"size": size}

    @app.get("/people/{name}")
    def person(name: str) -> None:
        raise Forbidden(f"viewers may not open <b>{name}</b>")

    @app.get("/account")
    def account() -> None:
        raise NotAuthenticated()

    @app.get("/api/docs")
    def docs() -> None:
        raise NotAuthenticated()

    return app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(_app(), follow_redirects=False, raise_server_exceptions=False) as test:
        yield test


def _error(client: TestClient, path: str, status: int) -> dict[str, str]:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    return dict(body["error"])


def test_a_not_found_under_api_is_json(client: TestClient) -> None:
    assert _error(client, "/api/cases/seitkali", 404) == {
        "code": "not_found",
        "message": "seitkali: no such case",
    }


def test_a_status_gets_its_usual_code(client: TestClient) -> None:
    assert _error(client, "/api/merge", 409)["code"] == "conflict"


def test_a_status_without_a_usual_code_is_error(client: TestClient) -> None:
    assert _error(client, "/api/teapot", 418) == {"code": "error", "message": "short and stout"}


def test_a_library_error_is_a_500_with_its_message(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    assert _error(client, "/api/store", 500) == {
        "code": "store_error",
        "message": "database is locked",
    }
    assert "GET /api/store: database is locked" in caplog.text


def test_an_event_that_breaks_the_contract_is_invalid(client: TestClient) -> None:
    assert _error(client, "/api/event", 422) == {
        "code": "invalid",
        "message": "unknown event type 'picnic'",
    }


def test_validation_names_the_parameter_in_one_line(client: TestClient) -> None:
    error = _error(client, "/api/page?size=0", 422)
    assert error["code"] == "invalid"
    assert error["message"].startswith("size: ")
    assert "greater than or equal to 1" in error["message"]
    assert _error(client, "/api/page", 422)["message"].startswith("size: ")


def test_routing_errors_have_the_shape_too(client: TestClient) -> None:
    assert _error(client, "/api/nothing/here", 404)["code"] == "not_found"
    response = client.post("/api/merge")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_an_api_login_refusal_asks_for_a_bearer_token(client: TestClient) -> None:
    response = client.get("/api/private")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == error_body("not_authenticated", "log in first")


def test_a_page_that_needs_a_login_redirects_to_it_with_the_way_back(client: TestClient) -> None:
    response = client.get("/account?tab=tokens&x=1")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Faccount%3Ftab%3Dtokens%26x%3D1"


def test_the_api_docs_page_is_refused_like_a_page(client: TestClient) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fapi%2Fdocs"


def test_other_page_errors_are_a_small_html_page_with_the_message_escaped(
    client: TestClient,
) -> None:
    response = client.get("/people/Marat")
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "403 · forbidden" in response.text
    assert "viewers may not open &lt;b&gt;Marat&lt;/b&gt;" in response.text
    assert "<b>Marat</b>" not in response.text


def test_an_unknown_page_is_an_html_404(client: TestClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert "404 · not found" in response.text


# --- the pieces ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "status", "code", "message"),
    [
        (NotAuthenticated(), 401, "not_authenticated", "log in first"),
        (Forbidden(), 403, "forbidden", "your role may not do this"),
        (NotFound("pe_ospan: nobody"), 404, "not_found", "pe_ospan: nobody"),
        (Invalid("since: bad date"), 422, "invalid", "since: bad date"),
        (WebError(429, "slow down"), 429, "too_many_requests", "slow down"),
        (WebError(400, "odd", code="csrf_missing"), 400, "csrf_missing", "odd"),
    ],
)
def test_each_refusal_carries_status_code_and_message(
    error: WebError, status: int, code: str, message: str
) -> None:
    assert (error.status, error.code, error.message, str(error)) == (status, code, message, message)


def _request(path: str) -> Request:
    return Request(
        {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}
    )


@pytest.mark.parametrize(
    ("path", "api"),
    [
        ("/api", True),
        ("/api/events", True),
        ("/api/docs", False),
        ("/apiary", False),
        ("/events", False),
        ("/", False),
    ],
)
def test_is_api_by_path_prefix(path: str, api: bool) -> None:
    assert is_api(_request(path)) is api


class _Review(BaseModel):
    action: str
    reason: str


def test_describe_errors_joins_every_problem() -> None:
    with pytest.raises(ValidationError) as caught:
        _Review.model_validate({"action": 3})
    text = describe_errors(caught.value)
    assert text.split("; ") == ["action: Input should be a valid string", "reason: Field required"]


def test_the_documented_error_responses_use_the_one_shape() -> None:
    assert set(API_ERRORS) == {401, 403, 404, 422}
    assert all(entry["model"] is ErrorBody for entry in API_ERRORS.values())
    shape = ErrorBody.model_validate(error_body("not_found", "gone"))
    assert (shape.error.code, shape.error.message) == ("not_found", "gone")


def test_library_errors_are_khronika_errors() -> None:
    # The handler for KhronikaError is what turns StoreError into a 500 with a message.
    assert issubclass(StoreError, KhronikaError)
