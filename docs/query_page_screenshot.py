"""Take docs/query-page.png: `kg serve` on the sample's store, the query page running who-meets-whom in Chromium.

    python docs/query_page_screenshot.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from kg.pipeline import build, sample_path  # noqa: E402
from test_serve import run_query_page  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = build([sample_path()], folder, use_cache=False, jobs=1).outputs["store"]
        server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", "0"],
                                  stdout=subprocess.PIPE, text=True)
        try:
            url = server.stdout.readline().split(" at ", 1)[1].split("/ ", 1)[0]
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                text, log = run_query_page(browser, url, screenshot=ROOT / "docs" / "query-page.png")
                browser.close()
            assert not log.requests and not log.errors, (log.requests, log.errors)
        finally:
            server.terminate()
            server.wait()
    print("wrote docs/query-page.png")


if __name__ == "__main__":
    main()
