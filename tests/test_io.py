"""Atomic writing: whole files and files streamed piece by piece, never seen half-written."""

import pytest

from kg.errors import OutputError
from kg.io import atomic_file, write_atomic, write_atomic_chunks


def _pieces():
    yield "@prefix dsj: <https://w3id.org/dashiji/ontology#> .\n"
    for n in range(3):
        yield f'<event/x/{n}> dsj:sourceText "{n}日,市委书记主持召开会议"@zh .\n'


def test_io_chunks_give_the_bytes_of_the_joined_text(tmp_path):
    whole, streamed = tmp_path / "whole.ttl", tmp_path / "streamed.ttl"
    write_atomic(whole, "".join(_pieces()).encode("utf-8"))
    write_atomic_chunks(streamed, _pieces())
    assert streamed.read_bytes() == whole.read_bytes()


def test_io_chunks_may_be_bytes_and_use_the_encoding_given(tmp_path):
    target = tmp_path / "graph.graphml"
    write_atomic_chunks(target, [b"<a>", "张\n"], encoding="ascii", errors="xmlcharrefreplace")
    assert target.read_bytes() == b"<a>&#24352;\n"


def test_io_failure_while_streaming_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old\n", encoding="utf-8")

    def broken():
        yield "new, first half\n"
        raise RuntimeError("writer failed half way")

    with pytest.raises(RuntimeError, match="half way"):
        write_atomic_chunks(target, broken())
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_io_atomic_file_is_renamed_into_place_with_usual_permissions(tmp_path):
    target = tmp_path / "sub" / "people.csv"
    with atomic_file(target) as out:
        out.write(b"key\n")
        assert not target.exists()  # nothing visible before the block ends
    assert target.read_bytes() == b"key\n"
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask_now()


def _umask_now() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_io_unwritable_folder_is_an_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        write_atomic_chunks(blocker / "graph.ttl", ["x"])
