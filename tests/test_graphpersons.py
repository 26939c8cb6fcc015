"""The labelling rule and the person/post writers of kg.graphpersons (the graph stage's shared nodes)."""

from __future__ import annotations

import pytest

from kg.graphpersons import Context, label_node
from kg.model import Script
from kg.turtle import Triples


def _context() -> Context:
    return Context(graph=Triples("https://example.org/kg/"), base="https://example.org/kg/", gazetteer=None,
                   documents={}, ref_by_mention={}, person_refs={}, organizations={}, mention_nodes={}, labelled={})


def _lines(ctx: Context, ref: str) -> set[tuple[str, str]]:
    return set(ctx.graph.subjects[ref])


@pytest.mark.parametrize("sightings, expected", [
    # a county first named by a Simplified chronicle, then by a Traditional one
    ([("竹溪县", None, Script.HANS), ("竹溪县", "竹溪縣", Script.HANT)],
     {("rdfs:label", '"竹溪县"@zh'), ("skos:altLabel", '"竹溪縣"@zh-Hant'), ("rdfs:label", '"Zhuxi Xian"@zh-Latn-pinyin')}),
    # first named by a Traditional chronicle: the label as written, Simplified as the alternative
    ([("竹溪县", "竹溪縣", Script.HANT), ("竹溪县", None, Script.HANS)],
     {("rdfs:label", '"竹溪縣"@zh-Hant'), ("skos:altLabel", '"竹溪县"@zh-Hans'),
      ("rdfs:label", '"Zhuxi Xian"@zh-Latn-pinyin')}),
])
def test_graphpersons_one_chinese_label_per_node(sightings, expected):
    """Issue 12: one rdfs:label per node in Chinese (the first document's script), the other script
    as skos:altLabel, the pinyin once: a GROUP BY over Chinese labels counts the node once."""
    ctx = _context()
    ref = ctx.graph.ref("https://example.org/kg/place/420324000000")
    for simplified, written, script in sightings:
        label_node(ctx, ref, simplified, written, script, "Zhuxi Xian")
    assert _lines(ctx, ref) == expected
