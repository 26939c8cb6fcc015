"""Exceptions raised by the library; the CLI turns them into one-line messages."""

from __future__ import annotations

__all__ = [
    "KgError",
    "InputError",
    "EmptyInputError",
    "BinaryInputError",
    "DecodeError",
    "NoEntriesError",
    "NoChroniclesError",
    "OutputError",
    "QueryError",
    "QueryRefusedError",
    "QueryTimeoutError",
]


class KgError(Exception):
    """Base of every error the library raises on purpose."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.message = message
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}: {self.message}"
        if self.path:
            return f"{self.path}: {self.message}"
        return self.message


class InputError(KgError):
    """A chronicle file cannot be used."""


class EmptyInputError(InputError):
    """The file holds no text."""


class BinaryInputError(InputError):
    """The file is not text (NUL bytes or a known binary signature)."""


class DecodeError(InputError):
    """The file is not UTF-8, UTF-16 or GB18030 text."""


class NoEntriesError(InputError):
    """The file is text but holds no dated chronicle entry."""


class NoChroniclesError(KgError):
    """A folder holds no .txt, .html or .htm file."""


class OutputError(KgError):
    """The output folder or file cannot be written."""


class QueryError(KgError):
    """A SPARQL query is malformed or cannot be run."""


class QueryRefusedError(QueryError):
    """A SPARQL query would write to the graph or reach the network (SERVICE, LOAD, updates)."""


class QueryTimeoutError(QueryError):
    """A SPARQL query ran past its time limit and was stopped."""
