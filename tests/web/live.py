"""The desk live for browser and race tests: served by uvicorn in a thread on a free loopback
port, and a Chromium page (Debian's, driven by Playwright) to read it with.

Imported by the tests as ``live`` (the test folders are not packages; the name is unique).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from fastapi import FastAPI

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
# Flags for a sandboxed CI container; the background ones keep Chromium itself off the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served(app: FastAPI, *, stop_within: float = 10) -> Iterator[str]:
    """``app`` served by uvicorn in a thread; its base URL while the block runs."""
    port = free_port()
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the desk did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=stop_within)


@contextmanager
def chromium_page(**context: Any) -> Iterator[Any]:
    """A fresh Chromium page (1280×900, 15 s timeouts); ``context`` goes to its browser context."""
    from playwright import sync_api

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        opened = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
        page = opened.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            opened.close()
            browser.close()
