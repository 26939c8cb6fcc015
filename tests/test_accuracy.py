"""The accuracy floors of the extraction issue, measured on the shared corpus and its gold."""

import json
import subprocess
import sys
import pytest

from kg.evaluate import evaluate
from kg.pipeline import build

pytestmark = pytest.mark.slow

FLOORS = {
    "segmentation_recall": 1.0,
    "date_accuracy": 0.98,
    "participant_f1": 0.97,
    "role_accuracy": 0.90,
    "edge_f1": 0.95,
    "place_f1": 0.80,
}


@pytest.fixture(scope="module")
def corpus_graph(shared, tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    result = build([shared / "corpus"], out, use_cache=False)
    assert not result.failures
    return out / "graph.ttl"


def test_accuracy_floors_hold_on_the_shared_corpus(shared, corpus_graph):
    metrics = evaluate(corpus_graph, sorted((shared / "gold").glob("*.jsonl"))).metrics
    for name, floor in FLOORS.items():
        assert metrics[name] >= floor, f"{name} {metrics[name]} < {floor}"
    assert metrics["absent_as_present"] == 0
    assert metrics["aligned"] == metrics["gold_entries"]


def test_accuracy_kg_eval_agrees_with_the_reference_scorer(shared, corpus_graph):
    gold = sorted(str(p) for p in (shared / "gold").glob("*.jsonl"))
    scorer = shared / "tools" / "score_ttl.py"
    reference = json.loads(subprocess.run([sys.executable, str(scorer), str(corpus_graph), *gold, "--json"],
                                          capture_output=True, text=True, check=True).stdout)
    assert evaluate(corpus_graph, gold).metrics == reference
