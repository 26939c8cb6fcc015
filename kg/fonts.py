"""Chinese fonts on this machine: whether the page's and the notebook's characters can be drawn."""

from __future__ import annotations

import functools
import shutil
import subprocess

__all__ = ["CJK_FONT_PACKAGE", "cjk_font_families", "missing_font_notice", "matplotlib_cjk_font"]

CJK_FONT_PACKAGE = "fonts-noto-cjk"
"""The Debian/Ubuntu package that gives Chromium and matplotlib Chinese glyphs."""

_PROBE = "张市长会议"  # characters every Chinese font covers, and names need


@functools.lru_cache(maxsize=1)
def cjk_font_families() -> tuple[str, ...]:
    """Families of the installed fonts that cover Chinese, as fontconfig (``fc-list``) lists them;
    empty when there is none, or no fontconfig to ask (then browsers show boxes instead of names)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    try:
        listed = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True,
                                timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    families = {line.split(",")[0].strip() for line in listed.splitlines() if line.strip()}
    return tuple(sorted(families))


def missing_font_notice() -> str | None:
    """A one-line hint when no Chinese font is installed, else None: without one, the page's
    names and legend (and the notebook's labels) show as boxes."""
    if cjk_font_families():
        return None
    return (f"no Chinese (CJK) font found on this machine: names in coattendance.html will show as boxes "
            f"here; install one, e.g. `apt-get install {CJK_FONT_PACKAGE}` (Debian/Ubuntu)")


def _covers_chinese(path: str) -> bool:
    from fontTools.ttLib import TTCollection, TTFont

    try:
        fonts = TTCollection(path, lazy=True).fonts if path.lower().endswith(".ttc") else [TTFont(path, lazy=True)]
        return any(all(ord(c) in (font.getBestCmap() or {}) for c in _PROBE) for font in fonts)
    except Exception:  # an unreadable font file is simply not a candidate
        return False


_HINTS = ("CJK", "Han", "Hei", "Song", "Ming", "Kai", "WenQuanYi", "YaHei", "PingFang", "Fallback")


def _likely(name: str) -> bool:
    return any(h.lower() in name.lower() for h in _HINTS) and "last resort" not in name.lower()


def matplotlib_cjk_font() -> str | None:
    """The family name of an installed font that matplotlib can draw Chinese with, or None.

    Looks through matplotlib's font list, then the system's font files (matplotlib's cached
    list may predate a font installed later, and may leave out .ttc collections); a font counts
    when its character map covers common Chinese characters, not by a hard-coded path. A font
    found only on the system is added to matplotlib's font manager. Use it as
    ``plt.rcParams["font.sans-serif"] = [family, *plt.rcParams["font.sans-serif"]]``.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    for entry in sorted(manager.ttflist, key=lambda f: (not f.name.endswith(" SC"), f.name, f.fname)):
        if _likely(entry.name) and _covers_chinese(entry.fname):
            return entry.name
    for path in sorted(font_manager.findSystemFonts(), key=lambda f: ("Sans" not in f, "Bold" in f, f)):
        if _likely(path.rsplit("/", 1)[-1]) or "cjk" in path.lower() or "wqy" in path.lower():
            if _covers_chinese(path):
                manager.addfont(path)
                names = sorted({f.name for f in manager.ttflist if f.fname == path},
                               key=lambda n: (not n.endswith(" SC"), n))
                if names:
                    return names[0]
    return None
