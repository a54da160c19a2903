"""The report page: one self-contained HTML file from an :class:`~zhnews.report.Aggregate`.

The page must open from a USB stick with no network, so it has no scripts, no
external style sheets, fonts or images: the CSS is inline, the chart is inline
SVG, and a Content-Security-Policy (``default-src 'none'``) makes the browser
refuse any request the page might still try. Everything that comes from the
archive (titles, briefs, sources, error texts, keywords, file names) is
HTML-escaped, since archives are not trusted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape

from .aggregate import UNDATED, Aggregate, PeriodRow, TopicSummary
from .charts import COLORS
from .records import LABEL_NAMES_ZH

__all__ = ["render_html"]

_BY_TITLE = {"month": "month", "quarter": "quarter", "year": "year", "source": "input file"}

_CSS = """
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --rule: #d1d9e0; --band: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 28px 48px; color: var(--ink); background: #fff;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Source Han Sans SC",
  "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.08rem; margin: 1.6rem 0 .4rem; }
.muted, figcaption, caption { color: var(--muted); font-size: .88rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1.2rem; margin: .8rem 0 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
ul.files { margin: 0; padding-left: 1.1rem; }
figure { margin: 0; }
#chart svg { display: block; width: 100%; height: auto; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .88rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; caption-side: top; padding-bottom: .3rem; }
th, td { padding: .22rem .6rem; border-bottom: 1px solid var(--rule); text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
td.text, th.text { text-align: left; }
tbody th.text, td { white-space: nowrap; }
td.text { white-space: normal; }
tbody th.text .source { white-space: normal; display: inline-block; min-width: 16em; }
thead th { background: var(--band); position: sticky; top: 0; }
tfoot td { font-weight: 600; border-top: 2px solid var(--ink); }
.table-wrap { max-height: 32rem; overflow: auto; border: 1px solid var(--rule); width: fit-content; max-width: 100%; margin: .6rem 0; }
.table-wrap table { margin: 0; }
.share { color: var(--muted); font-size: .8rem; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .3em; vertical-align: -.05em; }
.topic { border-left: 4px solid var(--rule); padding-left: 14px; }
ul.keywords { list-style: none; padding: 0; margin: .3rem 0 .8rem; display: flex; flex-wrap: wrap; gap: .35rem; }
ul.keywords li { background: var(--band); border: 1px solid var(--rule); border-radius: 999px; padding: .05rem .6rem; }
ul.keywords .n { color: var(--muted); font-size: .8rem; margin-left: .25rem; }
ol.articles { padding-left: 1.3rem; margin: .3rem 0; }
ol.articles li { margin-bottom: .8rem; }
.article-title { font-weight: 600; }
.meta { color: var(--muted); font-size: .82rem; overflow-wrap: anywhere; }
.brief { margin: .15rem 0 0; }
code, .source { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85em; overflow-wrap: anywhere; }
th code { overflow-wrap: normal; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--rule); padding-top: .8rem; }
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _label_html(label: str) -> str:
    zh = LABEL_NAMES_ZH.get(label)
    swatch = f'<span class="swatch" style="background:{COLORS[label]}"></span>' if label in COLORS else ""
    name = f'<span lang="zh">{_e(zh)}</span> <code>{_e(label)}</code>' if zh else f"<code>{_e(label)}</code>"
    return swatch + name


def _n(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _header(agg: Aggregate, generated: dt.datetime, version: str) -> str:
    h = agg.header
    if h.files:
        files = "".join(f'<li><span class="source">{_e(f.name)}</span> <span class="muted">({f.records:,} records)</span></li>' for f in h.files)
        files = f'<ul class="files">{files}</ul>'
    else:
        files = '<span class="muted">records given directly, not read from files</span>'
    if h.first_date:
        dates = f"{_e(h.first_date)} to {_e(h.last_date)}"
    else:
        dates = '<span class="muted">no dated articles</span>'
    if h.undated:
        dates += f' <span class="muted">and {h.undated:,} undated</span>'
    models = ", ".join(f"<code>{_e(m.name)}</code> {_e(m.version)} <span class=\"muted\">({m.articles:,} articles)</span>" for m in h.models) or '<span class="muted">none</span>'
    facts = [
        ("Files", files),
        ("Articles", f"{h.articles:,} <span class=\"muted\">of {h.records:,} records</span>"),
        ("Error records", f"{h.errors:,}" + (f' <span class="muted">and {_n(h.unreadable, "unreadable line")}</span>' if h.unreadable else "")),
        ("Dates", dates),
        ("Model" if len(h.models) <= 1 else "Models", models),
        ("Periods", f"by {_e(_BY_TITLE[agg.by])} ({len(agg.periods):,})"),
        ("Generated", f"{_e(generated.isoformat(timespec='seconds'))} by zhnews {_e(version)}"),
    ]
    rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
    return f'<header><h1>Archive report</h1><p class="muted">Topics of the articles that <code>zhnews batch</code> analysed.</p><dl class="facts">{rows}</dl></header>'


def _cells(row: PeriodRow, labels: Iterable[str]) -> str:
    out = [f"<td>{row.articles:,}</td>"]
    for label in labels:
        n = row.counts[label]
        share = f' <span class="share">{_pct(row.shares[label])}</span>' if n else ""
        out.append(f"<td>{n:,}{share}</td>")
    out.append(f"<td>{row.mentions:,}</td><td>{row.errors:,}</td>")
    return "".join(out)


def _counts_table(agg: Aggregate) -> str:
    numbered = agg.by == "source"
    head = ("<th>#</th>" if numbered else "") + f'<th class="text">{_e(_BY_TITLE[agg.by]).capitalize()}</th><th>Articles</th>'
    head += "".join(f"<th>{_label_html(label)}</th>" for label in agg.labels)
    head += "<th>Mentions</th><th>Errors</th>"
    body = []
    for i, row in enumerate(agg.periods, 1):
        number = f"<td>{i}</td>" if numbered else ""
        key = f'<span class="source">{_e(row.key)}</span>' if numbered else (f'<em>{_e(row.key)}</em>' if row.key == UNDATED else _e(row.key))
        body.append(f'<tr>{number}<th scope="row" class="text">{key}</th>{_cells(row, agg.labels)}</tr>')
    foot = ("<td></td>" if numbered else "") + f'<td class="text">Total</td>{_cells(agg.totals, agg.labels)}'
    caption = "Articles per period and label (an article with two labels counts under both), with each label's share of the period's labelled mentions."
    return (
        f'<div class="table-wrap"><table id="counts"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody><tfoot><tr>{foot}</tr></tfoot></table></div>"
    )


def _topic(topic: TopicSummary) -> str:
    color = COLORS.get(topic.label, "#d1d9e0")
    parts = [f'<section class="topic" id="topic-{_e(topic.label)}" style="border-left-color:{color}">']
    parts.append(f'<h3>{_label_html(topic.label)} <span class="muted">— {topic.articles:,} articles</span></h3>')
    if topic.keywords:
        words = "".join(f'<li lang="zh">{_e(k.word)}<span class="n" title="articles listing it">{k.articles:,}</span></li>' for k in topic.keywords)
        parts.append(f'<p class="muted">Top keywords (c-TF-IDF over the articles\' batch keywords; the number is how many articles list the word):</p><ul class="keywords">{words}</ul>')
    else:
        parts.append('<p class="muted">No keywords.</p>')
    if topic.top_articles:
        items = []
        for a in topic.top_articles:
            title = f'<span class="article-title" lang="zh">{_e(a.title)}</span>' if a.title else '<span class="article-title muted">(untitled)</span>'
            meta = [f'<span class="source">{_e(a.source)}</span>', _e(a.date) if a.date else "undated"]
            if a.probability is not None:
                meta.append(f"p = {a.probability:.3f}")
            meta.append(" ".join(_e(label) for label in a.labels))
            brief = f'<p class="brief" lang="zh">{_e(a.brief)}</p>' if a.brief else '<p class="brief muted">(no brief)</p>'
            items.append(f'<li>{title}<div class="meta">{" · ".join(meta)}</div>{brief}</li>')
        parts.append(f'<p class="muted">The {len(items)} articles with the highest probability for this topic:</p><ol class="articles">{"".join(items)}</ol>')
    elif topic.articles == 0:
        parts.append('<p class="muted">No articles.</p>')
    else:
        parts.append('<p class="muted">Articles of no topic have no probability to rank them by, so none are listed.</p>')
    parts.append("</section>")
    return "".join(parts)


def _errors(agg: Aggregate) -> str:
    total = agg.header.errors + agg.header.unreadable
    if not total:
        return "<p>No error records: every article was analysed.</p>"
    rows = []
    for g in agg.errors:
        examples = "<br>".join(f'<span class="source">{_e(x)}</span>' for x in g.examples)
        more = f'<br><span class="muted">and {g.count - len(g.examples):,} more</span>' if g.count > len(g.examples) else ""
        rows.append(
            f'<tr><td class="text">{_e(g.reason)}<div class="meta">e.g. {_e(g.example_error)}</div></td><td>{g.count:,}</td><td class="text">{examples}{more}</td></tr>'
        )
    return (
        f"<p>{_n(total, 'record')} {'was' if total == 1 else 'were'} not analysed ({_n(agg.header.errors, 'error record')} written by batch"
        f"{', ' + _n(agg.header.unreadable, 'line') + ' the report could not read' if agg.header.unreadable else ''}), grouped by reason with paths and numbers taken out.</p>"
        f'<div class="table-wrap"><table id="errors"><thead><tr><th class="text">Reason</th><th>Records</th><th class="text">Examples</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def render_html(agg: Aggregate, chart: str, *, generated: dt.datetime | None = None) -> str:
    """The report page as one HTML string.

    Parameters
    ----------
    agg : Aggregate
        From :func:`~zhnews.report.aggregate`.
    chart : str
        The chart's ``<svg>`` element, from :func:`~zhnews.report.charts.chart_svg`;
        it is trusted markup (matplotlib's output), everything else is escaped.
    generated : datetime or None
        When the report was made (shown in the header); now, in UTC, by default.

    Returns
    -------
    str
        A complete HTML document with no external resources.
    """
    from .. import __version__

    generated = generated or dt.datetime.now(dt.timezone.utc)
    by = _BY_TITLE[agg.by]
    topics = "".join(_topic(t) for t in agg.topics)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="zhnews {_e(__version__)}">
<title>Archive report — zhnews</title>
<link rel="icon" href="data:,">
<style>{_CSS}</style>
</head>
<body>
{_header(agg, generated, __version__)}
<main>
<section id="shares">
<h2>Topic shares by {_e(by)}</h2>
<figure id="chart">{chart}<figcaption>Top: each label's share of the labelled mentions of each {_e(by)} (an article with two labels counts under both; each bar adds up to 100%). Bottom: articles analysed and error records.{' Undated articles have their own bar at the right.' if agg.by != 'source' else ''} The counts are in the table below.</figcaption></figure>
{_counts_table(agg)}
</section>
<section id="topics">
<h2>Topics</h2>
{topics}
</section>
<section id="error-records">
<h2>Error records</h2>
{_errors(agg)}
</section>
</main>
<footer>Made by <code>zhnews report</code>. Labels and probabilities come from the model named above; keywords and briefs from each article's batch record. This page loads nothing from the network.</footer>
</body>
</html>
"""
