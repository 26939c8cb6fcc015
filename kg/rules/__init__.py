"""The rules of chronicle language as data: word lists and cue tables under kg/rules/, one loader.

Code holds the mechanism; what a chronicle writes (titles, surnames, role cues, follower
words, event types, place cues, noise lines) lives in the files beside this one:

- ``NAME.toml``: tables of word lists and patterns, read with the standard library's tomllib.
  A list of words is a TOML array of strings; a pattern is a string holding a regular expression.
- ``NAME.txt``: one long word list (surnames, post titles), words separated by white space,
  ``#`` starting a comment line.

Every file is read once per process: the rules are the tool's own, immutable data, like
jieba's dictionary. Keys may be dotted (``"followers.strong"``) to reach into a table.

>>> "副市长" in word_list("titles")
True
>>> words("dates", "entry_marks")[0]
'△'
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["table", "value", "words", "word_list", "pattern", "regex", "alternation", "rule_files", "fingerprint"]


class RuleError(LookupError):
    """A rule file or key that does not exist: a mistake in the code, never in the input."""


def _folder():
    return resources.files(__name__)


@lru_cache(maxsize=None)
def table(name: str) -> dict[str, Any]:
    """The parsed ``kg/rules/NAME.toml``."""
    path = _folder().joinpath(f"{name}.toml")
    if not path.is_file():
        raise RuleError(f"no rule file kg/rules/{name}.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def value(name: str, key: str) -> Any:
    """The value at a dotted ``key`` of ``NAME.toml``."""
    node: Any = table(name)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise RuleError(f"no key {key!r} in kg/rules/{name}.toml")
        node = node[part]
    return node


@lru_cache(maxsize=None)
def words(name: str, key: str) -> tuple[str, ...]:
    """A word list of ``NAME.toml``, in the file's order."""
    found = value(name, key)
    if isinstance(found, str):  # a string of single characters
        return tuple(found)
    return tuple(found)


@lru_cache(maxsize=None)
def word_list(name: str) -> tuple[str, ...]:
    """The words of ``kg/rules/NAME.txt``, in file order (comment lines skipped)."""
    path = _folder().joinpath(f"{name}.txt")
    if not path.is_file():
        raise RuleError(f"no word list kg/rules/{name}.txt")
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("#"):
            out.extend(line.split())
    return tuple(out)


def alternation(items) -> str:
    """A regex alternation of literal words, longest first (so 主持召开 wins over 主持).

    >>> alternation(["主持", "主持召开", "在"])
    '主持召开|主持|在'
    """
    return "|".join(re.escape(w) for w in sorted(dict.fromkeys(items), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def pattern(name: str, key: str, flags: int = 0) -> re.Pattern[str]:
    """A compiled regex: a string value is a regex as written; a list is an alternation of words."""
    found = value(name, key)
    text = found if isinstance(found, str) else alternation(found)
    return re.compile(text, flags)


def regex(name: str, key: str) -> str:
    """The regex text of a string value (to embed in a larger pattern)."""
    found = value(name, key)
    return found if isinstance(found, str) else alternation(found)


def rule_files() -> list[tuple[str, bytes]]:
    """(file name, bytes) of every rule file, sorted: what the cache fingerprint hashes."""
    files = [f for f in _folder().iterdir() if f.name.endswith((".toml", ".txt"))]
    return [(f.name, f.read_bytes()) for f in sorted(files, key=lambda f: f.name)]


def fingerprint() -> str:
    """A short hash of every rule file."""
    digest = hashlib.sha256()
    for name, data in rule_files():
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()[:16]
