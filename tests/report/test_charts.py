"""The chart: matplotlib SVG, self-contained, Chinese names with a CJK font, ASCII without."""

from __future__ import annotations

import re
import sys

import pytest
from conftest import skip_optional
from report.builders import article, failure, needs_matplotlib

from zhnews.errors import MissingExtraError
from zhnews.report import aggregate
from zhnews.report.charts import MAX_BARS, _shown_ticks, _tick_names, chart_labels, chart_svg, find_cjk_font, require_matplotlib

AGG_RECORDS = [
    article("2020-01-03", "party_building", "rule_of_law"),
    article("2020-02-11", "safety"),
    article("2020-04-30", "civilization_campaign"),
    article(None, "other"),
    failure(date="2020-02-01"),
]


def test_missing_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    with pytest.raises(MissingExtraError, match=re.escape("pip install 'zhnews[report]'")) as info:
        require_matplotlib()
    assert info.value.extra == "report" and isinstance(info.value, ImportError)
    with pytest.raises(MissingExtraError):
        chart_svg(aggregate(AGG_RECORDS))


def test_the_chart_is_one_self_contained_svg_element():
    needs_matplotlib()
    svg = chart_svg(aggregate(AGG_RECORDS), font=None, title="Topic <shares>")
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<!--" not in svg and "<metadata" not in svg
    assert "<title>Topic &lt;shares&gt;</title>" in svg
    assert 'viewBox="' in svg and not re.search(r"<svg[^>]*\swidth=", svg)  # scales with the page
    assert "<text" not in svg  # glyphs are paths: no font needed to show it
    assert not re.search(r"(?:href|src)\s*=\s*[\"'](?!#)", svg)  # no links out, only #ids
    assert "<image" not in svg and "<script" not in svg


def test_the_chart_is_reproducible():
    needs_matplotlib()
    agg = aggregate(AGG_RECORDS)
    assert chart_svg(agg, font=None) == chart_svg(agg, font=None)


def test_the_chart_draws_a_bar_per_period_and_label():
    needs_matplotlib()
    agg = aggregate(AGG_RECORDS)  # 2020-01 .. 2020-04 and undated: 5 periods
    svg = chart_svg(agg, font=None)
    colours = {c.lower() for c in re.findall(r"fill:\s*(#[0-9a-fA-F]{6})", svg)}
    assert {"#d55e00", "#0072b2", "#009e73", "#e69f00", "#999999", "#555555", "#b2182b"} <= colours
    # 5 labels x 5 periods stacked shares + 5 article bars + 5 error bars, each a path
    assert len(re.findall(r'<g id="patch_\d+">', svg)) >= 5 * 5 + 5 + 5


def test_many_periods_are_drawn_as_areas_with_ticks_on_whole_years():
    needs_matplotlib()
    records = [article(f"{1990 + m // 12}-{1 + m % 12:02d}-15", ("safety", "other")[m % 2]) for m in range(3, 30 * 12, 5)]
    agg = aggregate([*records, article(None, "safety")])
    assert len(agg.periods) > MAX_BARS
    svg = chart_svg(agg, font=None)
    assert len(re.findall(r'<g id="(?:FillBetween)?PolyCollection_\d+">', svg)) >= 5 + 2  # one area per label, articles and errors
    assert len(re.findall(r'<g id="patch_\d+">', svg)) < 60  # not a bar per period (only undated's and the frame)
    shown = _shown_ticks([p.key for p in agg.periods], "month")
    assert all(agg.periods[i].key.endswith("-01") for i in shown[:-1]) and agg.periods[shown[-1]].key == "undated"
    assert len(shown) <= 29


def test_few_periods_all_get_a_tick():
    assert _shown_ticks(["2020-Q3", "2020-Q4", "undated"], "quarter") == [0, 1, 2]
    assert _shown_ticks([str(y) for y in range(1900, 2000)], "year") == list(range(0, 100, 4))


def test_without_a_cjk_font_labels_fall_back_to_ascii():
    assert chart_labels(["party_building", "other"], chinese=False) == ["party_building", "other"]
    assert chart_labels(["party_building", "weather"], chinese=True) == ["党建 party_building", "weather"]
    assert _tick_names(["x/2020.jsonl", "人民日报.jsonl", "archive/a.jsonl"], "source", None) == ["#1 2020.jsonl", "#2", "#3 a.jsonl"]
    assert _tick_names(["2020-01", "二〇二〇"], "month", None) == ["2020-01", "#2"]
    assert _tick_names(["x" * 40], "month", None) == ["x" * 10 + "..." + "x" * 10]


def test_with_a_cjk_font_the_legend_draws_chinese_glyphs():
    needs_matplotlib()
    path = find_cjk_font()
    if path is None:
        skip_optional("no font with Chinese glyphs installed (Debian: apt-get install fonts-wqy-microhei)")
    from matplotlib.ft2font import FT2Font

    font = FT2Font(path)
    prefix = font.postscript_name.replace(" ", "")
    svg = chart_svg(aggregate(AGG_RECORDS), font=path)
    for ch in "党建法治":
        assert f'id="{prefix}-{font.get_char_index(ord(ch)):x}"' in svg, ch
    plain = chart_svg(aggregate(AGG_RECORDS), font=None)
    assert prefix not in plain


def test_a_font_without_chinese_glyphs_is_used_with_ascii_names():
    needs_matplotlib()
    from matplotlib import font_manager

    dejavu = font_manager.findfont("DejaVu Sans")
    svg = chart_svg(aggregate(AGG_RECORDS), font=dejavu)
    assert svg == chart_svg(aggregate(AGG_RECORDS), font=None)


def test_a_font_installed_after_matplotlib_cached_its_list_is_found_on_disk(monkeypatch):
    needs_matplotlib()
    from matplotlib import font_manager

    find_cjk_font.cache_clear()
    if find_cjk_font() is None:
        skip_optional("no font with Chinese glyphs installed (Debian: apt-get install fonts-wqy-microhei)")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])  # as if the cache predates the font
    find_cjk_font.cache_clear()
    try:
        assert find_cjk_font() is not None
    finally:
        find_cjk_font.cache_clear()
