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
