"""Read stage: a chronicle file (plain text or a saved HTML page) into a normalised Document,
with what its header says: title, source URL, period, and its own administrative unit."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from pathlib import Path

from kg import rules
from kg.dates import head_end, header_period, is_meta_line, month_in_name, parse_period, published_month, year_in
from kg.decoding import decode_bytes
from kg.errors import EmptyInputError, InputError, NoChroniclesError
from kg.divisions import gazetteer_as_of
from kg.htmlpage import Page, html_to_text, is_html
from kg.model import AdminLevel, AdminPlace, Document, Notice, Period, PeriodSource
from kg.text import clean, detect_script, to_analysis

__all__ = ["read_document", "find_chronicles", "parse_metadata", "CHRONICLE_SUFFIXES", "OUTPUT_MARKERS"]

CHRONICLE_SUFFIXES = (".txt", ".html", ".htm")
_META = re.compile(r"^#\s*([A-Za-z_]+)\s*[:：]\s*(.*?)\s*$")
_PUBLISHER = re.compile(f"(?:{rules.regex('header', 'publisher_labels')})" r"\s*[:：]\s*([^\s:：]+)")
_URL = re.compile(r"https?://[^\s<>\"'，。、）)]+")


OUTPUT_MARKERS = ("kg-manifest.json", ".kg-cache", ".kg-lock")
"""Files that mark a folder as a kg output folder (``kg build .`` twice must not read its own
coattendance.html as a chronicle): such folders are skipped when a folder is searched."""


def find_chronicles(paths: Iterable[str | Path]) -> list[Path]:
    """The chronicle files to read: files as given, folders searched for .txt/.html/.htm, sorted.

    Inside a folder, hidden files and kg's own output folders (:data:`OUTPUT_MARKERS`) are left
    out; a broken link or a FIFO with a chronicle's name is kept, so that reading it reports it.
    A folder holding none raises NoChroniclesError; a path that does not exist raises InputError.
    """
    found: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.extend(_files_in(path))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            raise InputError("no such file or folder", path=str(path))
    return list(dict.fromkeys(found))


def _files_in(folder: Path) -> list[Path]:
    found = list(folder.rglob("*"))
    outputs = {p.parent for p in found if p.name in OUTPUT_MARKERS} - {folder}
    files = sorted(p for p in found if p.suffix.lower() in CHRONICLE_SUFFIXES and not p.is_dir()
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts)
                   and outputs.isdisjoint(p.parents))
    if not files:
        raise NoChroniclesError("no .txt, .html or .htm file in this folder", path=str(folder))
    return files


def read_document(path: str | Path, *, period: Period | None = None, city: str | None = None) -> Document:
    """Read, decode and normalise one chronicle; infer its title, period, city and source URL.

    ``period`` and ``city`` (the CLI's --period/--city) override ``# period:``/``# city:`` lines,
    which override what the header, publisher and file name say.
    """
    path = Path(path)
    raw, encoding = decode_bytes(_read_bytes(path), str(path))
    page = html_to_text(raw) if is_html(path, raw) else None
    cleaned = clean(page.text if page else raw)
    text = cleaned.text
    if not text.strip():
        raise EmptyInputError("no text in the file", path=str(path))
    meta, body_start = parse_metadata(text, str(path))
    simplified = to_analysis(text)
    header_end = head_end(simplified, body_start)
    header = simplified[body_start:header_end]
    url = meta.get("source") or (page.url if page else None) or _first_url(text)
    found = _choose_period(period, meta, simplified, body_start, header, path.stem, url)
    notices = (Notice(str(path), f"decoded as {encoding} by guess"),) if encoding.startswith("guess:") else ()
    year = found[0].year if found[0] is not None else None  # units are named as they were then (阿城市 in 1998)
    return Document(
        doc_id=path.stem, path=str(path), text=text, simplified=simplified,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), encoding=encoding.removeprefix("guess:"),
        script=detect_script(text, simplified), title=meta.get("title") or (page.title if page else None)
        or _first_line(text, body_start), source_url=url,
        place=_named_place(city or meta.get("city"), year) or _infer_place(simplified[body_start:], header, page, year),
        period=found[0], period_source=found[1], body_start=body_start, header_end=header_end, notices=notices,
        published=cleaned.published if cleaned.map.offsets or cleaned.map.lead else "", text_map=cleaned.map)


def _read_bytes(path: Path) -> bytes:
    if path.is_dir():
        raise InputError("is a folder, not a file", path=str(path))
    if path.is_symlink() and not path.exists():
        raise InputError("broken symbolic link (its target does not exist)", path=str(path))
    if path.exists() and not path.is_file():  # a FIFO or device: opening it could wait forever
        raise InputError("not a regular file (a FIFO, socket or device)", path=str(path))
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", path=str(path)) from None


# -- metadata, period, city -----------------------------------------------------------------------


def parse_metadata(text: str, path: str = "") -> tuple[dict[str, str], int]:
    """Leading ``# key: value`` lines as a dict, and the offset just after them.

    >>> parse_metadata("# period: 2024-07\\n# city: 张掖市\\n1日,会议召开。\\n")
    ({'period': '2024-07', 'city': '张掖市'}, 30)
    """
    meta, offset = {}, 0
    for line in text.splitlines(keepends=True):
        match = _META.match(line)
        if not match:
            break
        key, value = match.group(1).lower(), match.group(2)
        if key == "period" and value:
            parse_period(value, path, text.count("\n", 0, offset) + 1)
        if value:
            meta[key] = value
        offset += len(line)
    return meta, offset


def _choose_period(flag: Period | None, meta: dict[str, str], simplified: str, start: int, header: str,
                   stem: str, url: str | None) -> tuple[Period | None, PeriodSource]:
    if flag is not None:
        return flag, PeriodSource.FLAG
    if meta.get("period"):
        return parse_period(meta["period"]), PeriodSource.METADATA
    url_path = re.sub(r"^\w+://[^/]+", "", url or "")
    found = header_period(simplified, start, year_in(stem, url_path), published_month(header))
    if found:
        return found[0], PeriodSource.HEADER
    named = month_in_name(stem)
    if named:
        return Period(*named), PeriodSource.FILENAME
    return None, PeriodSource.NONE


def _first_line(text: str, start: int) -> str | None:
    return next((line.strip() for line in text[start:].splitlines() if line.strip()), None)


def _first_url(text: str) -> str | None:
    match = _URL.search(text)
    return match.group().rstrip(".,;") if match else None


def _named_place(name: str | None, year: int | None = None) -> AdminPlace | None:
    """The unit a user names (--city, ``# city:``): the division of that name in ``year`` (today's
    when None), or the name alone (no code) when none is known or it cannot tell which one it is.

    >>> _named_place("阿城市", 1998).code, _named_place("阿城市", 2010).code
    ('230181000000', '')
    >>> _named_place("楚雄州").name, _named_place("Atlantis")
    ('楚雄彝族自治州', AdminPlace(code='', name='Atlantis', level=<AdminLevel.CITY: 'city'>, parent_code=None, lat=None, lon=None))
    """
    if not name or not name.strip():
        return None
    place = gazetteer_as_of(year).lookup(name)
    return place if place is not None else AdminPlace("", name.strip(), AdminLevel.CITY)


def _infer_place(body: str, header: str, page: Page | None, year: int | None = None) -> AdminPlace | None:
    """The document's own unit: from its title lines, else its publisher (来源: 张掖市人民政府办公室),
    else the city its entries name most (the divisions of ``year``)."""
    gazetteer = gazetteer_as_of(year)
    head = [line for line in header.splitlines() if line.strip()]
    titles = [to_analysis(page.title)] if page and page.title else []
    titles += [line for line in head[:3] if not is_meta_line(line)]
    publishers = [m.group(1) for line in head for m in _PUBLISHER.finditer(line)]
    publishers += [to_analysis(page.site)] if page and page.site else []
    for text in titles + publishers:
        places = [place for _, _, place in gazetteer.find(text)]
        if places:
            return _named_place(max(places, key=lambda p: p.level.rank).name, year)
    return _dominant_city(body, gazetteer, year)


def _dominant_city(body: str, gazetteer, year: int | None = None) -> AdminPlace | None:
    """The prefecture-level city a chronicle names most, by its full name (毕节市), when it
    clearly outnumbers every other; titles and publishers are preferred to this."""
    counts: dict[str, int] = {}
    for begin, end, place in gazetteer.find(body):
        if place.level == AdminLevel.CITY and body[begin:end] == place.name:
            counts[place.name] = counts.get(place.name, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < 3:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return _named_place(ranked[0][0], year)


def document_ids(paths: list[Path]) -> dict[Path, str]:
    """A unique, readable id per chronicle: its file name without extension, prefixed with as
    many parent folders as it takes to tell apart files of the same name (zhangye/2024-07.txt
    and jiuquan/2024-07.txt → zhangye-2024-07, jiuquan-2024-07).

    Folders are counted from the deepest folder holding every input, so that moving the
    inputs elsewhere keeps every id (and IRI); files that differ only by extension (x.txt,
    x.html) get it appended, and any id still taken twice a number.

    >>> document_ids([Path("a/2024-07.txt"), Path("b/2024-07.txt"), Path("c/x.txt")])
    {PosixPath('a/2024-07.txt'): 'a-2024-07', PosixPath('b/2024-07.txt'): 'b-2024-07', PosixPath('c/x.txt'): 'x'}
    >>> document_ids([Path("d/x.txt"), Path("d/x.html")])
    {PosixPath('d/x.txt'): 'x-txt', PosixPath('d/x.html'): 'x-html'}
    """
    folders = _folders_below_common(paths)

    def name(path: Path, depth: int, extension: bool) -> str:
        suffix = [path.suffix.lstrip(".").lower()] if extension and path.suffix else []
        return "-".join([*(folders[path][-depth:] if depth else ()), path.stem, *suffix])

    by_stem: dict[str, list[Path]] = {}
    for path in paths:
        by_stem.setdefault(path.stem, []).append(path)
    ids: dict[Path, str] = {}
    for group in by_stem.values():
        deepest = max(len(folders[p]) for p in group)
        ways = [(depth, extension) for extension in (False, True) for depth in range(deepest + 1)]
        depth, extension = next((way for way in ways if len({name(p, *way) for p in group}) == len(group)),
                                ways[-1])
        ids.update({p: name(p, depth, extension) for p in group})
    ids = {path: ids[path] for path in paths}
    return _numbered(ids)


def _numbered(ids: dict[Path, str]) -> dict[Path, str]:
    """Ids still taken twice (a-x.txt beside a/x.txt) numbered -2, -3, … in path order; the
    first holder and every unique id keep theirs."""
    from collections import Counter

    counts = Counter(ids.values())
    used = set(counts)
    kept: set[str] = set()
    for path in sorted(ids, key=str):
        base = ids[path]
        if counts[base] == 1 or base not in kept:
            kept.add(base)
            continue
        number = 2
        while f"{base}-{number}" in used:
            number += 1
        ids[path] = f"{base}-{number}"
        used.add(ids[path])
    return ids


def _folders_below_common(paths: list[Path]) -> dict[Path, tuple[str, ...]]:
    """Each file's folders below the deepest folder that holds every file."""
    parents = {path: path.resolve().parent.parts for path in paths}
    common = os.path.commonpath([os.path.join(*parts) for parts in parents.values()]) if paths else ""
    depth = len(Path(common).parts) if common else 0
    return {path: parts[depth:] for path, parts in parents.items()}
