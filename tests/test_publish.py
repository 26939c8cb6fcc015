"""The output set as a whole: staging folder, manifest, lock, stale files removed, writers die with the build."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kg import __version__
from kg.cli import main
from kg.errors import OutputError
from kg.pipeline import CACHE_DIR_NAME, build, sample_path
from kg.publish import LOCK, MANIFEST, STAGING_PREFIX, output_lock
from kg.render import FILES

OUTPUTS = ("graph.ttl", *FILES.values())


@pytest.fixture
def chronicle(tmp_path) -> Path:
    path = tmp_path / "in" / "zhangye-2024-07.txt"
    path.parent.mkdir()
    path.write_bytes(sample_path().read_bytes())
    return path


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and p.name != LOCK}


def test_publish_manifest_lists_every_file_with_size_and_sha256(chronicle, tmp_path):
    out = tmp_path / "out"
    build([chronicle], out, use_cache=False)
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert [f["name"] for f in manifest["files"]] == sorted(OUTPUTS)
    for item in manifest["files"]:
        data = (out / item["name"]).read_bytes()
        assert item["size"] == len(data) and item["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["tool"]["version"] == __version__
    assert manifest["inputs"] == [{"document": "zhangye-2024-07", "path": str(chronicle),
                                   "sha256": manifest["inputs"][0]["sha256"]}]
    assert manifest["failed"] == []


def test_publish_same_input_gives_the_same_manifest(chronicle, tmp_path):
    for name in ("a", "b"):
        build([chronicle], tmp_path / name, use_cache=False, jobs=2 if name == "b" else 1)
    assert (tmp_path / "a" / MANIFEST).read_bytes() == (tmp_path / "b" / MANIFEST).read_bytes()


def test_publish_leaves_no_staging_folder_or_temporary_file(chronicle, tmp_path):
    out = tmp_path / "out"
    build([chronicle], out)
    hidden = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert hidden == sorted([CACHE_DIR_NAME, LOCK])


def test_publish_next_build_removes_what_a_stopped_build_left(chronicle, tmp_path):
    out = tmp_path / "out"
    build([chronicle], out)
    stale = [out / f"{STAGING_PREFIX}abc123", out / ".graph.ttl.x1y2z3.tmp", out / CACHE_DIR_NAME / ".k.json.q.tmp"]
    stale[0].mkdir()
    (stale[0] / "graph.ttl").write_text("half", encoding="utf-8")
    for path in stale[1:]:
        path.write_text("half", encoding="utf-8")
    build([chronicle], out)
    assert not any(path.exists() for path in stale)


def test_publish_failed_build_leaves_the_previous_set_untouched(chronicle, tmp_path, monkeypatch):
    import kg.render

    out = tmp_path / "out"
    build([chronicle], out, use_cache=False)
    before = _snapshot(out)
    real = kg.render.write_network_files

    def fail_midway(graph, out_dir, **options):
        real(graph, out_dir, **{**options, "kinds": ("html", "people")})
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.render, "write_network_files", fail_midway)
    (chronicle.parent / "second.txt").write_bytes(sample_path().read_bytes().replace("会议".encode(), "会".encode()))
    with pytest.raises(OSError):
        build([chronicle.parent], out, use_cache=False, jobs=1)
    assert _snapshot(out) == before
    assert not list(out.glob(STAGING_PREFIX + "*"))


def test_publish_second_build_into_a_locked_folder_stops_with_one_line(chronicle, tmp_path, capsys):
    out = tmp_path / "out"
    build([chronicle], out, use_cache=False)
    before = _snapshot(out)
    with output_lock(out):  # another build holds the folder
        with pytest.raises(OutputError, match="another kg build is writing into this folder"):
            build([chronicle], out)
        assert main(["build", str(chronicle), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"error: {out}: another kg build")
    assert _snapshot(out) == before
    build([chronicle], out)  # released with the holder


_ORPHAN = """
import os, sys, time
from pathlib import Path
from kg.pipeline import _start

def slow_writer(flag, pid_file):
    Path(pid_file).write_text(str(os.getpid()))
    time.sleep(3)
    Path(flag).write_text("written after the build was killed")

_start(True, slow_writer, sys.argv[1], sys.argv[2])
while not Path(sys.argv[2]).exists():
    time.sleep(0.05)
os.kill(os.getpid(), 9)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_publish_forked_writer_dies_with_a_killed_build(tmp_path):
    flag, pid_file = tmp_path / "flag", tmp_path / "pid"
    run = subprocess.run([sys.executable, "-c", textwrap.dedent(_ORPHAN), str(flag), str(pid_file)],
                         capture_output=True, timeout=60)
    assert run.returncode == -9, run.stderr
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid), Path(f"/proc/{pid}/status").read_text()[:300]
    time.sleep(3.5)
    assert not flag.exists()


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_publish_build_twice_into_output_inside_the_folder_it_reads(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "chronicles"
    folder.mkdir()
    (folder / "zhangye-2024-07.txt").write_bytes(sample_path().read_bytes())
    monkeypatch.chdir(folder)
    for flags in (["--no-cache"], ["--no-cache"], []):
        assert main(["build", ".", *flags]) == 0
    out = capsys.readouterr().out
    assert "coattendance" not in out.split("wrote")[0]  # its own page was never read as a chronicle
    assert out.count("zhangye-2024-07: 65 entries") == 3


def test_publish_kill_9_mid_build_keeps_the_previous_set_and_the_next_build_cleans_up(tmp_path):
    """`kill -9` of `kg build` while it writes (with forked writers): the files in place are
    still the previous build's, as its manifest says; the next build removes the staging folder."""
    import signal

    text = sample_path().read_text(encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    for copy in range(6):  # enough work that the kill lands while files are being written
        (folder / f"copy{copy}.txt").write_text(text.replace("会议", f"会议{copy}"), encoding="utf-8")
    out = tmp_path / "out"
    build([folder / "copy0.txt"], out, use_cache=False)
    before = _snapshot(out)
    child = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(folder), "--out", str(out),
                              "--no-cache", "--jobs", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(out.glob(STAGING_PREFIX + "*/*")):
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert any(out.glob(STAGING_PREFIX + "*")), "the build ended before it could be killed while writing"
    time.sleep(1)  # a writer that outlived the build would replace files now
    assert _snapshot(out) == before
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    for item in manifest["files"]:
        assert hashlib.sha256((out / item["name"]).read_bytes()).hexdigest() == item["sha256"]
    build([folder / "copy0.txt"], out, use_cache=False)
    assert not any(out.glob(STAGING_PREFIX + "*"))
