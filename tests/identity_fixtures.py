"""Corpora built by the whole pipeline once per test session, for the identity and post checks of
issue 12: the shared corpus, the wide set and the invented chronicles of tests/fixtures/identity."""

from __future__ import annotations

import functools
from pathlib import Path

from kg.graph import corpus_to_turtle
from kg.model import Corpus
from kg.pipeline import build_corpus
from rdf_fixtures import SHARED

__all__ = ["IDENTITY_DIR", "SHARED_CORPORA", "built", "built_turtle"]

IDENTITY_DIR = Path(__file__).parent / "fixtures" / "identity"
SHARED_CORPORA = {"corpus": SHARED / "corpus", "wide": SHARED / "wide" / "corpus", "identity": IDENTITY_DIR}


@functools.lru_cache(maxsize=None)
def built(name: str) -> Corpus:
    """The resolved corpus of one of :data:`SHARED_CORPORA`, built on one core without a cache."""
    return build_corpus([SHARED_CORPORA[name]], jobs=1)


@functools.lru_cache(maxsize=None)
def built_turtle(name: str) -> str:
    return corpus_to_turtle(built(name))[0]
