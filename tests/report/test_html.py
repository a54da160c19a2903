"""The page: everything from the archive escaped, nothing loaded from outside, all sections there."""

from __future__ import annotations

import datetime as dt
import re

from report.builders import article, failure

from zhnews.report import aggregate, render_html

CHART = '<svg role="img" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
WHEN = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)
EVIL = '<script>alert("x")</script>'


def page(records, **kw):
    return render_html(aggregate(records, **kw), CHART, generated=WHEN)


def test_archive_text_is_escaped_everywhere():
    html = page(
        [
            article("2020-01-01", "safety", title=EVIL, brief='<img src=x onerror="alert(1)">', source='"><iframe src=//evil>', keywords=[["<b>词</b>", 1.0]]),
            failure("<iframe src='http://evil/'>", source="<svg onload=alert(1)>"),
            article("2020-01-01", "weather<script>"),
        ]
    )
    for raw in ("<script", "<img", "<iframe", "<b>", "<svg onload", "onerror=\""):
        assert raw not in html, raw
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&lt;b&gt;词&lt;/b&gt;" in html


def test_the_page_loads_nothing_from_outside():
    html = page([article("2020-01-01", "safety"), failure()])
    assert "<script" not in html and "@import" not in html and "url(" not in html and "@font-face" not in html
    assert not re.search(r"https?:", html)
    assert re.findall(r'\b(?:src|href)="([^"]*)"', html) == ["data:,"]  # the empty favicon: no request for one
    assert "default-src 'none'" in html  # and the browser is told to refuse any other


def test_the_header_says_what_was_analysed_and_when():
    html = page(
        [
            article("2019-12-31", "safety", model={"name": "topics-x", "version": "3.1"}),
            article("2021-02-03", "other", model={"name": "topics-x", "version": "3.1"}),
            article(None, "other", model={"name": "topics-x", "version": "3.1"}),
            failure(),
            {"oops": 1},
        ]
    )
    header = html[html.index("<header>") : html.index("</header>")]
    assert "2019-12-31 to 2021-02-03" in header and "1 undated" in header
    assert "3 <span" in header and "of 5 records" in header
    assert "<code>topics-x</code> 3.1" in header
    assert "1 unreadable line<" in header
    assert "2024-05-06T07:08:09+00:00" in header
    assert "records given directly" in header


def test_chart_and_counts_table():
    html = page([article("2020-01-01", "safety", "rule_of_law"), article("2020-03-01", "safety"), article(None, "other")])
    assert CHART in html
    table = html[html.index('<table id="counts">') : html.index("</table>")]
    body = table[table.index("<tbody>") :]
    assert [m for m in re.findall(r'<th scope="row" class="text">(.*?)</th>', body)] == ["2020-01", "2020-02", "2020-03", "<em>undated</em>"]
    first = re.search(r"<tr><th scope=\"row\" class=\"text\">2020-01</th>(.*?)</tr>", body)[1]
    cells = re.findall(r"<td>(.*?)</td>", first)
    # articles, 5 labels, mentions, errors
    assert cells[0] == "1" and cells[2].startswith("1 ") and "50.0%" in cells[2] and cells[4].startswith("1 ") and cells[-2:] == ["2", "0"]
    assert "党建" in table and "<code>civilization_campaign</code>" in table
    assert '<td class="text">Total</td><td>3</td>' in table


def test_topics_list_keywords_and_the_most_probable_briefs():
    html = page(
        [
            article("2020-01-01", "safety", title="", brief="消防检查。", probabilities={"safety": 0.97}, keywords=[["消防", 0.5]]),
            article("2020-01-02", "safety", title="防汛演练", brief="防汛演练。", probabilities={"safety": 0.71}),
        ]
    )
    section = html[html.index('id="topic-safety"') :]
    section = section[: section.index("</section>")]
    assert "— 2 articles" in section
    assert '<li lang="zh">消防<span class="n"' in section
    assert section.index("消防检查。") < section.index("防汛演练。")
    assert "(untitled)" in section and "p = 0.970" in section and "archive/p" in section and "2020-01-02" in section
    assert "No articles." in html[html.index('id="topic-party_building"') :]


def test_errors_by_reason():
    html = page([article(), failure("empty text"), failure("empty text"), failure("binary data (NUL bytes), not text")])
    table = html[html.index('<table id="errors">') :]
    assert re.search(r"empty text<div.*?</td><td>2</td>", table)
    assert "3 records were not analysed (3 error records written by batch)" in html
    assert "No error records" in page([article()])


def test_by_source_numbers_the_rows_for_the_chart():
    html = page([article()], by="source")
    assert '<th>#</th><th class="text">Input file</th>' in html
