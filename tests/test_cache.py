"""The extraction cache: JSON data checked against its key and tool, never pickle, never a failed document."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import pickle
from enum import StrEnum
from pathlib import Path

import pytest

from kg.cache import CacheError, ResultCache, from_data, to_data
from kg.model import Period, Role
from kg.pipeline import CACHE_DIR_NAME, DocumentResult, build, process_document, sample_path

OUTPUTS = ("graph.ttl", "coattendance.html", "coattendance.gexf", "coattendance.graphml", "people.csv", "edges.csv")


def _digests(out: Path) -> dict[str, str]:
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in OUTPUTS}


@pytest.fixture
def chronicle(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "zhangye-2024-07.txt"
    path.write_bytes(sample_path().read_bytes())
    return path


def _entries(out: Path) -> list[Path]:
    return sorted((out / CACHE_DIR_NAME).glob("*.json"))


def test_cache_round_trip_gives_equal_records(tmp_path):
    fresh = process_document(sample_path(), cache_dir=tmp_path)
    cached = process_document(sample_path(), cache_dir=tmp_path)
    assert cached.from_cache and not fresh.from_cache
    assert dataclasses.replace(cached, from_cache=False) == fresh
    roles = {m.role for e in cached.entries for m in e.mentions if m.role}
    assert roles and all(type(role) is Role for role in roles)  # enums come back as enums
    assert all(type(e.entry.date) is dt.date for e in cached.entries if e.entry.date)


def test_cache_cached_build_is_byte_identical_to_an_uncached_one(chronicle, tmp_path):
    build([chronicle], tmp_path / "cached")
    again = build([chronicle], tmp_path / "cached")
    assert all(r.from_cache for r in again.results)
    build([chronicle], tmp_path / "fresh", use_cache=False)
    assert _digests(tmp_path / "cached") == _digests(tmp_path / "fresh")


def test_cache_entry_is_json_with_its_key_and_tool(chronicle, tmp_path):
    build([chronicle], tmp_path / "out")
    [entry] = _entries(tmp_path / "out")
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["key"] == entry.stem
    assert data["format"] == 1 and len(data["tool"]) == 16
    assert data["value"]["document"]["doc_id"] == "zhangye-2024-07"


class _Planted:
    """Unpickling this creates the file named in ``flag``: proof that a pickle was loaded."""

    def __init__(self, flag: str):
        self.flag = flag

    def __reduce__(self):
        return (Path.touch, (Path(self.flag),))


def test_cache_never_unpickles_a_planted_pickle(chronicle, tmp_path):
    out = tmp_path / "out"
    build([chronicle], out)
    [entry] = _entries(out)
    flag = tmp_path / "code-ran"
    payload = pickle.dumps(_Planted(str(flag)))
    entry.with_suffix(".pickle").write_bytes(payload)  # the old cache's name for the same key
    entry.write_bytes(payload)  # and in place of the JSON entry
    again = build([chronicle], out)
    assert not flag.exists()
    assert not again.failures and not again.results[0].from_cache
    assert any("damaged cache entry" in n.message for n in again.results[0].notices)
    assert not list((out / CACHE_DIR_NAME).glob("*.pickle"))  # the stale pickle is removed


def test_cache_entry_whose_key_does_not_match_is_not_used(chronicle, tmp_path):
    out = tmp_path / "out"
    build([chronicle], out)
    [entry] = _entries(out)
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["key"] = "0" * 32
    data["value"]["entries"] = []  # a forged entry: no events at all
    entry.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = build([chronicle], out)
    result = again.results[0]
    assert not result.from_cache and len(result.entries) == 65
    assert any("holds the key '0000000000" in n.message for n in result.notices)


@pytest.mark.parametrize("damage", [b"", b"{", b'{"format": 1}', b"\xff\xfe garbage", b"[" * 100000])
def test_cache_damaged_entry_is_a_warning_and_the_document_is_rebuilt(chronicle, tmp_path, damage):
    out = tmp_path / "out"
    build([chronicle], out)
    [entry] = _entries(out)
    entry.write_bytes(damage)
    again = build([chronicle], out)
    assert not again.failures and len(again.results[0].entries) == 65
    assert [n.message for n in again.results[0].notices if "cache" in n.message][0].startswith(
        f"ignored the damaged cache entry {entry}")
    assert json.loads(entry.read_bytes())["key"] == entry.stem  # rewritten whole


def test_cache_folder_that_is_a_file_is_a_warning_not_a_failure(chronicle, tmp_path, capsys):
    from kg.cli import main

    out = tmp_path / "out"
    out.mkdir()
    (out / CACHE_DIR_NAME).write_text("not a folder", encoding="utf-8")
    assert main(["build", str(chronicle), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "cannot write the cache" in err
    assert (out / "graph.ttl").stat().st_size > 0


def test_cache_full_disk_is_a_warning(chronicle, tmp_path, monkeypatch):
    import errno

    import kg.cache

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(kg.cache, "write_atomic", full)
    result = build([chronicle], tmp_path / "out")
    assert not result.failures and len(result.results[0].entries) == 65
    assert any("No space left on device" in n.message for n in result.results[0].notices)


def test_cache_unreadable_entry_is_a_warning(tmp_path, monkeypatch):
    cache = ResultCache(tmp_path, "tool")
    cache.store("k", Period(2024, 7))
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(PermissionError(13, "Permission denied")))
    value, warning = cache.load("k", Period)
    assert value is None and "Permission denied" in warning


def test_cache_entry_of_another_tool_version_is_rebuilt(tmp_path):
    ResultCache(tmp_path, "old-version").store("k", Period(2024, 7))
    value, warning = ResultCache(tmp_path, "new-version").load("k", Period)
    assert value is None and "another version" in warning
    assert ResultCache(tmp_path, "old-version").load("k", Period) == (Period(2024, 7), None)


class Colour(StrEnum):
    RED = "red"


@dataclasses.dataclass(frozen=True)
class Inner:
    day: dt.date
    colour: Colour | None = None


@dataclasses.dataclass(frozen=True)
class Outer:
    """A record shaped like kg.model's, with fields a later version may add."""

    name: str
    items: tuple[Inner, ...] = ()
    pair: tuple[int, str] = (0, "")
    score: float = 0.0
    lead_end: int | None = None
    extra: dict[str, int] = dataclasses.field(default_factory=dict)

    @property
    def present(self) -> bool:  # properties are not stored
        return bool(self.items)


