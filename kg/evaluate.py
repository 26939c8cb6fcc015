"""Score a chronicle graph (Turtle) against gold annotations, exactly as shared/tools/score_ttl.py does."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from kg.errors import KgError

__all__ = ["EvalReport", "evaluate", "format_report", "place_eq", "date_ok", "entry_key", "METRIC_KEYS"]

# How the reference scorer (../shared/tools/score_ttl.py) aligns entries, copied as its data contract
# states it: kg eval must align exactly as it does, so these are the scorer's conventions, not the tool's
# date parser (kg.dates). The leading date marker, inline pinyin glosses (鄉(xiāng)), a gloss cut off at
# the end of a head, and a bullet after the date (7日 △ …) are skipped when aligning.
_MARK = re.compile(r"^(?:[△▲■●◆]|是日|同日|\d{1,2}月)?\s*(?:\d{1,2}(?:—|-|~|～|至)?\d{0,2}日?(?:至\d{1,2}日)?"
                   r"(?:上午|下午|晚上|晚|夜)?)?[,，、：:\s]*")
_GLOSS = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]+[)）]")
_BULLETS = re.compile(r"^[△▲■●◆◇◎★☆○□▼▽※]+")
_GLOSS_END = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]*$")
_ROLES = {"Chair": "chair", "Lead": "lead", "Speaker": "speaker", "Attendee": "attendee"}
_ZH = 'FILTER(LANG(?name) = "" || (LANGMATCHES(LANG(?name), "zh") && !LANGMATCHES(LANG(?name), "zh-Latn")))'
_PREFIXES = ("PREFIX dsj: <https://w3id.org/dashiji/ontology#>\n"
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
Q_EVENTS = _PREFIXES + """SELECT ?e ?text ?date ?end WHERE { ?e a dsj:Event ; dsj:sourceText ?text .
  OPTIONAL { ?e dsj:date ?date } OPTIONAL { ?e dsj:endDate ?end } }"""
Q_PRESENT = _PREFIXES + "SELECT ?e ?p ?name WHERE { ?p dsj:attended ?e ; rdfs:label ?name . " + _ZH + " }"
Q_ROLE = _PREFIXES + ("SELECT ?e ?name ?role WHERE { ?x dsj:agent ?p ; dsj:event ?e ; dsj:role ?role . "
                      "?p rdfs:label ?name . " + _ZH + " }")
Q_ABSENT = _PREFIXES + "SELECT ?e ?name WHERE { ?e dsj:mentions ?p . ?p rdfs:label ?name . " + _ZH + " }"
Q_PLACE = _PREFIXES + "SELECT ?e ?pl ?name WHERE { ?e dsj:locatedAt ?pl . ?pl rdfs:label ?name . " + _ZH + " }"

METRIC_KEYS = (
    "gold_entries", "graph_events", "aligned", "segmentation_recall", "date_accuracy",
    "participant_p", "participant_r", "participant_f1", "role_accuracy", "absent_as_present", "absent_total",
    "edge_p", "edge_r", "edge_f1", "place_p", "place_r", "place_f1",
)

Query = Callable[[str], list[tuple]]
Normaliser = Callable[[str], str]


@dataclass(frozen=True)
class EvalReport:
    """Scores of one graph against gold: ``metrics`` in score_ttl.py's keys and order, plus error lines."""

    metrics: dict[str, float | int]
    errors: tuple[str, ...] = ()

    def to_json(self) -> str:
        """The metrics as one JSON line, as ``score_ttl.py --json`` prints them."""
        return json.dumps(self.metrics, ensure_ascii=False)


@dataclass
class _Event:
    text: str
    date: str
    end: str | None
    key: str = ""


@dataclass
class _GraphData:
    """What the data contract exposes: events, participants, roles, absent persons and places."""

    events: dict[str, _Event] = field(default_factory=dict)
    present: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # event → person → labels
    roles: dict[tuple[str, str], str] = field(default_factory=dict)  # (event, label) → role
    absent: dict[str, set[str]] = field(default_factory=dict)  # event → labels
    places: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # event → place → labels


