"""The SPARQL service at corpus scale: the store against rdflib, `kg serve` against in-process, incremental store.

Measured in one run on one corpus (default 26k entries, generated as benchmarks/generate.py does):

* who-meets-whom through the store, as `kg query` runs it (the store opened read-only in a forked
  child with the time limit, the answer back), and `kg query` as a whole process; against rdflib
  parsing graph.ttl and running the same query (the target: the store at least 100× faster);
* who-meets-whom over HTTP from `kg serve` (SPARQL Results JSON, keep-alive) against the same
  query in-process on an open store (the target: within 2×), the median of five each;
* the store written by `kg build` (seconds, size), and after one document of the corpus changed:
  which named graphs the store update rewrote, and how long it took against a full write.

    python benchmarks/sparql_service.py --entries 26k
    python benchmarks/run.py --entries 26k --service      # the same, after run.py's own tables
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import generate

QUERY = "who-meets-whom"
WORK = generate.REPO / "benchmarks" / "results" / "service"
#: A selective question, as a reader asks it: one person's events (the most active person, found first).
ONE_PERSON = """SELECT ?date ?event WHERE {
  VALUES ?label { UNDEF }
  ?person rdfs:label ?label ; dsj:attended ?event .
  ?event dsj:date ?date .
} ORDER BY ?date ?event"""
RUNS = 3


def _median_seconds(function, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _corpus(entries: int) -> Path:
    folder = generate.DEFAULT_OUT / generate._label(entries)
    if not folder.is_dir():
        generate.main(["--entries", generate._label(entries)])
    return folder


def _build(corpus: Path, out: Path) -> dict:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(out), "--no-cache"],
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return {"seconds": time.perf_counter() - start}


def measure_store_vs_rdflib(out: Path) -> dict:
    from kg.canned import load_query
    from kg.sparql import load_graph, run_query

    query = load_query(QUERY)
    start = time.perf_counter()
    result = run_query(query, out / "store", timeout=600)
    store_seconds = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg.cli", "query", QUERY, "--graph", str(out / "store"), "--format", "csv"],
                   capture_output=True, check=True)
    cli_seconds = time.perf_counter() - start
    start = time.perf_counter()
    turtle = run_query(query, out / "graph.ttl", timeout=600)
    turtle_seconds = time.perf_counter() - start
    gc.collect()
    start = time.perf_counter()
    graph = load_graph(out / "graph.ttl", "rdflib")
    rdflib_load = time.perf_counter() - start
    start = time.perf_counter()
    answer = run_query(query, graph, engine="rdflib")
    rdflib_query = time.perf_counter() - start
    assert answer == result == turtle, "the store, the Turtle file and rdflib disagree"
    one = _one_person_query(out)
    start = time.perf_counter()
    one_store = run_query(one, out / "store", timeout=600)
    one_store_seconds = time.perf_counter() - start
    start = time.perf_counter()
    one_rdflib = run_query(one, graph, engine="rdflib")
    one_rdflib_query = time.perf_counter() - start
    assert one_store == one_rdflib and len(one_store) > 0
    return {"store": store_seconds, "kg_query_process": cli_seconds, "oxigraph_turtle": turtle_seconds,
            "rdflib_load": rdflib_load, "rdflib_query": rdflib_query, "rows": len(result),
            "ratio": (rdflib_load + rdflib_query) / store_seconds,
            "one_person": {"store": one_store_seconds, "rdflib_query": one_rdflib_query, "rows": len(one_store),
                           "ratio": (rdflib_load + one_rdflib_query) / one_store_seconds}}


def _one_person_query(out: Path) -> str:
    """ONE_PERSON bound to the most active person's name (through VALUES)."""
    from kg.canned import load_query
    from kg.results import Term, turtle_term
    from kg.sparql import run_query

    top = run_query(load_query("who-attended-most"), out / "store", timeout=600).values()[0][0]
    return ONE_PERSON.replace("UNDEF", turtle_term(Term("literal", top, lang="zh")))


def measure_serve(out: Path, query_text: str | None = None) -> dict:
    import pyoxigraph as ox

    from kg.canned import load_query
    from kg.vocab import PREFIXES

    query = query_text or load_query(QUERY)
    store = ox.Store.read_only(str(out / "store"))

    def in_process():
        answer = store.query(query, use_default_graph_as_union=True, prefixes=dict(PREFIXES))
        return answer.serialize(format=ox.QueryResultsFormat.JSON)

    local = _median_seconds(in_process)
    expected = json.loads(in_process())
    server = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(out / "store"), "--port", "0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = server.stdout.readline().split(" at ", 1)[1].split("/ ", 1)[0] + "/sparql"
        body = urllib.parse.urlencode({"query": query}).encode()

        def over_http():
            request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(request, timeout=600) as response:
                return response.read()

        answer = json.loads(over_http())  # the first query warms the worker
        remote = _median_seconds(over_http)
    finally:
        server.terminate()
        server.wait()
    assert answer["results"] == expected["results"], "kg serve and the store disagree"
    return {"in_process": local, "http": remote, "ratio": remote / local}


