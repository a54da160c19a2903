"""The report's chart: topic shares per period, drawn by matplotlib as static SVG.

matplotlib is the optional extra ``zhnews[report]``; it is imported inside the
functions here, never at import of zhnews, and its absence raises
:class:`~zhnews.errors.MissingExtraError` naming the install command.

The SVG is self-contained: ``svg.fonttype="path"`` turns every glyph into a path,
so the page needs no font file and looks the same everywhere. Chinese label
names need a font with Chinese glyphs *when the chart is drawn*: the first
installed font among well-known CJK families (Noto Sans CJK, Source Han Sans,
WenQuanYi, SimHei, Microsoft YaHei, PingFang…) that has the glyphs of the label
names is used. With none, the chart falls back to the ASCII label names
(``party_building``) and to ``#N`` for a non-ASCII period name (an input file
called ``人民日报.jsonl``); the page's tables still show the Chinese names, in
the reader's browser fonts.

The figure is drawn on a :class:`matplotlib.figure.Figure` with its own SVG
canvas, not through ``pyplot``: no global figure state, no GUI backend, and the
host program's matplotlib settings are untouched (rc settings are changed only
inside an ``rc_context``).
"""

from __future__ import annotations

import functools
import io
import math
import os
import re
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from ..errors import MissingExtraError
from .aggregate import UNDATED, Aggregate
from .records import LABEL_NAMES_ZH

__all__ = ["COLORS", "chart_labels", "chart_svg", "find_cjk_font", "require_matplotlib"]

#: Okabe & Ito's colour-blind-safe palette; ``other`` is grey.
COLORS: dict[str, str] = {
    "party_building": "#D55E00",
    "rule_of_law": "#0072B2",
    "civilization_campaign": "#009E73",
    "safety": "#E69F00",
    "other": "#999999",
}
_EXTRA_COLORS = ("#CC79A7", "#56B4E9", "#F0E442", "#000000")
ERROR_COLOR = "#B2182B"
#: Periods up to this many are drawn as bars, more as stacked areas.
MAX_BARS = 120
#: Width of the figure: the page's content width (1124 CSS px = 843 pt), so that
#: the chart's 10 pt text is shown at about its size, whatever the number of periods.
FIGURE_INCHES = 11.7

_CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "Droid Sans Fallback",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
)
_CJK_HINT = re.compile(r"CJK|Han|Hei|Song|Ming|Kai|YaHei|WenQuanYi|SC\b|CN\b|GB\b", re.IGNORECASE)
_CJK_FILE_HINT = re.compile(r"wqy|cjk|sourcehan|han ?sans|droidsansfallback|simhei|simsun|msyh|pingfang|ukai|uming|hei", re.IGNORECASE)
#: Characters a font must have to draw the label names.
_PROBE = "".join(dict.fromkeys("".join(LABEL_NAMES_ZH.values())))


def require_matplotlib() -> Any:
    """Import matplotlib, or raise the error that names the extra to install.

    Returns
    -------
    module
        The ``matplotlib`` module.

    Raises
    ------
    MissingExtraError
        matplotlib is not installed.
    """
    try:
        import matplotlib
    except ImportError:
        raise MissingExtraError("report", "the report's chart (matplotlib)") from None
    return matplotlib


def _charmap(path: str) -> frozenset[int] | None:
    from matplotlib import ft2font

    try:
        return frozenset(ft2font.FT2Font(path).get_charmap())
    except (OSError, RuntimeError, ValueError):
        return None


