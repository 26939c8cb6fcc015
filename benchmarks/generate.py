"""Synthetic benchmark corpora: the shared chronicles copied with every person renamed per copy.

Each copy of the shared corpus gets fresh, realistic names (a weighted common surname and one
or two common given-name characters, seeded, never reused), the same replacement throughout
the copy so that co-attendance stays meaningful, and its own file names. The number of people
therefore grows with the corpus, as it does when chronicles of many years and cities are fed
in. The gold files are read only to know which strings are personal names.

    python benchmarks/generate.py --entries 1k 10k          # benchmarks/corpus/1k, .../10k
    python benchmarks/generate.py --entries 26k --cities    # copies spread over other cities
    python benchmarks/generate.py --entries 4k 40k --recurring   # .../4k-recurring: people recur

With ``--recurring``, names are not fresh per copy but drawn from a small pool per city
(``RECURRING_POOL_FACTOR`` times the names of the chronicle), as one city's chronicles over
many years name the same leaders month after month: people recur, hubs form and the
co-attendance network becomes one giant component instead of many small towns.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "REPO",
    "DEFAULT_CORPUS",
    "DEFAULT_GOLD",
    "DEFAULT_OUT",
    "SURNAMES",
    "GIVEN",
    "CITIES",
    "RECURRING_POOL_FACTOR",
    "parse_size",
    "gold_names",
    "gold_entry_count",
    "NameMaker",
    "replace_names",
    "generate",
    "corpus_label",
    "main",
]

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_GOLD = REPO.parent / "shared" / "gold"
DEFAULT_OUT = REPO / "benchmarks" / "corpus"

#: Common surnames with rough relative frequencies (per mille of the population).
SURNAMES = {
    "王": 72, "李": 71, "张": 68, "刘": 53, "陈": 45, "杨": 31, "黄": 22, "赵": 20, "吴": 20, "周": 19,
    "徐": 13, "孙": 12, "马": 12, "朱": 11, "胡": 10, "郭": 10, "何": 9, "林": 9, "罗": 8, "高": 8,
    "郑": 7, "梁": 7, "谢": 6, "宋": 5, "唐": 5, "许": 5, "韩": 5, "冯": 5, "邓": 5, "曹": 5,
    "彭": 4, "曾": 4, "肖": 4, "田": 4, "董": 4, "袁": 4, "潘": 4, "蒋": 4, "蔡": 4, "杜": 3,
    "叶": 3, "程": 3, "苏": 3, "魏": 3, "吕": 3, "丁": 3, "沈": 3, "姚": 3, "卢": 3, "姜": 3,
    "崔": 3, "钟": 3, "谭": 3, "陆": 3, "汪": 2, "范": 2, "金": 2, "石": 2, "廖": 2, "贾": 2,
    "夏": 2, "韦": 2, "付": 2, "方": 2, "白": 2, "邹": 2, "孟": 2, "熊": 2, "秦": 2, "邱": 2,
    "侯": 2, "薛": 2, "闫": 2, "段": 2, "雷": 2, "龙": 2, "史": 2, "陶": 2, "黎": 2, "贺": 2,
    "顾": 2, "毛": 2, "郝": 2, "龚": 2, "邵": 2, "万": 1, "钱": 1, "严": 1, "覃": 1, "武": 1,
    "戴": 1, "莫": 1, "孔": 1, "汤": 1, "尹": 1, "易": 1, "常": 1, "乔": 1, "赖": 1, "文": 1,
}
#: Characters common in given names.
GIVEN = (
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 玉 萍 红 建 文 辉 "
    "力 斌 宇 浩 凯 健 俊 帆 帅 旭 宁 龙 林 欣 佳 鑫 彬 婷 雪 琳 晨 瑞 博 志 海 峰 鹏 飞 亮 "
    "成 春 国 荣 德 兴 光 庆 波 元 东 清 新 永 贵 福 祥 云 锋 晓 雁 梅 莉 燕 倩 颖 蕾 薇 慧 "
    "嘉 泽 睿 子 晗 若 思 雨 宏 毅 坤 良 昊 珂 骏 维 振 继 占 忠 学 礼 君 怀 松 柏 岩 璐 "
    "冰 琦 晶 爽 楠 珊 莹 洁 昕 钰 彤 璇 茜 蓉 娇 丹 虹 卫 金 铭 炜 蔚 楷 轩 麟 毓 舒 耀"
).split()
#: Characters of transliterated foreign names (for names written with ·).
_FOREIGN = "阿巴卡达尔拉马穆罕默德斯特尼亚伊莎贝洛娃诺夫基米哈萨克丽娜艾提汉" "曼努埃列维奇"
#: Prefecture-level cities (gazetteer names) that ``--cities`` spreads copies over.
CITIES = (
    "张掖市", "酒泉市", "武威市", "天水市", "十堰市", "襄阳市", "宜昌市", "杭州市", "宁波市", "温州市",
    "楚雄彝族自治州", "大理白族自治州", "曲靖市", "绵阳市", "南充市", "洛阳市", "开封市", "保定市",
    "邯郸市", "赣州市", "九江市", "桂林市", "柳州市", "遵义市", "榆林市", "延安市", "包头市", "吉林市",
    "齐齐哈尔市", "烟台市", "潍坊市", "徐州市", "扬州市", "芜湖市", "泉州市", "汕头市", "湛江市", "株洲市",
)

RECURRING_POOL_FACTOR = 3
"""With ``--recurring``, each city's pool holds this many times the names of one of its
chronicles (of each kind: two characters, three, foreign), so that any one person appears
in about a third of the copies: often enough to recur month after month and join the
towns into one network, not so often that every copy names the same people."""

_SIZE = re.compile(r"(\d+(?:\.\d+)?)([kKmM]?)")
_META_CITY = re.compile(r"^# city:.*\n", re.MULTILINE)


def parse_size(text: str) -> int:
    """An entry count written ``950``, ``1k``, ``26k`` or ``1m``.

    >>> parse_size("26k"), parse_size("1M"), parse_size("300")
    (26000, 1000000, 300)
    """
    match = _SIZE.fullmatch(text.strip())
    if not match:
        raise argparse.ArgumentTypeError(f"size must look like 1k, 26k or 1m, not {text!r}")
    scale = {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2).lower()]
    return int(float(match.group(1)) * scale)


def _gold_records(gold_dir: Path):
    for path in sorted(Path(gold_dir).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def gold_names(gold_dir: str | Path) -> frozenset[str]:
    """Every string the gold files mark as a person (present or absent), as written."""
    names: set[str] = set()
    for record in _gold_records(Path(gold_dir)):
        names.update(p["name"] for p in record.get("present", ()))
        names.update(a if isinstance(a, str) else a["name"] for a in record.get("absent", ()))
    return frozenset(n for n in names if n)


def gold_entry_count(gold_dir: str | Path) -> int:
    """The number of annotated entries: one copy of the corpus holds this many entries."""
    return sum(1 for _ in _gold_records(Path(gold_dir)))


def _traditional(text: str) -> str:
    from zhconv import convert

    return convert(text, "zh-hant")


def _is_traditional(text: str) -> bool:
    """Whether a chronicle is written in Traditional characters (more than 2% of its Han
    characters change when converted to Simplified)."""
    from zhconv import convert

    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    simplified = convert("".join(han), "zh-cn")
    changed = sum(a != b for a, b in zip(han, simplified))
    return bool(han) and changed / len(han) > 0.02


@dataclass
class NameMaker:
    """Fresh personal names: never one seen before by this maker, never an ordinary word, never
    containing a name to avoid (so a real name cannot reappear inside a fresh one).

    >>> maker = NameMaker(seed=1)
    >>> a, b = maker.fresh(3), maker.fresh(3)
    >>> a != b and len(a) == len(b) == 3 and a[0] in SURNAMES
    True
    """

    seed: int = 20240701
    avoid: frozenset[str] = frozenset()
    used: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._avoid_parts = tuple(sorted(n for n in self.avoid if len(n) >= 2))
        self._surnames = list(SURNAMES)
        self._weights = [SURNAMES[s] for s in self._surnames]

    def _is_word(self, name: str) -> bool:
        from kg.nlp import is_common_word

        return is_common_word(name) or is_common_word(name[1:])

    def fresh(self, length: int = 3) -> str:
        """A new name of ``length`` characters (2 or 3; longer lengths give 3); a 2-character
        name becomes 3 characters once two-character names run short."""
        length = 2 if length <= 2 else 3
        for attempt in range(400):
            if attempt == 200:
                length = 3
            surname = self._rng.choices(self._surnames, self._weights)[0]
            name = surname + "".join(self._rng.choice(GIVEN) for _ in range(length - 1))
            if (name not in self.used and not any(a in name for a in self._avoid_parts)
                    and not self._is_word(name)):
                self.used.add(name)
                return name
        raise RuntimeError("no fresh name left")  # pragma: no cover - 4M three-character names

    def fresh_foreign(self, template: str) -> str:
        """A new transliterated name with as many ``·``-joined parts as ``template``."""
        while True:
            parts = ["".join(self._rng.choice(_FOREIGN) for _ in range(self._rng.randint(2, 4)))
                     for _ in template.split("·")]
            name = "·".join(parts)
            if name not in self.used and name not in self.avoid:
                self.used.add(name)
                return name

    def mapping(self, names: frozenset[str] | set[str]) -> dict[str, str]:
        """One fresh name for each of ``names`` (sorted first, so a seed gives one result)."""
        return {name: self.fresh_foreign(name) if "·" in name else self.fresh(len(name))
                for name in sorted(names)}


def replace_names(text: str, mapping: dict[str, str]) -> str:
    """``text`` with every name in ``mapping`` replaced, longest names first.

    >>> replace_names("市委书记卢小亨主持,卢小亨讲话", {"卢小亨": "王建华", "卢小": "X"})
    '市委书记王建华主持,王建华讲话'
    """
    if not mapping:
        return text
    pattern = re.compile("|".join(re.escape(n) for n in sorted(mapping, key=lambda n: (-len(n), n))))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def _with_city(text: str, city: str) -> str:
    line = f"# city: {city}\n"
    if _META_CITY.search(text):
        return _META_CITY.sub(line, text, count=1)
    return line + text


def _kind(name: str) -> str:
    return "foreign" if "·" in name else str(min(max(len(name), 2), 3))


class _Pools:
    """Names that recur: per city and kind of name, a pool of fresh names made once, from
    which each copy draws its names (distinct within one document), seeded."""

    def __init__(self, maker: NameMaker, seed: int):
        self.maker, self.rng, self.pools = maker, random.Random(seed), {}

    def mapping(self, city: str, names: list[str]) -> dict[str, str]:
        by_kind: dict[str, list[str]] = {}
        for name in sorted(names):
            by_kind.setdefault(_kind(name), []).append(name)
        mapping: dict[str, str] = {}
        for kind, group in sorted(by_kind.items()):
            pool = self.pools.setdefault((city, kind), [])
            while len(pool) < RECURRING_POOL_FACTOR * len(group):
                template = group[len(pool) % len(group)]
                pool.append(self.maker.fresh_foreign(template) if kind == "foreign" else self.maker.fresh(len(template)))
            mapping.update(zip(group, self.rng.sample(pool, len(group))))
        return mapping


def generate(out_dir: str | Path, copies: int, *, corpus_dir: str | Path = DEFAULT_CORPUS,
             gold_dir: str | Path = DEFAULT_GOLD, seed: int = 20240701, cities: bool = False,
             recurring: bool = False) -> list[Path]:
    """Write ``copies`` renamed copies of every chronicle in ``corpus_dir`` into ``out_dir``.

    Copy 3 of ``zhangye-2024-07.txt`` is ``zhangye-2024-07-c00003.txt``. With ``cities``,
    copy k > 0 of each chronicle says it is from another real city (``# city:``). With
    ``recurring``, the names of a copy come from its city's pool (see ``_Pools``) instead of
    being fresh. Copies a previous run left in ``out_dir`` are removed first (nothing else
    is). Returns the files written, in order.
    """
    names = gold_names(gold_dir)
    sources = sorted(Path(corpus_dir).glob("*.txt"))
    if not sources:
        raise FileNotFoundError(f"no .txt chronicle in {corpus_dir}")
    texts = [(path.stem, path.read_text(encoding="utf-8")) for path in sources]
    scripts = {stem: _is_traditional(text) for stem, text in texts}
    maker = NameMaker(seed=seed, avoid=names)
    pools = _Pools(maker, seed) if recurring else None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*-c[0-9][0-9][0-9][0-9][0-9].txt"):
        old.unlink()
    written = []
    for copy in range(copies):
        fresh = maker.mapping(names) if pools is None else {}
        for index, (stem, text) in enumerate(texts):
            city = CITIES[(copy * len(texts) + index) % len(CITIES)] if cities and copy else None
            present = [n for n in names if n in text]
            if pools is None:
                mapping = {n: fresh[n] for n in present}
            else:
                mapping = pools.mapping(city or stem, present)
            if scripts[stem]:
                mapping = {n: _traditional(v) for n, v in mapping.items()}
            body = replace_names(text, mapping)
            if city:
                body = _with_city(body, city)
            path = out / f"{stem}-c{copy:05d}.txt"
            path.write_text(body, encoding="utf-8")
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: one folder per requested size under ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", nargs="+", type=parse_size, default=[1_000, 10_000],
                        metavar="SIZE", help="corpus sizes in entries: 1k 10k 26k 100k (default: 1k 10k)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="the shared chronicles")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold files (to know the names)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the size folders go")
    parser.add_argument("--seed", type=int, default=20240701)
    parser.add_argument("--cities", action="store_true", help="spread the copies over other real cities")
    parser.add_argument("--recurring", action="store_true",
                        help="draw names from a small pool per city, so that people recur (folder SIZE-recurring)")
    args = parser.parse_args(argv)
    per_copy = gold_entry_count(args.gold)
    for entries in args.entries:
        copies = max(1, round(entries / per_copy))
        folder = args.out / corpus_label(entries, recurring=args.recurring)
        files = generate(folder, copies, corpus_dir=args.corpus, gold_dir=args.gold, seed=args.seed,
                         cities=args.cities, recurring=args.recurring)
        print(f"{folder}: {copies} copies, {len(files)} files, about {copies * per_copy:,} entries")
    return 0


def corpus_label(entries: int, *, recurring: bool = False) -> str:
    """The folder of a corpus size: ``1k``, or ``1k-recurring`` for recurring names."""
    return _label(entries) + ("-recurring" if recurring else "")


def _label(entries: int) -> str:
    """``1000`` → ``1k``, ``26000`` → ``26k``, ``1000000`` → ``1m``."""
    if entries % 1_000_000 == 0:
        return f"{entries // 1_000_000}m"
    if entries % 1_000 == 0:
        return f"{entries // 1_000}k"
    return str(entries)


if __name__ == "__main__":
    sys.exit(main())
