"""Bytes to text: the encodings chronicles come in (UTF-8, UTF-16, GB18030, Big5, a page's
declared charset), and a clear refusal of binary files and text that will not decode."""

from __future__ import annotations

import codecs
import re

from kg.errors import BinaryInputError, DecodeError, EmptyInputError
from kg.text import HAN_CHAR

__all__ = ["decode_bytes"]

_MAGIC = (b"\x89PNG", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b",
          b"BZh", b"7z\xbc\xaf", b"Rar!", b"\xd0\xcf\x11\xe0", b"MZ", b"\x00\x00\x01\x00", b"OggS",
          b"ID3", b"RIFF", b"\xca\xfe\xba\xbe", b"SQLite format 3")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED_CJK = frozenset({"gb2312", "gbk", "gb18030", "big5", "big5hkscs", "cp950", "cp936"})
# Characters that fill any chronicle, in both scripts: a wrong decoding rarely produces them.
_COMMON = set("的是在了和与與年月日市县縣区區会會议議委书書记記长長省部主持出席参參加工作召开開人民政府")
_CJK_PUNCT = re.compile("[\u2010-\u206f\u3000-\u303f\uff00-\uffef\u00a0-\u00ff\u25a0-\u25ff]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")  # below 32, except \t \n \v \f \r

def decode_bytes(data: bytes, path: str = "") -> tuple[str, str]:
    """Decode a file's bytes; returns ``(text, encoding)``. Guessed encodings are prefixed ``guess:``.

    Order: BOM, strict UTF-8, a charset the page declares, strict GB18030 (or Big5 when that reads
    better), charset-normalizer as a last resort.

    >>> decode_bytes("1日,会议召开".encode("gb18030"))
    ('1日,会议召开', 'gb18030')
    """
    if not data.strip():
        raise EmptyInputError("empty file", path=path or None)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is None:
                raise DecodeError(f"cannot decode the file (invalid {codec.upper()} after its BOM)", path=path or None)
            return _checked(text, codec, path)
    if data.startswith(_MAGIC):
        raise BinaryInputError("not a text file (binary content)", path=path or None)
    if b"\x00" in data[:65536]:  # binary, unless it is UTF-16 saved without a BOM
        found = _utf16_without_bom(data)
        if found is None:
            raise BinaryInputError("not a text file (binary content)", path=path or None)
        return _checked(*found, path)
    for codec in ("utf-8", _declared_charset(data)):
        text = _strict(data, codec) if codec else None
        if text is not None:
            return _checked(text, codec, path)
    found = _best_cjk(data)
    return _checked(*(found or _guess(data, path)), path)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a BOM: accepted only if it reads as chronicle text (common characters)."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(data, codec)
        if text and not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text) and _common_share(text) >= 0.08:
            return text, codec
    return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec, errors="strict")
    except (UnicodeDecodeError, LookupError):
        return None


def _declared_charset(data: bytes) -> str | None:
    match = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    return name if name in _DECLARED_CJK else None  # a declared latin-1 would read anything as mojibake


def _best_cjk(data: bytes) -> tuple[str, str] | None:
    """Strict GB18030, or Big5 when both decode and Big5 yields more common chronicle characters."""
    gb, big5 = _strict(data, "gb18030"), _strict(data, "big5")
    if gb is not None and big5 is not None and _readability(big5) > _readability(gb):
        return big5, "big5"
    if gb is not None:
        return gb, "gb18030"
    if big5 is not None:
        return big5, "big5"
    return None


def _readability(text: str) -> float:
    """Common chronicle characters count up, stray symbols and kana (a wrong decoding) count down."""
    han = HAN_CHAR.findall(text)
    stray = sum(1 for ch in text if ord(ch) > 127 and not HAN_CHAR.match(ch) and not _CJK_PUNCT.match(ch))
    return sum(ch in _COMMON for ch in han) + 0.2 * len(han) - stray


def _common_share(text: str) -> float:
    han = HAN_CHAR.findall(text)
    return sum(ch in _COMMON for ch in han) / len(han) if han else 0.0


def _guess(data: bytes, path: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    text = str(best) if best is not None else ""
    non_ascii = [ch for ch in text if ord(ch) > 127 and not ch.isspace()]
    if not non_ascii or len(HAN_CHAR.findall(text)) < len(non_ascii) / 2 or _common_share(text) < 0.05:
        raise DecodeError("cannot decode the file (not UTF-8, UTF-16, GB18030 or Big5 text)", path=path or None)
    return text, f"guess:{best.encoding}"


def _checked(text: str, encoding: str, path: str) -> tuple[str, str]:
    if "\x00" in text or len(_CONTROL.findall(text)) > len(text) // 100:
        raise BinaryInputError("not a text file (binary content)", path=path or None)
    if not text.strip():
        raise EmptyInputError("empty file", path=path or None)
    return text, encoding

