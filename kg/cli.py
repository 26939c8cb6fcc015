"""The `kg` command: a thin layer over kg.pipeline, kg.evaluate and kg.sparql."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from kg.errors import KgError

__all__ = ["main", "parser", "printable"]

BUILD_EXAMPLE = """examples:
  kg build                                  # the bundled sample chronicle into output/
  kg build chronicles/ --out out            # a folder of .txt/.html files, one process per CPU
  kg build chronicles/ --jobs 1             # in one process
  kg build zhangye.txt --period 2024-07 --city 张掖市"""
EVAL_EXAMPLE = """example:
  kg eval output/graph.ttl ../shared/gold/*.jsonl --show-errors"""
QUERY_EXAMPLE = """examples:
  kg query who-meets-whom                   # a canned query from ontology/queries/
  kg query ontology/queries/met-with-person.rq --format csv
  kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/dashiji/ontology#Event> }' --format csv"""


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

    evaluate = commands.add_parser("eval", help="score a graph against gold annotations",
                                   epilog=EVAL_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    evaluate.add_argument("graph", metavar="GRAPH.ttl")
    evaluate.add_argument("gold", nargs="+", metavar="GOLD.jsonl")
    evaluate.add_argument("--show-errors", action="store_true", help="list every error after the metrics")
    evaluate.add_argument("--json", action="store_true", help="print the metrics as JSON")
    evaluate.add_argument("--simplified", action="store_true", help="compare after Traditional→Simplified conversion")

    query = commands.add_parser("query", help="run a SPARQL query over a built graph",
                                epilog=QUERY_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    query.add_argument("query", metavar="QUERY", help="a .rq file, a canned query's name, or the query text")
    query.add_argument("--graph", default="output/graph.ttl", help="Turtle file (default: output/graph.ttl)")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")
    query.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph")
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
                   progress=_progress(total) if total > 1 else None, freeze_heap=True)
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
    from kg.sparql import format_result, load_query, run_query

    result = run_query(load_query(args.query), Path(args.graph), engine=args.engine, source=args.query)
    sys.stdout.write(format_result(result, args.format))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of `kg`; returns the exit code (0 ok, 1 failed input, 2 usage)."""
    args = parser().parse_args(argv)
    runners = {"build": _run_build, "eval": _run_eval, "query": _run_query}
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
