"""The `kg` command line: documented, helpful, and thin."""

from pathlib import Path

import pytest

from kg.cli import main, parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands():
    action = next(a for a in parser()._actions if a.dest == "command")
    return sorted(action.choices)


def test_cli_has_build_eval_query_serve():
    assert commands() == ["build", "eval", "query", "serve"]


@pytest.mark.parametrize("command", commands())
def test_cli_every_command_is_documented_in_the_readme(command):
    assert f"### `kg {command}" in README


@pytest.mark.parametrize("command", commands())
def test_cli_every_option_is_documented_in_the_readme(command):
    action = next(a for a in parser()._actions if a.dest == "command")
    for option in action.choices[command]._actions:
        for flag in option.option_strings:
            if flag.startswith("--") and flag != "--help":
                assert flag in README, f"kg {command} {flag} is not in README.md"


@pytest.mark.parametrize("command", commands())
def test_cli_help_shows_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert f"kg {command}" in capsys.readouterr().out.split("example")[-1]


def test_cli_readme_starts_with_the_two_setup_commands():
    block = README.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert "pip install" in block[0] and block[0].rstrip().endswith("kg build")
    assert "pytest" in block[1]


def test_cli_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--period", "2024-13"])
    assert exit_info.value.code == 2
    assert "period" in capsys.readouterr().err


def test_cli_missing_path_is_one_line(tmp_path, capsys):
    missing = tmp_path / "nowhere.txt"
    assert main(["build", str(missing), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(missing) in err and "Traceback" not in err


@pytest.mark.parametrize("argv, expected_jobs", [([], 3), (["--jobs", "1"], 1), (["--jobs", "2"], 2)])
def test_cli_build_uses_one_process_per_cpu_unless_told(monkeypatch, tmp_path, argv, expected_jobs):
    import kg.pipeline

    seen = {}

    def fake_build(paths, out, **options):
        seen.update(options)
        raise kg.pipeline.KgError("stopped after reading the options")

    monkeypatch.setattr(kg.pipeline, "available_cpus", lambda: 3)
    monkeypatch.setattr(kg.pipeline, "build", fake_build)
    assert main(["build", "--out", str(tmp_path), *argv]) == 1
    assert seen["jobs"] == expected_jobs


def test_cli_available_cpus_is_what_the_process_may_use():
    import os

    from kg.pipeline import available_cpus

    assert 1 <= available_cpus() <= (os.cpu_count() or 1)


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_cli_max_nodes_must_be_positive(tmp_path, capsys, value):
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--max-nodes", value, "--out", str(tmp_path / "out")])
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("kg build: error: argument --max-nodes: must be")
    assert not (tmp_path / "out").exists()


def test_cli_file_names_with_control_characters_are_escaped(tmp_path, capsys):
    from kg.pipeline import sample_path

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil\x1b[2J\nname\r.txt").write_bytes(sample_path().read_bytes())
    (folder / "empty\x07\u202e.txt").write_bytes(b"")
    assert main(["build", str(folder), "--out", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert not any(c in stream for c in "\x1b\r\x07\u202e")
    assert "evil\\x1b[2J\\nname\\r: 65 entries" in captured.out
    assert "empty\\x07\\u202e.txt" in captured.err
    assert len(captured.out.splitlines()) == 2  # one summary line, one "wrote" line


def test_cli_unexpected_error_is_one_line_without_traceback(tmp_path, capsys, monkeypatch):
    import kg.pipeline

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(kg.pipeline, "write_outputs", broken)
    monkeypatch.delenv("KG_DEBUG", raising=False)
    assert main(["build", "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == ["error: unexpected ZeroDivisionError: division by zero "
                                "(set KG_DEBUG=1 for the traceback)"]


def _hostile_inputs(folder: Path) -> dict[str, tuple[list[str], bool | None]]:
    """Issue 11's hostile inputs, written here: case → (kg build arguments, whether it must
    build: True, False, or None when either a graph or a one-line refusal will do)."""
    import os

    from kg.pipeline import sample_path

    sample = sample_path().read_text(encoding="utf-8")
    cases: dict[str, tuple[list[str], bool | None]] = {}

    def case(name: str, files: dict[str, str | bytes], *flags: str, builds: bool | None = True) -> None:
        root = folder / name
        root.mkdir(parents=True)
        for relative, data in files.items():
            (root / relative).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        cases[name] = ([str(root), *flags], builds)

    case("formula", {"evil.txt": '# city: =HYPERLINK("http://evil.example")\n# period: 2024-07\n'
                                 "1日,市长王五出席会议。\n2日,=1+1市长李四出席会议,@SUM(1)副市长赵六参加。\n"})
    case("deep-html", {"deep.html": "<html><body>" + "<div>" * 1000 + "<p>2024年7月1日,市长李四出席会议。</p>"
                                    + "</div>" * 1000 + "</body></html>"})
    case("period-line-year-0", {"zero.txt": "# period: 0000-01\n1日,市长李四出席会议。\n"}, builds=False)
    case("two-extensions", {"x.txt": sample, "x.html": "<html><body>" + "".join(
        f"<p>{line}</p>" for line in sample.splitlines()[:12]) + "</body></html>"})
    controls = sample.replace("主持", "主\x0b持", 3).replace("出席", "出\x0c席", 3).replace("会议", "会\x08议", 3)
    case("xml-forbidden", {"controls.txt": controls})  # a few in a long text: read, not refused as binary
    case("noncharacter", {"fffe.txt": sample.replace("会议", "会\ufffe议", 3)}, builds=None)
    case("links-and-fifo", {"good.txt": sample})
    (folder / "links-and-fifo" / "gone.txt").symlink_to(folder / "nowhere.txt")
    os.mkfifo(folder / "links-and-fifo" / "pipe.txt")
    return cases


def test_cli_hostile_inputs_build_a_readable_graph_or_stop_with_one_line(tmp_path):
    """Every input of issue 11 (bar the SPARQL ones) through `kg build` in its own process:
    a graph that rdflib and pyoxigraph both read, or one error line naming the file; never a
    traceback."""
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    import pyoxigraph
    import rdflib

    cases = _hostile_inputs(tmp_path / "in")
    started = {name: subprocess.Popen([sys.executable, "-m", "kg.cli", "build", *arguments, "--out",
                                       str(tmp_path / "out" / name)], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
               for name, (arguments, _) in cases.items()}  # side by side: each still a process of its own
    for name, (arguments, builds) in cases.items():
        out = tmp_path / "out" / name
        stdout, stderr = started[name].communicate(timeout=300)
        run = subprocess.CompletedProcess(started[name].args, started[name].returncode, stdout, stderr)
        assert "Traceback" not in run.stderr, (name, run.stderr)
        errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
        if builds is None:
            builds = run.returncode == 0
        if builds:
            for xml in ("coattendance.gexf", "coattendance.graphml"):
                ET.parse(out / xml)  # well-formed
            graph = out / "graph.ttl"
            assert len(rdflib.Graph().parse(graph, format="turtle")) > 0, name
            store = pyoxigraph.Store()
            store.load(path=str(graph), format=pyoxigraph.RdfFormat.TURTLE)
            assert len(store) > 0, name
        else:
            assert run.returncode == 1 and not (out / "graph.ttl").exists(), name
            assert len(errors) == 1 and arguments[0] in errors[0], (name, run.stderr)
        assert all(any(f in line for f in ("gone.txt", "pipe.txt", arguments[0])) for line in errors), errors