@functools.lru_cache(maxsize=1)
def find_cjk_font() -> str | None:
    """The file of an installed font that can draw the Chinese label names, or None.

    Well-known CJK families are tried first, then any font whose name suggests
    Chinese glyphs, then font files on disk that matplotlib's cached font list
    does not know yet; a font is accepted only when it has a glyph for every
    character of the label names. Cached: fonts do not change during a run.
    """
    from matplotlib import font_manager

    by_name: dict[str, str] = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name, entry.fname)
    candidates = [by_name[name] for name in _CJK_FAMILIES if name in by_name]
    candidates += sorted(path for name, path in by_name.items() if _CJK_HINT.search(name) and path not in candidates)
    need = {ord(ch) for ch in _PROBE}
    for path in candidates:
        charmap = _charmap(path)
        if charmap is not None and need <= charmap:
            return path
    # matplotlib's font list is cached on first use: a font installed after that is
    # only on disk, so look there too (only when the cached list has none).
    for path in sorted(p for p in font_manager.findSystemFonts() if _CJK_FILE_HINT.search(Path(p).name)):
        charmap = _charmap(path)
        if charmap is not None and need <= charmap:
            return path
    return None


def chart_labels(labels: Sequence[str], *, chinese: bool) -> list[str]:
    """Legend entries: ``党建 party_building`` with a Chinese font, else the ASCII name."""
    if not chinese:
        return list(labels)
    return [f"{LABEL_NAMES_ZH[label]} {label}" if label in LABEL_NAMES_ZH else label for label in labels]


def _tick_names(keys: Sequence[str], by: str, charmap: frozenset[int] | None) -> list[str]:
    out = []
    for i, key in enumerate(keys, 1):
        name = Path(key).name if by == "source" and key != "(records)" else key
        if len(name) > 24:
            name = name[:10] + "..." + name[-10:]
        drawable = name.isascii() if charmap is None else all(ord(ch) in charmap or ch.isspace() for ch in name)
        if by == "source":  # numbered as in the table: two folders may hold files of one name
            out.append(f"#{i} {name}" if drawable else f"#{i}")
        else:
            out.append(name if drawable else f"#{i}")
    return out


def _shown_ticks(keys: Sequence[str], by: str, most: int = 28) -> list[int]:
    """Indices of the periods that get a tick label: at most ``most``, whole years when thinned."""
    dated = len(keys) - 1 if keys and keys[-1] == UNDATED else len(keys)
    per_year = {"month": 12, "quarter": 4}.get(by, 1)
    step = max(1, math.ceil(dated / most))
    start = 0
    if step > 1 and per_year > 1:
        step = per_year * math.ceil(step / per_year)
        start = next((i for i in range(min(dated, per_year)) if keys[i].endswith(("-01", "-Q1"))), 0)
    shown = list(range(start, dated, step))
    return shown + ([dated] if dated < len(keys) else [])


def _color(label: str, index: int) -> str:
    return COLORS.get(label) or _EXTRA_COLORS[index % len(_EXTRA_COLORS)]


_SVG_PREAMBLE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->|<metadata>.*?</metadata>", re.DOTALL)
_SIZE = re.compile(r'(<svg\b[^>]*?)\s+width="[^"]*"\s+height="[^"]*"')


