"""The web desk's settings: sensible defaults, frozen, and KHRONIKA_WEB_* from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from khronika.web.config import WebSettings


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KHRONIKA_WEB_NODE_MODULES", raising=False)


def test_the_defaults_are_those_documented() -> None:
    web = WebSettings()
    assert (web.lockout_threshold, web.lockout_minutes) == (5, 15)
    assert (web.session_hours, web.pending_minutes) == (12, 5)
    assert (web.page_size, web.max_page_size) == (50, 500)
    assert web.totp_issuer == "khronika"


def test_the_default_node_modules_is_the_repositorys() -> None:
    node_modules = WebSettings().node_modules
    assert node_modules.name == "node_modules"
    assert (node_modules.parent / "package.json").is_file()


def test_settings_are_frozen() -> None:
    web = WebSettings()
    with pytest.raises(ValidationError):
        web.page_size = 10


def test_the_environment_names_node_modules(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KHRONIKA_WEB_NODE_MODULES", str(tmp_path / "vendored"))
    assert WebSettings.from_env().node_modules == tmp_path / "vendored"


def test_explicit_overrides_beat_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KHRONIKA_WEB_NODE_MODULES", str(tmp_path / "from-env"))
    web = WebSettings.from_env(node_modules=tmp_path / "given", page_size=20)
    assert (web.node_modules, web.page_size) == (tmp_path / "given", 20)


def test_overrides_left_as_none_keep_the_defaults() -> None:
    web = WebSettings.from_env(page_size=None, session_hours=None)
    assert (web.page_size, web.session_hours) == (50, 12)


def test_from_env_without_anything_equals_the_defaults() -> None:
    assert WebSettings.from_env() == WebSettings()


def test_values_are_validated() -> None:
    with pytest.raises(ValidationError, match="page_size"):
        WebSettings.from_env(page_size="fifty")
