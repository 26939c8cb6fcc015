"""Shared fixtures: the ../shared folder, the SHACL shapes graph, and headless Chromium (Debian
package, driven by Playwright) that may load files only."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
"""../shared beside the repository: the shared chronicles, their gold, the wide set, the scorer."""
SHARED_PARTS = ("corpus", "gold", "wide/corpus", "tools/score_ttl.py")


def shared_folder() -> Path:
    """../shared, for a test that needs it. Without it the test is skipped, naming what is
    missing; with the environment variable ``CI`` set it fails instead, so that a CI run
    without the shared material cannot pass by skipping a hundred tests."""
    missing = [part for part in SHARED_PARTS if not (SHARED / part).exists()]
    if missing:
        message = f"{SHARED} lacks {', '.join(missing)} (the shared chronicles belong beside the repository)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {message}", pytrace=False)
        pytest.skip(message)
    return SHARED


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (see :func:`shared_folder`)."""
    return shared_folder()


@pytest.fixture(scope="session")
def shapes_graph():
    """ontology/shapes.ttl, parsed once for the session."""
    import rdflib

    from kg.vocab import shapes_path

    return rdflib.Graph().parse(str(shapes_path()), format="turtle")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@dataclass
class PageLog:
    """What a page did that it should not: web requests (all blocked) and script errors."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the session; skipped with the reason when it is not installed."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} not found: install the Debian package 'chromium' (.ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium):
    """``open_page(path) -> (page, log)``: load a local file with every other request aborted
    and recorded, and wait until the network layout has settled."""
    contexts = []

    def route(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            route.abort()

    def _open(path, *, settled: bool = True):
        context = chromium.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
        contexts.append(context)
        log = PageLog()
        context.route("**/*", route)
        page = context.new_page()
        page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else log.requests.append(r.url))
        page.on("pageerror", lambda error: log.errors.append(f"pageerror: {error}"))
        page.on("console", lambda m: log.errors.append(f"console.{m.type}: {m.text}")
                if m.type in ("error", "warning") else None)
        page.goto(path.resolve().as_uri())
        if settled:
            page.wait_for_selector("html[data-settled='true']", state="attached", timeout=60_000)
        return page, log

    yield _open
    for context in contexts:
        context.close()
