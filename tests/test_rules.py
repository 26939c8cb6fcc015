"""The rule files under kg/rules/: each parses, no list repeats a word, none holds a person's name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg import rules

RULES = Path(rules.__file__).parent
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _lists(node, where=""):
    """Every list of strings in a parsed TOML table, with its dotted key."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _lists(value, f"{where}.{key}" if where else key)
    elif isinstance(node, list) and all(isinstance(item, str) for item in node):
        yield where, node


def _rule_lists():
    for path in sorted(RULES.glob("*.toml")):
        for key, words in _lists(rules.table(path.stem)):
            yield f"{path.stem}:{key}", words
    for path in sorted(RULES.glob("*.txt")):
        yield path.stem, list(rules.word_list(path.stem))


RULE_LISTS = dict(_rule_lists())


def test_rules_every_file_is_read_by_the_loader():
    names = {p.stem for p in RULES.glob("*.toml")}
    assert {"dates", "names", "roles", "events", "places"} <= names
    assert all(rules.table(name) for name in names)


@pytest.mark.parametrize("key", sorted(RULE_LISTS))
def test_rules_lists_have_no_duplicates(key):
    words = RULE_LISTS[key]
    repeated = sorted({w for w in words if words.count(w) > 1})
    assert not repeated, f"{key} repeats {repeated}"


def _gold_names() -> set[str]:
    names: set[str] = set()
    for folder in (SHARED / "gold", SHARED / "wide" / "gold"):
        for path in folder.glob("*.jsonl"):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    gold = json.loads(line)
                    names |= {p["name"] for p in gold.get("present", [])} | set(gold.get("absent", []))
    return {n for n in names if len(n) >= 2}


def test_rules_hold_no_personal_name():
    """Names are learned from how the text writes them, never listed: no rule file names a
    person of the shared gold, as a word or inside a pattern."""
    names = _gold_names()
    if not names:
        pytest.skip("../shared/gold is not beside the repository")
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(RULES.glob("*.*"))
                     if path.suffix in (".toml", ".txt"))
    found = sorted(name for name in names if name in text)
    assert not found, f"personal names in kg/rules: {found}"


def test_rules_patterns_compile():
    for path in sorted(RULES.glob("*.toml")):
        for key, value in _strings(rules.table(path.stem)):
            if key.startswith("patterns.") or "." in key and key.split(".")[0] in ("roles", "absence", "groups"):
                re.compile(value.replace("{HAN}", "[一-龥]").replace("{VERBS}", "x"))


def _strings(node, where=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{where}.{key}" if where else key)
    elif isinstance(node, str):
        yield where, node


def test_rules_pattern_from_a_word_list_prefers_the_longest_word():
    assert rules.pattern("places", "cues").match("来到张掖").group() == "来到"
