"""Settings: where the cache of derived indexes lives."""

from __future__ import annotations

from pathlib import Path

import pytest

from khronika.settings import Settings, cache_dir, store_overrides


def test_the_cache_is_khronikas_folder_in_the_users_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KHRONIKA_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "khronika"

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "khronika"


def test_khronika_cache_dir_overrides_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("KHRONIKA_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"


def test_the_environment_turns_the_learned_layer_off_and_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("KHRONIKA_LEARNED_TYPING", raising=False)
    assert Settings.from_env().extraction.learned_typing, "on by default"

    monkeypatch.setenv("KHRONIKA_LEARNED_TYPING", "0")
    assert not Settings.from_env().extraction.learned_typing

    monkeypatch.setenv("KHRONIKA_LEARNED_TYPING", "1")
    assert Settings.from_env().extraction.learned_typing


def test_a_db_option_is_a_file_or_a_database_url() -> None:
    assert store_overrides("desk.db") == {"db": Path("desk.db")}
    assert store_overrides("postgresql://dana@db.example/desk") == {
        "db_url": "postgresql://dana@db.example/desk"
    }
    assert store_overrides(None) == store_overrides("") == {}


def test_a_database_url_in_khronika_db_is_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHRONIKA_DB", "postgresql://dana@db.example/desk")
    assert Settings.from_env().database_url == "postgresql://dana@db.example/desk"
    # A file given on the command line beats it.
    given = Settings.from_env(**store_overrides("local.db"))
    assert given.database_url == "sqlite:///local.db"
