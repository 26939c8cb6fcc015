"""The ``shared`` fixture of tests/conftest.py: skip without ../shared, but fail loudly under CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NEEDS_SHARED = '''
def test_needs_the_shared_corpus(shared):
    assert (shared / "corpus").is_dir()
'''


def _run_without_shared(tmp_path: Path, ci: bool) -> subprocess.CompletedProcess:
    """pytest on a test that needs ../shared, in a repository copy that has none beside it."""
    tests = tmp_path / "repo" / "tests"
    tests.mkdir(parents=True)
    shutil.copy(Path(__file__).with_name("conftest.py"), tests / "conftest.py")
    (tests / "test_needs_shared.py").write_text(NEEDS_SHARED, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", str(tests)],
                          cwd=tests, env=env, capture_output=True, text=True)


def test_conftest_missing_shared_skips_with_the_reason(tmp_path):
    run = _run_without_shared(tmp_path, ci=False)
    assert run.returncode == 0, run.stdout
    assert "1 skipped" in run.stdout and "lacks corpus" in run.stdout


def test_conftest_missing_shared_fails_under_ci(tmp_path):
    run = _run_without_shared(tmp_path, ci=True)
    assert run.returncode == 1, run.stdout
    assert "1 error" in run.stdout and "CI is set" in run.stdout  # the fixture fails: an error, not a skip


def test_conftest_shared_is_the_folder_beside_the_repository(shared):
    assert shared == Path(__file__).resolve().parents[2] / "shared"
    assert (shared / "gold").is_dir() and (shared / "wide" / "corpus").is_dir()


@pytest.mark.parametrize("part", ["corpus", "gold", "wide/corpus", "tools/score_ttl.py"])
def test_conftest_shared_holds_what_tests_read(shared, part):
    assert (shared / part).exists()
