"""Take the README's screenshots of the co-attendance page with Playwright and Debian's Chromium.

    python tools/screenshots.py [CHRONICLES ...] [--out docs]

Builds the chronicles (default: ../shared/corpus beside the repository, else the bundled sample),
writes the page and photographs each view: the network with a pair's shared events, a person's
circle coloured by role, the timeline of a pair, and the map. Every web request is blocked.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from kg.network import coattendance_graph
from kg.pipeline import build_corpus, sample_path
from kg.render import write_network_files

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--out", default=str(ROOT / "docs"))
    args = parser.parse_args()
    shared = ROOT.parent / "shared" / "corpus"
    paths = args.paths or ([shared] if shared.is_dir() else [sample_path()])
    corpus = build_corpus(paths)
    graph = coattendance_graph(corpus)
    out = Path(args.out)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        page_file = write_network_files(graph, folder, corpus=corpus, kinds=("html",))["html"]
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        context = browser.new_context(viewport={"width": 1400, "height": 860})
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page = context.new_page()
        page.goto(page_file.resolve().as_uri())
        page.wait_for_selector("html[data-settled='true']", state="attached", timeout=120_000)
        busiest, partner = _strongest_pair(graph)
        page.evaluate("([a, b]) => { network.selectNodes([a, b]); kgShowPair(a, b); }", [busiest, partner])
        page.screenshot(path=str(out / "page-network-pair.png"))
        page.evaluate("(a) => kgSetCircle(a)", busiest)
        page.select_option("#kg-colour", "role")
        page.screenshot(path=str(out / "page-circle.png"))
        page.click("#kg-reset")
        page.select_option("#kg-colour", "community")
        page.evaluate("([a, b]) => { network.selectNodes([a, b]); kgShowPair(a, b); }", [busiest, partner])
        page.click("#kg-view-timeline")
        page.screenshot(path=str(out / "page-timeline.png"))
        page.click("#kg-reset")
        page.click("#kg-view-map")
        page.screenshot(path=str(out / "page-map.png"))
        browser.close()
    print("wrote", ", ".join(str(out / name) for name in
                             ("page-network-pair.png", "page-circle.png", "page-timeline.png", "page-map.png")))


def _strongest_pair(graph) -> tuple[str, str]:
    u, v, _ = max(graph.edges(data="weight"), key=lambda e: (e[2], -ord(min(e[0], e[1])[0])))
    return (u, v) if graph.nodes[u]["events"] >= graph.nodes[v]["events"] else (v, u)


if __name__ == "__main__":
    main()
