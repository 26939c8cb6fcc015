"""Tests for kg.cluster: `kg build --scheduler` on a Dask LocalCluster writes the bytes of a local build."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import main
from kg.pipeline import build, sample_path

distributed = pytest.importorskip("dask.distributed")
pytestmark = pytest.mark.slow  # a cluster of two worker processes and two builds: about 45 s
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "chronicles"


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_cluster_build_writes_the_bytes_of_a_local_build(scheduler, tmp_path):
    inputs = [FIXTURES, sample_path()]
    remote = build(inputs, tmp_path / "remote", use_cache=False, scheduler=scheduler, nquads=True)
    local = build(inputs, tmp_path / "local", use_cache=False, jobs=1, nquads=True)
    assert [r.document.doc_id for r in remote.results] == [r.document.doc_id for r in local.results]
    assert [r.document.path for r in remote.results] == [r.document.path for r in local.results]
    assert [str(n) for r in remote.results for n in r.notices] == [str(n) for r in local.results for n in r.notices]
    remote_files, local_files = files(tmp_path / "remote"), files(tmp_path / "local")
    assert {"graph.ttl", "graph.nq", "coattendance.html", "people.csv"} <= set(remote_files)
    assert remote_files == local_files


def test_cluster_bad_file_is_named_as_locally(scheduler, tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "good.txt").write_bytes(sample_path().read_bytes())
    assert main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--scheduler", scheduler]) == 1
    err = capsys.readouterr().err
    assert f"error: {tmp_path / 'in' / 'empty.txt'}" in err and "kg-worker-" not in err


def test_cluster_unreachable_scheduler_is_one_line(tmp_path, capsys, monkeypatch):
    import kg.cluster

    monkeypatch.setattr(kg.cluster, "CONNECT_TIMEOUT", "1s")  # the default waits 10 s for a real cluster
    assert main(["build", str(sample_path()), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9") and "Traceback" not in err
