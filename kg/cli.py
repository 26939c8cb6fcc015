"""The `kg` command: a thin layer over kg.pipeline, kg.evaluate, kg.sparql and kg.serve."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from kg.errors import KgError
from kg.guard import DEFAULT_TIMEOUT
from kg.results import DEFAULT_MAX_ROWS, FORMATS

__all__ = ["main", "parser", "printable"]

BUILD_EXAMPLE = """examples:
  kg build                                  # the bundled sample chronicle into output/
  kg build chronicles/ --out out            # a folder of .txt/.html files, one process per CPU
  kg build chronicles/ --jobs 1             # in one process
  kg build zhangye.txt --period 2024-07 --city 张掖市
  kg build chronicles/ --format nq          # also graph.nq, for bulk loading into a SPARQL store
  kg build chronicles/ --scheduler tcp://10.0.0.5:8786   # extraction on a Dask cluster"""
EVAL_EXAMPLE = """example:
  kg eval output/graph.ttl ../shared/gold/*.jsonl --show-errors"""
QUERY_EXAMPLE = """examples:
  kg query --list                           # the canned queries, what they answer, their parameters
  kg query who-meets-whom                   # a canned query, from output/store (or output/graph.ttl)
  kg query met-with-person --param person=王建国 --format tsv
  kg query ontology/queries/met-with-person.rq --format csv
  kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/dashiji/ontology#Event> }' --format csv"""
SERVE_EXAMPLE = """examples:
  kg serve                                  # output/store at http://127.0.0.1:7878/ (query page) and /sparql
  kg serve --store out/store --port 8890 --timeout 20"""


def _period(value: str):
    from kg.dates import parse_period

    try:
        return parse_period(value)
    except KgError as error:
        raise argparse.ArgumentTypeError(f"period must look like 2024-07 or 2025-08/2025-09 ({error.message})")


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


