"""State that belongs to one build: the caches every stage keeps, dropped when the build ends.

A build reads the same titles, place names and entry texts many times over, so stages memoise
their work; but a cache that outlives the build is memory a notebook user never gets back and
an answer that may be stale after the rules change. So caches live in a :class:`BuildContext`
that the pipeline opens for one build (:func:`build_context`), and a memoised function called
outside any build simply computes its answer.

>>> @memoized
... def double(x):
...     return 2 * x
>>> with build_context() as context:
...     double(2), len(context.cache(double.cache_name))
(4, 1)
>>> current() is None
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

__all__ = ["BuildContext", "build_context", "current", "memoized", "cache"]

F = TypeVar("F", bound=Callable[..., Any])


class BuildContext:
    """The caches of one build, by name (one dict per memoised function or stage table)."""

    def __init__(self) -> None:
        self._caches: dict[str, dict] = {}

    def cache(self, name: str) -> dict:
        """The cache called ``name``, made empty on first use."""
        found = self._caches.get(name)
        if found is None:
            found = self._caches[name] = {}
        return found

    def sizes(self) -> dict[str, int]:
        """Entries held per cache (for tests and benchmarks)."""
        return {name: len(values) for name, values in sorted(self._caches.items())}


_CURRENT: ContextVar[BuildContext | None] = ContextVar("kg_build_context", default=None)


def current() -> BuildContext | None:
    """The context of the build running in this thread, or None outside a build."""
    return _CURRENT.get()


@contextmanager
def build_context() -> Iterator[BuildContext]:
    """Open a build's context (or join the one already open) for the ``with`` block."""
    existing = _CURRENT.get()
    if existing is not None:
        yield existing
        return
    context = BuildContext()
    token = _CURRENT.set(context)
    try:
        yield context
    finally:
        _CURRENT.reset(token)


def cache(name: str) -> dict | None:
    """The current build's cache called ``name``, or None outside a build."""
    context = _CURRENT.get()
    return context.cache(name) if context is not None else None


def memoized(function: F) -> F:
    """Memoise ``function`` (positional, hashable arguments) in the current build's context."""
    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def wrapper(*args):
        context = _CURRENT.get()
        if context is None:
            return function(*args)
        table = context.cache(name)
        try:
            return table[args]
        except KeyError:
            value = table[args] = function(*args)
            return value

    wrapper.cache_name = name  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
