"""benchmarks/generate.py: renamed copies of the shared chronicles (behaviour only, no timings)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from kg.pipeline import build_corpus

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks" / "generate.py")
generate = sys.modules.setdefault("bench_generate", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(generate)

@pytest.fixture(scope="module")
def two_copies(shared, tmp_path_factory) -> list[Path]:
    return generate.generate(tmp_path_factory.mktemp("bench") / "two", 2)


@pytest.mark.parametrize(("text", "expected"), [("1k", 1_000), ("26k", 26_000), ("1.5k", 1_500), ("1m", 1_000_000),
                                                ("950", 950)])
def test_benchmarks_size_parsed(text, expected):
    assert generate.parse_size(text) == expected


@pytest.mark.parametrize(("text", "mapping", "expected"), [
    ("8日,市委书记卢小亨主持召开市委常委会会议。卢小亨强调,要抓好落实。",
     {"卢小亨": "王建华"},
     "8日,市委书记王建华主持召开市委常委会会议。王建华强调,要抓好落实。"),
    ("市领导柴向前、朱书生参加。", {"柴向前": "李明", "朱书生": "周玉峰", "柴向": "X"}, "市领导李明、周玉峰参加。"),
])
def test_benchmarks_same_replacement_throughout_and_longest_first(text, mapping, expected):
    assert generate.replace_names(text, mapping) == expected


def test_benchmarks_fresh_names_are_new_and_not_words():
    maker = generate.NameMaker(seed=7, avoid=frozenset({"王建华"}))
    names = [maker.fresh(3) for _ in range(300)] + [maker.fresh(2) for _ in range(100)]
    assert len(set(names)) == len(names)
    assert "王建华" not in names and all(n[0] in generate.SURNAMES for n in names)
    again = generate.NameMaker(seed=7, avoid=frozenset({"王建华"}))
    assert [again.fresh(3) for _ in range(300)] == names[:300]  # seeded: the same corpus every time


def test_benchmarks_copies_named_per_copy_and_every_gold_name_replaced(two_copies):
    sources = sorted(generate.DEFAULT_CORPUS.glob("*.txt"))
    assert [p.name for p in two_copies] == [f"{s.stem}-c{k:05d}.txt" for k in range(2) for s in sources]
    names = generate.gold_names(generate.DEFAULT_GOLD)
    assert len(names) > 100
    for path in two_copies:
        text = path.read_text(encoding="utf-8")
        assert not [n for n in names if n in text], path.name


def test_benchmarks_people_grow_with_the_corpus(tmp_path, two_copies):
    one = build_corpus([p for p in two_copies if p.stem.endswith("-c00000")])
    two = build_corpus(two_copies)
    assert len(one.entries) == generate.gold_entry_count(generate.DEFAULT_GOLD)
    assert len(two.entries) == 2 * len(one.entries)
    assert len(two.persons) >= 1.9 * len(one.persons)
    first = {p.name_simplified for p in one.persons}
    second = {p.name_simplified for p in two.persons} - first
    assert len(second) >= 0.9 * len(first)  # the second copy's people have names of their own


def test_benchmarks_recurring_names_come_from_a_small_pool_per_city(shared, tmp_path):
    """With recurring names, the same people appear copy after copy: the people of ten copies
    are far fewer than ten times those of one, and names of one city never leak into another."""
    files = generate.generate(tmp_path / "recurring", 6, recurring=True)
    again = generate.generate(tmp_path / "again", 6, recurring=True)
    assert [p.read_bytes() for p in files] == [p.read_bytes() for p in again]  # seeded
    names = generate.gold_names(generate.DEFAULT_GOLD)
    assert not [n for p in files for n in names if n in p.read_text(encoding="utf-8")]
    one = build_corpus([p for p in files if p.stem.endswith("-c00000")])
    six = build_corpus(files)
    by_name = lambda corpus: {p.name_simplified for p in corpus.persons}  # noqa: E731
    assert len(by_name(six)) <= 2 * generate.RECURRING_POOL_FACTOR * len(by_name(one))
    assert len(by_name(six)) > len(by_name(one))
    attended = sorted((sum(1 for m in p.mentions if m.present) for p in six.persons), reverse=True)
    assert attended[0] >= 6  # hubs form: someone attends in copy after copy


def test_benchmarks_corpus_label():
    assert generate.corpus_label(4_000) == "4k"
    assert generate.corpus_label(40_000, recurring=True) == "40k-recurring"


def test_benchmarks_stages_run_in_one_build_context_and_write_what_a_build_writes(tmp_path, monkeypatch):
    """measure_stages times every stage of `kg build`, the store included, with one build's caches
    shared across the stages (as kg.pipeline.build runs them), and writes the page with its events."""
    import kg.resolve
    from kg import context

    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    import run

    seen = []
    real_resolve = kg.resolve.resolve
    monkeypatch.setattr(kg.resolve, "resolve", lambda *args: seen.append(context.current()) or real_resolve(*args))
    figures = run.measure_stages(REPO / "tests" / "fixtures" / "chronicles", tmp_path)
    assert set(figures["stages"]) == set(run.STAGES) and "store" in run.STAGES
    assert seen and seen[0] is not None and seen[0].sizes()  # inside a build context that the stages filled
    assert (tmp_path / "store").is_dir() and (tmp_path / "graph.ttl").is_file()
    assert '"events":{"' in (tmp_path / "coattendance.html").read_text(encoding="utf-8")


_projection_spec = importlib.util.spec_from_file_location("bench_projection", REPO / "benchmarks" / "projection.py")
projection = sys.modules.setdefault("bench_projection", importlib.util.module_from_spec(_projection_spec))
_projection_spec.loader.exec_module(projection)

#: One size of a run.py result, as it writes them (figures invented, round for the arithmetic).
_RESULT = {"size": "10k", "stages": {"entries": 10_000, "stages": {"read": 1.0, "segment": 1.0, "extract": 8.0,
                                                                  "resolve": 3.0, "render": 4.0}},
           "builds": {"1": {"seconds": 30.0, "peak_rss_mib": 1000.0}}}
#: A larger size measured end to end only (run.py --stages-up-to 10k), with two processes.
_UNSTAGED = {"size": "100k", "builds": {"2": {"seconds": 250.0, "peak_rss_mib": 2000.0, "peak_sum_pss_mib": 3000.0,
                                              "entries": 100_000}}}


def test_benchmarks_projection_splits_per_document_work_from_the_rest():
    cost = projection.per_entry_costs([_RESULT])
    assert cost["per_document"] == pytest.approx(10.0 / 10_000)  # read + segment + extract
    assert cost["once"] == pytest.approx(20.0 / 10_000)  # the rest of the end-to-end build
    assert cost["memory_mib"] == pytest.approx(0.1)


def test_benchmarks_projection_takes_the_rest_from_the_largest_build_less_its_parallel_part():
    cost = projection.per_entry_costs([_RESULT, _UNSTAGED])
    assert cost["per_document"] == pytest.approx(10.0 / 10_000)  # still from the staged 10k
    assert cost["once"] == pytest.approx((250.0 - 100.0 / 2) / 100_000)  # 100k entries' extraction over 2 processes
    assert cost["memory_mib"] == pytest.approx(3000.0 / 100_000)  # all processes, where sampled


def test_benchmarks_projection_a_cluster_divides_only_the_per_document_part():
    rows = {row["cores"]: row for row in projection.project([_RESULT], 1_000_000, cluster_cores=(100,))}
    assert rows[1]["seconds"] == pytest.approx(3000.0)
    assert rows[2]["seconds"] == pytest.approx(500.0 + 2000.0)
    assert rows[100]["seconds"] == pytest.approx(10.0 + 2000.0)
    assert rows[100]["memory_gib"] == pytest.approx(100_000 / 1024)


def test_benchmarks_projection_table_names_the_sizes_it_read():
    small = {**_RESULT, "size": "1k", "stages": {**_RESULT["stages"], "entries": 1_000}}
    table = projection.markdown([small, _RESULT], 1_000_000)
    assert "(the 10k stages)" in table and "(the 10k build, `--jobs 1`, 10,000 entries)" in table
    assert "| this machine, `--jobs 1` | 50 min | 97.7 GiB |" in table
    table = projection.markdown([small, _RESULT, _UNSTAGED], 1_000_000)
    assert "(the 100k build, `--jobs 2`, 100,000 entries)" in table
    assert "| this machine, `--jobs 2` | 42 min | 29.3 GiB |" in table


def _run_module():
    sys.path.insert(0, str(REPO / "benchmarks"))
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "benchmarks" / "run.py")
    module = sys.modules.setdefault("bench_run", importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)
    return module


def test_benchmarks_memory_of_a_process_tree_is_measured():
    import os

    run = _run_module()
    assert run._tree_pss_mib(os.getpid()) > 1
    assert run._tree_pss_mib(2**22 + 12345) is None  # no such process


def test_benchmarks_table_without_stage_breakdown_gives_growth_of_time_and_memory():
    """A large size measured by `kg build --format nq` only (no stages, no rebuild): the table
    still gives entries, peak memory (largest process and all processes) and the 10× ratios."""
    run = _run_module()

    def size(label, entries, seconds, rss, pss):
        build = {"seconds": seconds, "cpu_seconds": seconds * 1.5, "peak_rss_mib": rss, "peak_sum_pss_mib": pss,
                 "entries": entries, "persons": entries * 2, "digest": {}}
        return {"size": label, "nquads": True, "builds": {"2": build}, "identical_outputs": True}

    table = run.markdown([size("10k", 10_000, 60.0, 500.0, 700.0), size("100k", 100_000, 630.0, 2000.0, 2600.0)],
                         "python benchmarks/run.py --nquads")
    assert "`kg build --format nq --jobs 2`" in table
    assert "| entries × (relative to the first size) | 1.00× | 10.00× |" in table
    assert "| **`kg build --jobs 2` time ×** (CPU) | 1.00× (1.00×) | 10.50× (10.50×) |" in table
    assert "| peak memory, `--jobs 2` (all its processes, PSS) | 700 MiB | 2,600 MiB |" in table
    assert "| stage: extract (CPU) | – | – |" in table
