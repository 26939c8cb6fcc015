"""kg.fonts: is there a Chinese font for the page and for matplotlib, and kg build's note when not."""

from __future__ import annotations

import pytest

from kg import fonts


def test_fonts_no_fontconfig_means_no_font(monkeypatch):
    fonts.cjk_font_families.cache_clear()
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    try:
        assert fonts.cjk_font_families() == ()
        assert "apt-get install fonts-noto-cjk" in fonts.missing_font_notice()
    finally:
        fonts.cjk_font_families.cache_clear()


def test_fonts_families_found_by_fontconfig():
    if fonts.shutil.which("fc-list") is None:
        pytest.skip("no fontconfig on this machine")
    families = fonts.cjk_font_families()
    assert families == tuple(sorted(set(families)))
    assert (fonts.missing_font_notice() is None) == bool(families)


def test_fonts_build_says_once_when_no_chinese_font(monkeypatch, tmp_path, capsys):
    from kg import cli, fonts

    monkeypatch.setattr(fonts, "cjk_font_families", lambda: ())
    assert cli.main(["build", "--out", str(tmp_path / "out"), "--no-cache", "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert err.count("no Chinese (CJK) font") == 1 and "fonts-noto-cjk" in err


def test_fonts_build_is_quiet_about_fonts_when_one_is_installed(monkeypatch, tmp_path, capsys):
    from kg import cli, fonts

    monkeypatch.setattr(fonts, "cjk_font_families", lambda: ("Noto Sans CJK SC",))
    assert cli.main(["build", "--out", str(tmp_path / "out"), "--no-cache", "--jobs", "1"]) == 0
    assert "font" not in capsys.readouterr().err


def test_fonts_matplotlib_font_draws_chinese():
    pytest.importorskip("matplotlib")
    from kg.fonts import cjk_font_families, matplotlib_cjk_font

    family = matplotlib_cjk_font()
    if not cjk_font_families():
        pytest.skip("no Chinese font on this machine (.ci/run installs fonts-noto-cjk)")
    assert family is not None and "Last Resort" not in family
    from matplotlib import font_manager
    from fontTools.ttLib import TTCollection, TTFont

    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    fonts = TTCollection(path).fonts if path.endswith(".ttc") else [TTFont(path)]
    assert any(ord("张") in font.getBestCmap() for font in fonts)