# Control characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides
# in a file name would move the cursor, end a line or reorder what the terminal shows.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """``text`` safe to print on one terminal line: control characters shown as escapes.

    >>> printable("a\\nb\\x1b[31m.txt: 1 entry")
    'a\\\\nb\\\\x1b[31m.txt: 1 entry'
    """
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], str(text))


def _say(text: object, file=None) -> None:
    print(printable(text), file=file or sys.stdout)


def parser() -> argparse.ArgumentParser:
    """The argument parser of every `kg` command."""
    top = argparse.ArgumentParser(prog="kg", description="Knowledge graphs from Chinese government chronicles (大事记).")
    commands = top.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build chronicles into graph.ttl and the co-attendance page",
                                epilog=BUILD_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("paths", nargs="*", metavar="PATH", help="chronicle files or folders (default: the bundled sample)")
    build.add_argument("--out", default="output", help="output folder (default: output)")
    build.add_argument("--period", type=_period, help="the chronicle's month (YYYY-MM, or YYYY-MM/YYYY-MM), overriding its header")
    build.add_argument("--city", help="the chronicle's own city, overriding what is inferred")
    build.add_argument("--jobs", type=int, help="processes working in parallel (default: one per CPU); "
                       "the output is the same for any number")
    build.add_argument("--no-cache", action="store_true", help="re-extract every document")
    build.add_argument("--base-iri", help="namespace for minted IRIs (default: https://w3id.org/dashiji/id/)")
    build.add_argument("--max-nodes", type=_positive, help="most people drawn in coattendance.html")
    build.add_argument("--format", choices=("ttl", "nq"), default="ttl",
                       help="nq also writes graph.nq (N-Quads, a named graph per document) for bulk loading")
    build.add_argument("--no-store", action="store_true", help="do not write the Oxigraph store (DIR/store)")
    build.add_argument("--scheduler", metavar="ADDRESS",
                       help="extract the documents on a Dask cluster (e.g. tcp://10.0.0.5:8786); same output")

    evaluate = commands.add_parser("eval", help="score a graph against gold annotations",
                                   epilog=EVAL_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    evaluate.add_argument("graph", metavar="GRAPH.ttl")
    evaluate.add_argument("gold", nargs="+", metavar="GOLD.jsonl")
    evaluate.add_argument("--show-errors", action="store_true", help="list every error after the metrics")
    evaluate.add_argument("--json", action="store_true", help="print the metrics as JSON")
    evaluate.add_argument("--simplified", action="store_true", help="compare after Traditional→Simplified conversion")

    query = commands.add_parser("query", help="run a SPARQL query over a built graph",
                                epilog=QUERY_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    query.add_argument("query", metavar="QUERY", nargs="?",
                       help="a .rq file, a canned query's name, or the query text")
    query.add_argument("--graph", help="the store folder or a graph file "
                       "(default: output/store when it exists, else output/graph.ttl)")
    query.add_argument("--format", choices=FORMATS, default="table",
                       help="a text table, or a SPARQL 1.1 Query Results format (json, xml, csv, tsv)")
    query.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph")
    query.add_argument("--param", action="append", metavar="NAME=VALUE",
                       help="bind a variable of the query (repeatable), e.g. person=王建国")
    query.add_argument("--list", action="store_true", help="list the canned queries and their parameters")
    query.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                       help=f"stop the query after this many seconds (default: {DEFAULT_TIMEOUT:g})")
    query.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS,
                       help=f"most rows the table shows (default: {DEFAULT_MAX_ROWS})")

    serve = commands.add_parser("serve", help="a read-only SPARQL endpoint and query page over the store",
                                epilog=SERVE_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    serve.add_argument("--store", default="output/store", help="the store folder (default: output/store)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=7878, help="port (default: 7878; 0 picks a free one)")
    serve.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                       help=f"stop a query after this many seconds (default: {DEFAULT_TIMEOUT:g})")
    serve.add_argument("--workers", type=int, default=2, help="queries answered at once (default: 2)")
    return top


def _progress(total_hint: int):
    from tqdm import tqdm

    def wrap(stream):
        return tqdm(stream, total=total_hint, unit="doc", file=sys.stderr, disable=None, leave=False)

    return wrap


def _run_build(args) -> int:
    from kg.pipeline import available_cpus, build, sample_path, summary_line
    from kg.read import find_chronicles
    from kg.resolve import resolution_summary

    paths = args.paths or [sample_path()]
    if args.jobs is None:
        args.jobs = available_cpus()
    if args.jobs < 1:
        raise KgError(f"--jobs must be at least 1, not {args.jobs}")
    total = len(find_chronicles(paths))
    result = build(paths, args.out, period=args.period, city=args.city, jobs=args.jobs,
                   use_cache=not args.no_cache, base_iri=args.base_iri, max_nodes=args.max_nodes,
                   progress=_progress(total) if total > 1 else None, store=not args.no_store,
                   nquads=args.format == "nq", scheduler=args.scheduler, freeze_heap=True)
    for item in result.results:
        _say(summary_line(item))
        for notice in item.notices:
            _say(f"warning: {notice}", file=sys.stderr)
    for failure in result.failures:
        _say(f"error: {failure}", file=sys.stderr)
    _font_note()
    corpus = result.corpus
    _say(f"wrote {', '.join(str(p) for p in result.outputs.values())} "
         f"({len(corpus.entries)} events, {len(corpus.persons)} persons after resolution "
         f"{resolution_summary(corpus.persons, corpus.documents)})")
    return 1 if result.failures else 0


def _font_note() -> None:
    """Say once, when the machine has no Chinese font, which package to install."""
    from kg.fonts import missing_font_notice

    notice = missing_font_notice()
    if notice:
        print(f"note: {notice}", file=sys.stderr)


def _run_eval(args) -> int:
    from kg.evaluate import evaluate, format_report

    report = evaluate(args.graph, args.gold, simplified=args.simplified)
    if args.show_errors:
        for line in report.errors:
            print(line, file=sys.stderr)
    print(report.to_json() if args.json else format_report(report, show_errors=False))
    return 0


def _run_query(args) -> int:
    from kg.canned import bind_parameters, canned_queries, format_catalogue, load_query, parse_parameters
    from kg.sparql import default_graph, format_result, run_query

    if args.list:
        sys.stdout.write(format_catalogue())
        return 0
    if not args.query:
        raise KgError("give a query (a canned query's name, a .rq file or SPARQL text), or --list")
    name = args.query if args.query in canned_queries() else None
    query = bind_parameters(load_query(args.query), parse_parameters(args.param), name=name)
    graph = Path(args.graph) if args.graph else default_graph("output", args.engine)
    source = None if any(c.isspace() for c in args.query) else args.query
    result = run_query(query, graph, engine=args.engine, source=source, timeout=args.timeout or None)
    sys.stdout.write(format_result(result, args.format, max_rows=args.max_rows))
    return 0


def _run_serve(args) -> int:
    from kg.serve import serve

    if args.timeout <= 0 or args.workers < 1:
        raise KgError("--timeout must be positive and --workers at least 1")

    def ready(url: str) -> None:
        print(f"serving {args.store} at {url}/ (query page) and {url}/sparql (SPARQL endpoint); "
              "Ctrl-C stops", flush=True)
        if args.host not in ("127.0.0.1", "localhost", "::1"):
            print(f"warning: listening on {args.host}: other machines can query this store", file=sys.stderr)

    serve(args.store, host=args.host, port=args.port, timeout=args.timeout, workers=args.workers, ready=ready)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of `kg`; returns the exit code (0 ok, 1 failed input, 2 usage)."""
    args = parser().parse_args(argv)
    runners = {"build": _run_build, "eval": _run_eval, "query": _run_query, "serve": _run_serve}
    try:
        return runners[args.command](args)
    except KgError as error:
        _say(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # a bug: one line for the user, the traceback with KG_DEBUG=1
        if os.environ.get("KG_DEBUG"):
            raise
        _say(f"error: unexpected {type(error).__name__}: {error} (set KG_DEBUG=1 for the traceback)",
             file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; no partial output was left behind", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
