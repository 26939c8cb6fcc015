"""The whole build through the library API and the CLI: outputs, determinism, bad input."""

import os
from pathlib import Path

import pytest

from kg.cli import main
from kg.pipeline import build, build_corpus, collect, sample_path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLE_TEXT = sample_path().read_text(encoding="utf-8")


def test_pipeline_sample_builds_july_dates_without_flags():
    corpus = build_corpus([sample_path()])
    dates = {e.entry.date for e in corpus.entries}
    assert {d.month for d in dates} == {7} and {d.year for d in dates} == {2024}
    assert len(corpus.entries) == 65
    assert any("2024-07" in n.message for n in corpus.notices)


def test_pipeline_writes_every_output_and_is_byte_identical(tmp_path):
    first = build([sample_path()], tmp_path / "a", use_cache=False)
    second = build([sample_path()], tmp_path / "b", use_cache=False)
    names = sorted(first.outputs)
    assert names == sorted(["graph.ttl", "coattendance.html", "coattendance.gexf", "coattendance.graphml",
                            "people.csv", "edges.csv", "coattendance.json", "store"])
    names.remove("store")  # RocksDB's files are not byte-stable; its content is tested in test_store.py
    for name in names:
        assert first.outputs[name].read_bytes() == second.outputs[name].read_bytes(), name


def test_pipeline_cli_build_prints_one_line_per_document(tmp_path, capsys):
    assert main(["build", str(sample_path()), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("zhangye-2024-07: 65 entries,")
    assert (tmp_path / "graph.ttl").exists()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n", "empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("undecodable.txt", bytes([0x81, 0x30, 0xFF, 0xFE, 0x85, 0x20, 0xC3]) * 40, "decode"),
    ("undated.txt", "市政府工作要事记\n\n今天天气很好。\n".encode("utf-8"), "no dated"),
])
def test_pipeline_bad_file_gets_one_line_naming_it(tmp_path, capsys, name, data, message):
    path = write(tmp_path / name, data)
    assert main(["build", str(path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(path) in err[0] and "Traceback" not in err[0]
    assert message in err[0].lower()
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_pipeline_folder_without_chronicles(tmp_path, capsys):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert main(["build", str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "no .txt, .html or .htm file" in err


def test_pipeline_mixed_folder_builds_the_good_and_names_the_bad(tmp_path, capsys):
    write(tmp_path / "in" / "good.txt", SAMPLE_TEXT.encode("utf-8"))
    write(tmp_path / "in" / "bad.txt", b"")
    assert main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert "good: 65 entries" in captured.out
    assert "bad.txt" in captured.err
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0


def test_pipeline_impossible_day_is_warned_and_kept_undated(tmp_path):
    text = SAMPLE_TEXT.replace("31日,第四次全国文物普查", "32日,第四次全国文物普查")
    path = write(tmp_path / "zhangye-2024-07.txt", text.encode("utf-8"))
    result = collect([path])
    (entry,) = [e.entry for e in result.corpus.entries if "第四次全国文物普查" in e.entry.text]
    assert entry.date is None
    assert any("32" in n.message and n.line for n in result.corpus.notices)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_pipeline_unwritable_output_folder_user(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert main(["build", str(sample_path()), "--out", str(locked / "out")]) == 1
    assert str(locked) in capsys.readouterr().err


def test_pipeline_output_folder_that_is_a_file(tmp_path, capsys):
    blocker = tmp_path / "out"
    blocker.write_text("not a folder")
    assert main(["build", str(sample_path()), "--out", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert str(blocker) in err and "Traceback" not in err


def same_facts(corpus):
    return {(e.entry.index, e.entry.date, m.name_simplified, m.role) for e in corpus.entries for m in e.present}


@pytest.mark.parametrize("variant", ["gb18030", "html", "traditional"])
def test_pipeline_encoded_and_converted_copies_give_the_same_facts(tmp_path, variant):
    import zhconv

    if variant == "gb18030":
        path = write(tmp_path / "zhangye-2024-07.txt", SAMPLE_TEXT.encode("gb18030"))
    elif variant == "html":
        body = "".join(f"<p>{line}</p>\n" for line in SAMPLE_TEXT.splitlines() if line.strip())
        page = (f"<html><head><meta charset='utf-8'><title>市政府工作要事记</title><script>var x=1;</script></head>"
                f"<body><nav>首页 &gt; 政府公报</nav><div class='article'>{body}</div>"
                f"<footer>版权所有&nbsp;张掖市人民政府</footer></body></html>")
        path = write(tmp_path / "zhangye-2024-07.html", page.encode("utf-8"))
    else:
        path = write(tmp_path / "zhangye-2024-07.txt", zhconv.convert(SAMPLE_TEXT, "zh-tw").encode("utf-8"))
    original = same_facts(build_corpus([sample_path()]))
    copy = same_facts(build_corpus([path]))
    matched = len(original & copy)
    f1 = 2 * matched / (len(original) + len(copy))
    assert f1 >= 0.98


def test_pipeline_same_file_name_in_two_folders_gives_two_documents(tmp_path):
    write(tmp_path / "in" / "zhangye" / "2024-07.txt", SAMPLE_TEXT.encode("utf-8"))
    write(tmp_path / "in" / "copy" / "2024-07.txt", SAMPLE_TEXT.encode("gb18030"))
    result = collect([tmp_path / "in"])
    assert not result.failures
    assert sorted(d.doc_id for d in result.corpus.documents) == ["copy-2024-07", "zhangye-2024-07"]
    assert {e.entry.doc_id for e in result.corpus.entries} == {"copy-2024-07", "zhangye-2024-07"}


@pytest.mark.parametrize("enabled_before", [True, False])
def test_pipeline_cycle_collection_paused_during_a_build_and_restored(enabled_before):
    import gc

    from kg.pipeline import cycle_collection_paused

    (gc.enable if enabled_before else gc.disable)()
    try:
        with cycle_collection_paused():
            assert not gc.isenabled()
            records = [{"kept": n} for n in range(1000)]
        assert gc.isenabled() == enabled_before
        assert gc.get_freeze_count() >= len(records)  # not walked again by the collector's next pass
        with pytest.raises(ValueError), cycle_collection_paused():
            raise ValueError("a failing stage")
        assert gc.isenabled() == enabled_before
    finally:
        gc.unfreeze()
        gc.enable()
