"""Cost of one chronicle entry that lists many people: `kg build` time and peak memory.

The co-attendance links of one event grow with the square of its list (1,000 names, 499,500
links); kg.network.LARGE_EVENT_ABOVE keeps them bounded. This script writes a chronicle whose
first entry names N made-up people (a surname and two given characters, no real names), runs
`kg build` on it in a fresh process and prints the seconds and the peak resident memory
(``resource.getrusage(RUSAGE_CHILDREN)``):

    python benchmarks/large_list.py 1000 3000

Times are for reading, not for tests; tests/test_network.py checks the memory only.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SURNAMES = "李王张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "建国明华立新志强文军平安春海燕红云峰宇涛丽娟伟刚"


def names(count: int) -> list[str]:
    """``count`` distinct three-character names (at most 20 × 26 × 26 = 13,520)."""
    made = ("".join(parts) for parts in itertools.product(SURNAMES, GIVEN, GIVEN))
    return list(itertools.islice(made, count))


def chronicle(count: int) -> str:
    """A month's chronicle: one meeting attended by ``count`` people, then an ordinary entry."""
    return ("# period: 2024-07\n"
            f"1日,全市干部大会召开,{'、'.join(names(count))}出席会议。\n"
            "2日,市长李建国出席座谈会。\n")


def measure(count: int, folder: Path) -> dict:
    """Build the chronicle of ``count`` names in a child process: exit code, seconds, peak MiB."""
    source = folder / f"list-{count}.txt"
    source.write_text(chronicle(count), encoding="utf-8")
    command = [sys.executable, "-m", "kg.cli", "build", str(source), "--out", str(folder / f"out-{count}"),
               "--no-cache", "--jobs", "1"]
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    return {"names": count, "exit": run.returncode, "seconds": round(seconds, 1),
            "peak_mib": round(peak_kib / 1024), "stderr": run.stderr[-500:]}


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("counts", nargs="+", type=int)
    args = options.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-large-list-") as folder:
        for count in args.counts:  # one process per count: the peak of the largest so far
            print(json.dumps(measure(count, Path(folder)), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