def measure_incremental(corpus: Path, out: Path) -> dict:
    """Change one document, rebuild graph.ttl, update the store; compare with writing a fresh store."""
    from kg.pipeline import build
    from kg.store import write_store

    changed_corpus = out.parent / "corpus-changed"
    shutil.rmtree(changed_corpus, ignore_errors=True)
    shutil.copytree(corpus, changed_corpus)
    files = sorted(p for p in changed_corpus.rglob("*") if p.suffix in (".txt", ".html"))
    target = files[len(files) // 2]
    text = target.read_text(encoding="utf-8")
    cut = text.rfind("\n", 0, len(text) - 2)
    target.write_text(text[:cut] + "\n", encoding="utf-8")  # the last entry dropped
    build([changed_corpus], out, use_cache=True, store=False)
    store = out / "store"
    start = time.perf_counter()
    update = write_store(out / "graph.ttl", store)
    incremental = time.perf_counter() - start
    fresh = out.parent / "fresh-store"
    shutil.rmtree(fresh, ignore_errors=True)
    start = time.perf_counter()
    full = write_store(out / "graph.ttl", fresh)
    full_seconds = time.perf_counter() - start
    shutil.rmtree(fresh, ignore_errors=True)
    documents = len(files)
    return {"documents": documents, "changed": target.name, "written": list(update.written),
            "kept": len(update.kept), "removed": list(update.removed), "seconds": incremental,
            "full_seconds": full_seconds, "full_written": len(full.written)}


def _size_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def run(entries: int, built: Path | None = None) -> dict:
    corpus = _corpus(entries)
    out = WORK / generate._label(entries) / "out"
    shutil.rmtree(out.parent, ignore_errors=True)
    if built:  # a kg build of this corpus made earlier: its time is not measured again
        shutil.copytree(built, out)
        figures = {"entries": entries, "build": {"seconds": float("nan")}}
    else:
        out.mkdir(parents=True)
        figures = {"entries": entries, "build": _build(corpus, out)}
    from kg.store import write_store

    start = time.perf_counter()
    write_store(out / "graph.ttl", out.parent / "store-alone")
    figures["store_write"] = time.perf_counter() - start
    figures["store_mib"] = _size_mib(out / "store")
    shutil.rmtree(out.parent / "store-alone")
    figures["turtle_mib"] = (out / "graph.ttl").stat().st_size / 2**20
    figures["query"] = measure_store_vs_rdflib(out)
    figures["serve"] = measure_serve(out)
    figures["serve_one_person"] = measure_serve(out, _one_person_query(out))
    figures["incremental"] = measure_incremental(corpus, out)
    return figures


def _written(graphs: list[str]) -> str:
    """The named graphs a store update wrote, in words: the shared one, and documents' by number."""
    from kg.store import SHARED_GRAPH

    shared = [g for g in graphs if g.endswith(SHARED_GRAPH)]
    documents = len(graphs) - len(shared)
    words = ([f"{documents} document graph{'s' if documents != 1 else ''}"] if documents else []) + \
        (["the shared graph (persons, posts, places, co-attendance links)"] if shared else [])
    return " and ".join(words) or "none"


def markdown(figures: dict) -> str:
    q, s, i = figures["query"], figures["serve"], figures["incremental"]
    o, so = q["one_person"], figures["serve_one_person"]
    label = generate._label(figures["entries"])
    lines = [
        f"### The SPARQL service at {label} entries ({QUERY}, {q['rows']:,} rows)",
        "",
        "| | seconds | ratio |",
        "|---|---:|---:|",
        f"| `kg build` (with the store) | {figures['build']['seconds']:.1f} | |",  # nan when --built
        f"| the store alone, written from graph.ttl ({figures['turtle_mib']:.0f} MiB Turtle → "
        f"{figures['store_mib']:.0f} MiB store) | {figures['store_write']:.1f} | |",
        f"| **{QUERY} through the store** (`run_query(…, 'output/store')`, as `kg query` runs it) | "
        f"{q['store']:.2f} | |",
        f"| `kg query {QUERY}` as a whole process (Python start-up included) | {q['kg_query_process']:.2f} | |",
        f"| oxigraph loading graph.ttl + query (what `kg query` did before the store) | {q['oxigraph_turtle']:.2f} | "
        f"{q['oxigraph_turtle'] / q['store']:.0f}× the store |",
        f"| rdflib: parse graph.ttl + query | {q['rdflib_load']:.1f} + {q['rdflib_query']:.1f} | "
        f"**{q['ratio']:.0f}×** the store |",
        f"| one person's events ({o['rows']} rows) through the store | {o['store']:.2f} | |",
        f"| the same with rdflib: parse graph.ttl + query | {q['rdflib_load']:.1f} + {o['rdflib_query']:.2f} | "
        f"**{o['ratio']:.0f}×** the store |",
        f"| {QUERY} in-process on an open store (JSON out), median of {RUNS} | {s['in_process']:.3f} | |",
        f"| **`kg serve` over HTTP** (POST, SPARQL Results JSON), median of {RUNS} | {s['http']:.3f} | "
        f"**{s['ratio']:.2f}×** in-process |",
        f"| one person's events in-process on an open store, median of {RUNS} | {so['in_process']:.3f} | |",
        f"| the same over HTTP from `kg serve`, median of {RUNS} | {so['http']:.3f} | "
        f"**{so['ratio']:.2f}×** in-process |",
        f"| store update after one document of {i['documents']:,} changed | {i['seconds']:.2f} | "
        f"vs {i['full_seconds']:.2f} for a full write |",
        "",
        f"The update after `{i['changed']}` lost its last entry rewrote {len(i['written'])} named "
        f"graph{'s' if len(i['written']) != 1 else ''}: {_written(i['written'])}; {i['kept']:,} graphs were kept as they were "
        f"(a full write writes {i['full_written']:,}).",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=generate.parse_size, default=26_000, metavar="SIZE",
                        help="corpus size in entries (default: 26k)")
    parser.add_argument("--built", type=Path, help="the output folder of a `kg build` of that corpus, reused")
    args = parser.parse_args(argv)
    figures = run(args.entries, args.built)
    report = markdown(figures)
    print(report)
    WORK.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (WORK / f"service-{stamp}.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")
    (WORK / f"service-{stamp}.md").write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