def test_cache_serialiser_follows_the_dataclass_fields():
    value = Outer("张掖", (Inner(dt.date(2024, 7, 1), Colour.RED), Inner(dt.date(2024, 7, 2))), (3, "x"), 2,
                  lead_end=5, extra={"a": 1})
    data = json.loads(json.dumps(to_data(value)))
    assert "present" not in data
    back = from_data(data, Outer)
    assert back == value and type(back.items[0].colour) is Colour and type(back.score) is float


@pytest.mark.parametrize("data", [
    {"name": 1},  # wrong type
    {"items": []},  # required field missing
    {"name": "x", "unknown": 1},  # a field the record does not have
    {"name": "x", "items": [{"day": "2024-13-01"}]},  # impossible date
    {"name": "x", "items": [{"day": "2024-07-01", "colour": "blue"}]},  # not an enum value
    {"name": "x", "pair": [1, "a", "b"]},  # wrong tuple length
    {"name": "x", "lead_end": True},  # a bool is not an int here
])
def test_cache_serialiser_refuses_data_that_does_not_fit(data):
    with pytest.raises(CacheError):
        from_data(data, Outer)


def test_cache_document_result_type_round_trips_through_json(tmp_path):
    result = process_document(sample_path())
    data = json.loads(json.dumps(to_data(result), ensure_ascii=False))
    assert from_data(data, DocumentResult) == result
