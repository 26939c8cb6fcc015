"""Word lists of general knowledge (surnames, post titles), read once from kg/rules/ through kg.rules."""

from __future__ import annotations

from functools import lru_cache

from kg import rules

__all__ = ["surnames", "compound_surnames", "title_words"]

def _words(name: str) -> tuple[str, ...]:
    return rules.word_list(name.removesuffix(".txt"))


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Single-character Chinese surnames.

    >>> "王" in surnames(), "的" in surnames()
    (True, False)
    """
    return frozenset(w for w in _words("surnames.txt") if len(w) == 1)


@lru_cache(maxsize=1)
def compound_surnames() -> frozenset[str]:
    """Two-character surnames such as 欧阳, 司马.

    >>> "欧阳" in compound_surnames()
    True
    """
    return frozenset(w for w in _words("surnames.txt") if len(w) == 2)


@lru_cache(maxsize=1)
def title_words() -> tuple[str, ...]:
    """Post and title words that can end a title before a name, longest first.

    >>> title_words()[0] != "" and "副市长" in title_words()
    True
    """
    return tuple(sorted(set(_words("titles.txt")), key=lambda w: (-len(w), w)))