@dataclass
class _Tally:
    date_ok: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    role_ok: int = 0
    abs_fp: int = 0
    abs_total: int = 0
    place_tp: int = 0
    place_fp: int = 0
    place_fn: int = 0
    gold_pairs: set = field(default_factory=set)
    got_pairs: set = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


# -- normalisation ----------------------------------------------------------------------------------


def _normaliser(simplified: bool) -> Normaliser:
    """Whitespace removed; with ``simplified`` also converted to Simplified Chinese (zhconv)."""
    if not simplified:
        return lambda s: re.sub(r"\s+", "", s or "")
    import zhconv

    return lambda s: zhconv.convert(re.sub(r"\s+", "", s or ""), "zh-cn")


def entry_key(text: str, n: int = 12, norm: Normaliser | None = None) -> str:
    """The text an entry is aligned by: its first ``n`` characters after the date marker.

    >>> entry_key("△15日,秦丽华先后深入临泽县新华镇宣威村", 8)
    '秦丽华先后深入临'
    """
    norm = norm or _normaliser(False)
    text = _GLOSS.sub("", norm(text))
    return _BULLETS.sub("", _MARK.sub("", _GLOSS_END.sub("", text), count=1))[:n]


def date_ok(gold: dict, date: str | None, end: str | None) -> bool:
    """Whether a date and end date are right: equal to the gold's, or inside its ``date_within`` /
    ``end_within`` [first, last] for an entry dated only by a month, dekad, season or year.

    >>> date_ok({"date": "1998-03-01", "date_within": ["1998-03-01", "1998-03-31"]}, "1998-03-11", None)
    True
    >>> date_ok({"date": "2024-07-02", "end_date": None}, "2024-07-03", None)
    False
    """
    def inside(value, exact, within):
        return (within[0] <= (value or "") <= within[1]) if within else (value or None) == (exact or None)

    return inside(date, gold["date"], gold.get("date_within")) and inside(end, gold.get("end_date"),
                                                                         gold.get("end_within"))


