"""The page in a real headless browser: opens from file://, asks for nothing else, shows the chart.

Playwright for Python drives Debian's Chromium (``/usr/bin/chromium``, or
``$ZHNEWS_CHROMIUM``); Playwright's own browser download is never used. Set
``ZHNEWS_SCREENSHOT_DIR`` to keep the screenshots for a look.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import skip_optional
from report.builders import article, failure, needs_matplotlib, write_jsonl

from zhnews.report import build_report

CHROMIUM = os.environ.get("ZHNEWS_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
EVIL_TITLE = "<script>window.__pwned = 1</script>警方破获电诈案"


@pytest.fixture(scope="module")
def browser():
    needs_matplotlib()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_optional("playwright not installed (pip install 'zhnews[test-browser]')")
    if not os.access(CHROMIUM, os.X_OK):
        skip_optional(f"{CHROMIUM} not found (Debian: apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def _archive(tmp_path: Path) -> Path:
    records = []
    for month in range(1, 13):
        for i, label in enumerate(("party_building", "rule_of_law", "civilization_campaign", "safety", "other")):
            for _ in range(1 + (month + i) % 4):
                records.append(article(f"2023-{month:02d}-{1 + i:02d}", label, probabilities={label: 0.5 + month / 30}))
    records += [article("2023-05-05", "rule_of_law", title=EVIL_TITLE, probabilities={"rule_of_law": 0.99}), article(None, "safety"), failure()]
    return write_jsonl(tmp_path / "out.jsonl", *records)


def test_the_page_opens_offline_and_shows_the_chart(browser, tmp_path):
    html = tmp_path / "report.html"
    build_report([_archive(tmp_path)], html)
    url = html.as_uri()

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url, wait_until="load")

    chart = page.locator("#chart svg")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 250, box
    assert page.locator("#chart svg path").count() > 100  # bars, axes and glyphs drawn
    assert page.locator("#counts tbody tr").count() == 13  # twelve months and undated

    # The injected title is shown as text and never ran.
    assert page.get_by_text(EVIL_TITLE).count() == 1
    assert page.evaluate("window.__pwned === undefined && document.scripts.length === 0")

    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot))
    chart_shot = tmp_path / "chart.png"
    chart.screenshot(path=str(chart_shot))
    page.close()

    assert requests == [url], requests  # nothing but the file itself, not even a favicon
    assert problems == [], problems  # no CSP violation, no error

    from PIL import Image

    with Image.open(chart_shot) as img:
        colours = {c for _, c in img.convert("RGB").getcolors(maxcolors=1 << 20)}
    for hex_colour in ("#D55E00", "#0072B2", "#009E73", "#E69F00", "#999999"):  # every label's bars are on screen
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, hex_colour

    keep = os.environ.get("ZHNEWS_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "report.png")
        shutil.copy(chart_shot, Path(keep) / "chart.png")