def chart_svg(agg: Aggregate, *, font: str | os.PathLike[str] | None = "auto", title: str | None = None) -> str:
    """Draw the stacked chart of topic shares per period, with articles and errors below.

    Parameters
    ----------
    agg : Aggregate
        From :func:`~zhnews.report.aggregate`.
    font : path-like, "auto" or None
        The font file for all text (glyphs become paths); ``"auto"`` looks for
        a CJK font with :func:`find_cjk_font`; None uses matplotlib's default
        font and ASCII label names.
    title : str or None
        The SVG's accessible title.

    Returns
    -------
    str
        An ``<svg>`` element (no XML declaration, no comments, no width and
        height: it scales to its container through its ``viewBox``).

    Raises
    ------
    MissingExtraError
        matplotlib is not installed.
    """
    matplotlib = require_matplotlib()
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import PercentFormatter

    font_path = find_cjk_font() if font == "auto" else (os.fspath(font) if font is not None else None)
    charmap = _charmap(font_path) if font_path else None
    chinese = charmap is not None and {ord(ch) for ch in _PROBE} <= charmap
    props = FontProperties(fname=font_path) if font_path and charmap is not None else FontProperties()
    props.set_size(10)
    small = props.copy()
    small.set_size(9)

    periods = agg.periods
    keys = [p.key for p in periods]
    n = len(periods)
    gap = 0.6 if n > 1 and keys[-1] == UNDATED else 0.0
    xs = [float(i) + (gap if i == n - 1 else 0.0) for i in range(n)]

    rc = {"svg.fonttype": "path", "svg.hashsalt": "zhnews-report", "axes.spines.top": False, "axes.spines.right": False}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(FIGURE_INCHES, 5.0), layout="constrained")
        FigureCanvasSVG(fig)
        share_ax, count_ax = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1.3])
        # Up to MAX_BARS periods are bars; more (decades by month, an outlier date far
        # from the rest) are stacked step areas, five shapes instead of thousands.
        undated = n > 0 and keys[-1] == UNDATED
        runs = [range(n - 1), range(n - 1, n)] if undated else [range(n)]
        names = chart_labels(agg.labels, chinese=chinese)

        def stack(ax: Any, series: list[tuple[str, str, list[float]]]) -> None:
            for run in runs:
                if not len(run):
                    continue
                x = [xs[i] for i in run]
                bottom = [0.0] * len(x)
                for name, colour, values in series:
                    top = [b + values[i] for b, i in zip(bottom, run)]
                    if len(run) > MAX_BARS:
                        ax.fill_between(x, bottom, top, step="mid", color=colour, linewidth=0, label=name if run is runs[0] else None)
                    else:
                        ax.bar(x, [t - b for t, b in zip(top, bottom)], bottom=bottom, width=0.8, color=colour, linewidth=0, label=name if run is runs[0] or not runs[0] else None)
                    bottom = top

        stack(share_ax, [(name, _color(label, i), [p.shares[label] for p in periods]) for i, (label, name) in enumerate(zip(agg.labels, names))])
        share_ax.set_ylim(0, 1)
        share_ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        share_ax.set_ylabel("share of labelled mentions", fontproperties=small)
        handles, legend_names = share_ax.get_legend_handles_labels()
        # Reversed, so that the legend reads top to bottom like the stack.
        share_ax.legend(handles[::-1], legend_names[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, prop=props)

        stack(count_ax, [("articles", "#555555", [float(p.articles) for p in periods]), ("errors", ERROR_COLOR, [float(p.errors) for p in periods])])
        count_ax.set_ylabel("records", fontproperties=small)
        count_ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, prop=props)

        ticks = _tick_names(keys, agg.by, charmap)
        shown = _shown_ticks(keys, agg.by)
        count_ax.set_xticks([xs[i] for i in shown], [ticks[i] for i in shown])
        long_ticks = n > 10 or any(len(t) > 8 for t in ticks)
        for tick in count_ax.get_xticklabels():
            tick.set_fontproperties(small)
            if long_ticks:
                tick.set_rotation(60)
                tick.set_horizontalalignment("right")
                tick.set_rotation_mode("anchor")
        # A few periods keep the width of a bar of many: the axis spans at least 8.
        low, high = -0.6, (xs[-1] if xs else 0.0) + 0.6
        pad = max(0.0, 8.0 - (high - low)) / 2
        for ax in (share_ax, count_ax):
            ax.set_xlim(low - pad, high + pad)
            for tick in ax.get_yticklabels():
                tick.set_fontproperties(small)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    svg = _COMMENT.sub("", _SVG_PREAMBLE.sub("", buffer.getvalue(), count=1))
    svg = _SIZE.sub(r"\1", svg, count=1)
    label = f"<title>{escape(title)}</title>" if title else ""
    svg = re.sub(r"<svg\b", '<svg role="img"', svg, count=1)
    svg = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + label, svg, count=1)
    return svg.strip()