def place_eq(a: str, b: str, norm: Normaliser | None = None) -> bool:
    """Places match when equal or one is a prefix (≥ 2 characters) of the other: 兰州 ~ 兰州市.

    >>> place_eq("兰州", "兰州市"), place_eq("甘", "甘肃省"), place_eq("张掖市", "甘州区")
    (True, False, False)
    """
    norm = norm or _normaliser(False)
    a, b = norm(a), norm(b)
    return a == b or (len(min(a, b, key=len)) >= 2 and (a.startswith(b) or b.startswith(a)))


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _lcp(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


# -- reading ------------------------------------------------------------------------------------


def _graph_query(path: Path) -> Query:
    """A function running SPARQL SELECT on the Turtle file; pyoxigraph, else rdflib."""
    if not path.is_file():
        raise KgError("graph file not found", path=str(path))
    try:
        import pyoxigraph as ox
    except ImportError:
        return _rdflib_query(path)
    store = ox.Store()
    try:
        with path.open("rb") as handle:
            store.load(handle, format=ox.RdfFormat.TURTLE)
    except (SyntaxError, ValueError, OSError) as exc:
        raise KgError(f"cannot parse Turtle: {exc}", path=str(path)) from None

    def query(sparql: str) -> list[tuple]:
        return [tuple(None if v is None else v.value for v in row) for row in store.query(sparql)]

    return query


def _rdflib_query(path: Path) -> Query:
    import rdflib

    try:
        graph = rdflib.Graph().parse(str(path), format="turtle")
    except Exception as exc:  # rdflib raises many parser-specific types
        raise KgError(f"cannot parse Turtle: {exc}", path=str(path)) from None

    def query(sparql: str) -> list[tuple]:
        return [tuple(None if v is None else str(v) for v in row) for row in graph.query(sparql)]

    return query


def _read_gold(paths: Iterable[str | Path]) -> list[dict]:
    """All gold entries of the JSON Lines files, in order; a bad line is reported with its number."""
    gold = []
    for path in map(Path, paths):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise KgError("gold file not found", path=str(path)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise KgError(f"cannot read gold file: {exc}", path=str(path)) from None
        for number, line in enumerate(lines, 1):
            if line.strip():
                gold.append(_parse_gold_line(line, path, number))
    return gold


def _parse_gold_line(line: str, path: Path, number: int) -> dict:
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as exc:
        raise KgError(f"invalid JSON: {exc.msg}", path=str(path), line=number) from None
    missing = [k for k in ("doc", "n", "head", "date", "present") if not isinstance(entry, dict) or k not in entry]
    if missing:
        raise KgError(f"gold entry lacks {', '.join(missing)}", path=str(path), line=number)
    return entry


def _load_graph_data(query: Query, norm: Normaliser) -> _GraphData:
    data = _GraphData()
    for e, text, date, end in query(Q_EVENTS):
        data.events[e] = _Event(norm(text), (date or "")[:10], (end or "")[:10] or None)
    for e, p, name in query(Q_PRESENT):  # a person may carry several Chinese labels: any one may match
        data.present.setdefault(e, {}).setdefault(p, set()).add(norm(name))
    for e, name, role in query(Q_ROLE):
        data.roles[(e, norm(name))] = _ROLES.get(role.rsplit("#", 1)[-1].rsplit("/", 1)[-1], role)
    for e, name in query(Q_ABSENT):
        data.absent.setdefault(e, set()).add(norm(name))
    for e, pl, name in query(Q_PLACE):
        data.places.setdefault(e, {}).setdefault(pl, set()).add(norm(name))
    return data


# -- scoring ------------------------------------------------------------------------------------


def _align(gold: Sequence[dict], events: dict[str, _Event], norm: Normaliser,
           errors: list[str]) -> list[tuple[dict, str]]:
    """Pair each gold entry with the unused event whose text shares the longest prefix with its head."""
    by_key: dict[str, list[str]] = {}
    for e, event in events.items():
        event.key = entry_key(event.text, 200, norm)
        by_key.setdefault(event.key[:6], []).append(e)
    used, aligned = set(), []
    for g in gold:
        k = entry_key(g["head"], 200, norm)
        candidates = [e for e in by_key.get(k[:6], []) if e not in used]
        best = max(candidates, key=lambda e: (_lcp(k, events[e].key), events[e].date == g["date"]), default=None)
        if best is not None and _lcp(k, events[best].key) >= min(8, len(k)):
            used.add(best)
            aligned.append((g, best))
        else:
            errors.append(f"entry not found: {g['doc']}#{g['n']} {g['head']}")
    return aligned


def _score_people(g: dict, e: str, data: _GraphData, norm: Normaliser, t: _Tally) -> None:
    gold_roles = {norm(p["name"]): p["role"] for p in g["present"]}
    where = f"{g['doc']}#{g['n']}"
    got: set[str] = set()  # one name per person found: the gold name it matches, else its first label
    for labels in data.present.get(e, {}).values():
        hit = sorted(labels & set(gold_roles))
        name = hit[0] if hit else sorted(labels)[0]
        if name in got:
            continue
        got.add(name)
        if hit:
            t.tp += 1
            role = next((data.roles[(e, label)] for label in labels if (e, label) in data.roles), None)
            t.role_ok += role == gold_roles[name]
            if role != gold_roles[name]:
                t.errors.append(f"role {where} {name}: got {role} want {gold_roles[name]}")
        else:
            t.fp += 1
            t.errors.append(f"extra person {where} {name}")
    for name in gold_roles:
        if name not in got:
            t.fn += 1
            t.errors.append(f"missed person {where} {name}")
    for name in map(norm, g.get("absent", [])):
        t.abs_total += 1
        if name in got:
            t.abs_fp += 1
            t.errors.append(f"absent counted present {where} {name}")
    gid = (g["doc"], g["n"])
    t.gold_pairs |= {(gid,) + tuple(sorted(c)) for c in combinations(set(gold_roles), 2)}
    t.got_pairs |= {(gid,) + tuple(sorted(c)) for c in combinations(got, 2)}


def _score_places(g: dict, e: str, data: _GraphData, norm: Normaliser, t: _Tally) -> None:
    def eq(a: str, b: str) -> bool:
        return place_eq(a, b, norm)

    gold_places = [norm(x) for x in g.get("places", [])]
    found = []  # one name per place found: a label that matches gold, else its first label
    for labels in data.places.get(e, {}).values():
        hit = [label for label in sorted(labels) if any(eq(label, y) for y in gold_places)]
        found.append(hit[0] if hit else sorted(labels)[0])
    hit = [x for x in found if any(eq(x, y) for y in gold_places)]
    t.place_tp += len(hit)
    t.place_fp += len(found) - len(hit)
    t.place_fn += sum(1 for y in gold_places if not any(eq(x, y) for x in found))
    where = f"{g['doc']}#{g['n']}"
    t.errors.extend(f"extra place {where} {x}" for x in found if x not in hit)
    t.errors.extend(f"missed place {where} {y}" for y in gold_places if not any(eq(x, y) for x in found))


def _metrics(gold: list[dict], data: _GraphData, aligned: list, t: _Tally) -> dict[str, float | int]:
    gold_edges = {c[1:] for c in t.gold_pairs}
    got_edges = {c[1:] for c in t.got_pairs}
    p, r, f = _prf(t.tp, t.fp, t.fn)
    ep, er, ef = _prf(len(gold_edges & got_edges), len(got_edges - gold_edges), len(gold_edges - got_edges))
    lp, lr, lf = _prf(t.place_tp, t.place_fp, t.place_fn)
    return {
        "gold_entries": len(gold), "graph_events": len(data.events), "aligned": len(aligned),
        "segmentation_recall": round(len(aligned) / len(gold), 4) if gold else 0,
        "date_accuracy": round(t.date_ok / len(aligned), 4) if aligned else 0,
        "participant_p": round(p, 4), "participant_r": round(r, 4), "participant_f1": round(f, 4),
        "role_accuracy": round(t.role_ok / t.tp, 4) if t.tp else 0,
        "absent_as_present": t.abs_fp, "absent_total": t.abs_total,
        "edge_p": round(ep, 4), "edge_r": round(er, 4), "edge_f1": round(ef, 4),
        "place_p": round(lp, 4), "place_r": round(lr, 4), "place_f1": round(lf, 4),
    }


def evaluate(graph_path: str | Path, gold_paths: Iterable[str | Path], *, simplified: bool = False) -> EvalReport:
    """Score the graph at ``graph_path`` against gold JSON Lines files.

    The graph is read only through the data contract of score_ttl.py (dsj:Event, dsj:attended,
    dsj:role, dsj:mentions, dsj:locatedAt); metrics, alignment and normalisation are the same,
    so ``kg eval`` and the shared scorer always agree. ``simplified`` compares after conversion
    to Simplified Chinese, for graphs built from Traditional input.
    Raises KgError naming the file (and line) when a graph or gold file is missing or malformed.
    """
    gold_paths = [gold_paths] if isinstance(gold_paths, (str, Path)) else list(gold_paths)
    query = _graph_query(Path(graph_path))
    gold = _read_gold(gold_paths)
    norm = _normaliser(simplified)
    data = _load_graph_data(query, norm)
    tally = _Tally()
    aligned = _align(gold, data.events, norm, tally.errors)
    for g, e in aligned:
        event = data.events[e]
        if date_ok(g, event.date, event.end):
            tally.date_ok += 1
        else:
            want = "..".join(g["date_within"]) if g.get("date_within") else g["date"]
            tally.errors.append(f"date {g['doc']}#{g['n']}: got {event.date or None}/{event.end} "
                                f"want {want}/{g.get('end_date')}")
        _score_people(g, e, data, norm, tally)
        _score_places(g, e, data, norm, tally)
    return EvalReport(_metrics(gold, data, aligned, tally), tuple(tally.errors))


def format_report(report: EvalReport, *, show_errors: bool = False) -> str:
    """The metrics as aligned ``key value`` lines (as score_ttl.py prints), errors first if asked."""
    lines = list(report.errors) if show_errors else []
    lines += [f"{k:20} {v}" for k, v in report.metrics.items()]
    return "\n".join(lines)
