"""What a corpus of 1M entries would take, projected from the per-entry cost measured by benchmarks/run.py.

A build has two parts. Reading, dating, segmenting and extracting are per document: they run on
``--jobs`` processes here and on every core of a Dask cluster with ``--scheduler``. Resolution, the
graph, the network, its files and the store run on the one machine that runs ``kg build``. The
projection takes the per-entry cost of the per-document part from the largest size with a stage
breakdown, that of the rest from the largest end-to-end build (where fixed costs no longer count),
and the per-entry peak memory of that build:

    python benchmarks/projection.py benchmarks/results/results-YYYYMMDD-HHMMSS.json [--entries 1M]

It prints a Markdown table. A projection is a ratio, not a measurement: say which run it came from.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402  (benchmarks/generate.py, next to this file)

__all__ = ["PER_DOCUMENT", "per_entry_costs", "project", "markdown", "main"]

PER_DOCUMENT = ("read", "segment", "extract")
"""The stages a worker runs for one document (kg.job.process_document); the rest run once, after."""
CLUSTER_CORES = (8, 32, 128)
"""Cluster sizes (worker cores) the table shows."""


def _largest(results: list[dict], has) -> dict:
    return max((r for r in results if has(r)), key=lambda r: _entries(r))


def _entries(result: dict) -> int:
    stages = result.get("stages") or {}
    return stages.get("entries") or next(iter(result["builds"].values()))["entries"]


def per_entry_costs(results: list[dict]) -> dict[str, float]:
    """Seconds per entry of the per-document stages (one core), of the rest of ``kg build``, and
    MiB of peak memory per entry, from a run.py result.

    The per-document stages come from the largest size with a stage breakdown (they are per
    document, so linear). The rest comes from the largest end-to-end build, run with ``jobs``
    processes: its wall time less the per-document work divided over them; it includes the store
    and everything written after resolution, as a user's build pays them. Memory is that build's
    peak over all its processes where it was sampled, else its largest process.
    """
    staged = _largest(results, lambda r: r.get("stages"))
    per_document = sum(staged["stages"]["stages"][name] for name in PER_DOCUMENT) / _entries(staged)
    built = _largest(results, lambda r: r.get("builds"))
    jobs = min(built["builds"], key=int)
    build = built["builds"][jobs]
    entries = _entries(built)
    once = max(build["seconds"] - per_document * entries / int(jobs), 0.0) / entries
    memory = build.get("peak_sum_pss_mib") or build["peak_rss_mib"]
    return {"entries": entries, "size": built["size"], "staged": staged["size"], "jobs": int(jobs),
            "per_document": per_document, "once": once, "memory_mib": memory / entries}


def project(results: list[dict], entries: int, cluster_cores: tuple[int, ...] = CLUSTER_CORES,
            local_cores: int = 2) -> list[dict]:
    """Projected wall time and peak memory of a build of ``entries`` entries: here (``local_cores``
    processes extracting) and with extraction on clusters of ``cluster_cores`` worker cores."""
    cost = per_entry_costs(results)
    once = cost["once"] * entries
    rows = [{"where": "this machine, `--jobs 1`", "cores": 1, "seconds": cost["per_document"] * entries + once},
            {"where": f"this machine, `--jobs {local_cores}`", "cores": local_cores,
             "seconds": cost["per_document"] * entries / local_cores + once}]
    rows += [{"where": f"Dask cluster, {cores} worker cores", "cores": cores,
              "seconds": cost["per_document"] * entries / cores + once} for cores in cluster_cores]
    for row in rows:
        row["memory_gib"] = cost["memory_mib"] * entries / 1024
    return rows


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def markdown(results: list[dict], entries: int) -> str:
    """The projection table for ``entries`` (see :func:`per_entry_costs` for what it reads)."""
    cost = per_entry_costs(results)
    lines = [f"Projected from one run: {cost['per_document'] * 1000:.2f} ms per entry per core for reading, "
             f"segmenting and extracting (the {cost['staged']} stages), {cost['once'] * 1000:.2f} ms per entry on "
             f"the machine running `kg build` for the rest and {cost['memory_mib'] * 1024:.0f} KiB of peak memory "
             f"per entry (the {cost['size']} build, `--jobs {cost['jobs']}`, {cost['entries']:,} entries).", "",
             f"| {entries:,} entries | wall time | peak memory of `kg build` |", "|---|---:|---:|"]
    for row in project(results, entries):
        lines.append(f"| {row['where']} | {_duration(row['seconds'])} | {row['memory_gib']:.1f} GiB |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the projection of a run.py results file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=Path, help="a results-*.json file written by benchmarks/run.py")
    parser.add_argument("--entries", type=generate.parse_size, default=1_000_000, metavar="SIZE")
    args = parser.parse_args(argv)
    print(markdown(json.loads(args.results.read_text(encoding="utf-8")), args.entries), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
