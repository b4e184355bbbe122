"""The built book as a reader meets it: every page opened in headless Chromium.

Checks every page loads without JavaScript errors and without anything from the internet
(the book works offline), every image is decoded, every internal link and anchor resolves, the Figures page's downloads exist, no page shows a path of the
machine that built it, and no two pages share a title. Then, each a test of its own:

- nothing is wider than its column: at a 1400 px window no element of a page's article
  reaches beyond the article, nothing in a horizontally scrollable wrapper needs the
  scroll bar, and every table is at most 900 px wide; at 400 px the page as a whole
  does not scroll sideways;
- no downloadable notebook (``.ipynb`` under the html folder) holds a path of the
  builder (the build folder, the repository, the home directory) or papermill's
  ``input_path`` / ``output_path`` as an absolute path;
- no page shows literal Markdown (``**``, ``__``, a code fence, ``{doc}``, ``{cite}``,
  ``{term}`` ...) in its visible text outside code;
- the front page holds the reproduction scorecard (``#reproduction-scorecard``, a table
  with a "verdict" column whose every cell starts with a reproduction verdict);
- every executed chapter page says in its title whether its data are real or synthetic.

Screenshots of the front page and the Figures page (1280 px), and of the front page and
the top of a chapter page at 1400 px, are saved (``$MOVESIG_SCREENSHOTS`` or the test's
folder). Skips when no Chromium and chromedriver are installed (``make test`` installs
them where it can), except under ``CI=true``.
"""

import json
import os
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

#: Window widths of the layout test: a desktop column, and a phone.
WIDE, NARROW = 1400, 400
#: The widest a table may be at the desktop width.
TABLE_MAX = 900
#: What a cell of the scorecard's "verdict" column starts with.
REPRODUCTION_VERDICTS = ("reproduced", "not reproduced", "undecided", "not testable here")
#: Pages written as Markdown, not executed: their titles need not name their data.
MARKDOWN_PAGES = {"intro", "data", "figures", "references", "glossary"}
#: A chapter page whose screenshot shows the top of an executed page.
SHOWN_CHAPTER = "identification"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids, self.downloads = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if "download" in (attrs.get("class") or ""):
                self.downloads.append(attrs["href"])


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(errors="replace"))
    return parser


def _pages(html: Path) -> list[Path]:
    """Every page of the built book (index.html only redirects; sources and static files are not pages)."""
    return sorted(p for p in html.rglob("*.html") if "_sources" not in p.parts and "_static" not in p.parts
                  and 'http-equiv="Refresh"' not in p.read_text()[:2000])


def _browser():
    chromium, driver = shutil.which("chromium") or shutil.which("chromium-browser"), shutil.which("chromedriver")
    if not (chromium and driver):
        reason = "no Chromium/chromedriver: install the distribution's chromium and chromium-driver (make test does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " (CI=true: the browser test is required)")
        pytest.skip(reason)
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1600",
                "--allow-file-access-from-files", "--hide-scrollbars"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=webdriver.ChromeService(executable_path=driver), options=options)


def _viewport(browser, width: int, height: int = 1000) -> None:
    """The page's viewport exactly ``width`` × ``height`` CSS pixels (the window size includes no scroll bar)."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def _front_page(html: Path) -> Path:
    return html / "chapters" / "intro.html"


def _executed(root: Path, html: Path) -> list[str]:
    """The executed chapter pages: every run of chapters/runs.yml and every chapter with its own source, as built."""
    runs = yaml.safe_load((root / "chapters" / "runs.yml").read_text()) or {}
    names = set(runs) | {p.stem for p in (root / "chapters").glob("*.py")}
    return sorted(n for n in names - MARKDOWN_PAGES if (html / "chapters" / f"{n}.html").is_file())


@pytest.mark.book
@pytest.mark.realdata
@pytest.mark.xdist_group("book")
def test_every_page_in_a_browser(small_book, root, tmp_path):
    folder, index = small_book
    html = index.parent
    pages = _pages(html)
    browser = _browser()
    counts = {"pages": 0, "images": 0, "links": 0}
    titles, saved = {}, []
    forbidden = [str(folder), str(root), str(Path.home()), "PosixPath("]
    shots = Path(os.environ.get("MOVESIG_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    try:
        for name, shot in (("intro", "book_intro.png"), ("figures", "book_figures.png")):
            browser.get((html / "chapters" / f"{name}.html").as_uri())
            browser.set_window_size(1280, 1800)
            assert browser.save_screenshot(str(shots / shot))
            saved.append(shot)
        _viewport(browser, WIDE, 1000)  # what a reader at a desktop sees first: the front page, a chapter's top
        for name, shot in (("intro", f"book_intro_{WIDE}.png"), (SHOWN_CHAPTER, f"book_{SHOWN_CHAPTER}_top_{WIDE}.png")):
            browser.get((html / "chapters" / f"{name}.html").as_uri())
            assert browser.save_screenshot(str(shots / shot))
            saved.append(shot)
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.get_log("browser")  # read and dropped: the log of the screenshots' loads, checked with the pages below
        for page in pages:
            browser.get(page.as_uri())
            errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
            assert not errors, f"{page.relative_to(html)}: {errors}"
            remote = browser.execute_script(
                "return Array.from(document.querySelectorAll('script[src], link[href], img[src]'))"
                ".map(e => e.src || e.href).filter(u => /^https?:/.test(u))")
            assert not remote, f"{page.relative_to(html)} loads from the internet: {remote}"  # the book works offline
            broken = browser.execute_script(
                "return Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)")
            assert not broken, f"{page.relative_to(html)}: images not decoded: {broken}"
            counts["images"] += browser.execute_script("return document.images.length")
            text = browser.execute_script("return document.body ? document.body.innerText : ''")
            assert not [f for f in forbidden if f in text], f"{page.relative_to(html)} shows a path of the builder"
            if page.parent.name == "chapters":
                titles[page.name] = browser.title
            counts["pages"] += 1
    finally:
        browser.quit()
    for page in pages:  # every internal link and anchor resolves
        parsed = _parse(page)
        for href in parsed.links:
            url = urlparse(href)
            if url.scheme or href.startswith(("mailto:", "javascript:")):
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            assert target.exists(), f"{page.relative_to(html)}: broken link {href}"
            if url.fragment and target.suffix == ".html":
                assert url.fragment in _parse(target).ids, f"{page.relative_to(html)}: no anchor {href}"
            counts["links"] += 1
    downloads = _parse(html / "chapters" / "figures.html").downloads
    assert downloads and all((html / "chapters" / unquote(d)).is_file() for d in downloads)
    assert len(set(titles.values())) == len(titles), titles
    assert counts["pages"] >= 10 and counts["images"] >= 20, counts
    print(f"browser: {counts['pages']} pages, {counts['images']} images, {counts['links']} links checked, "
          f"screenshots {', '.join(saved)} in {shots}, 0 failures")


#: Per page: the article's widths, what in it reaches beyond it, what needs a horizontal scroll bar, every
#: table's width, and the page's own widths. An element counts once: not again inside one already counted.
_LAYOUT = """
const art = document.querySelector('article.bd-article') || document.querySelector('main') || document.body;
const box = art.getBoundingClientRect();
const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
const inScroller = e => { for (let p = e.parentElement; p && p !== art; p = p.parentElement) if (scrolls(p)) return true;
                          return false; };
const all = Array.from(art.querySelectorAll('*'));
const counted = new Set(), wide = [], unfit = [], outside = [];
const view = document.documentElement.clientWidth;
for (const e of all) {
  const r = e.getBoundingClientRect(), style = getComputedStyle(e);
  if (r.width === 0 || r.height === 0 || style.position === 'fixed' || style.visibility === 'hidden') continue;
  let inside = false;
  for (let p = e.parentElement; p && p !== art; p = p.parentElement) if (counted.has(p)) { inside = true; break; }
  if (inside) continue;
  if (r.right > view + 1 && !inScroller(e) && outside.length < 5)
    outside.push(name(e) + ' «' + e.textContent.replace(/\\s+/g, ' ').trim().slice(0, 40) + '»');
  if ((r.right > box.right + 1 || r.left < box.left - 1) && !inScroller(e)) {
    counted.add(e); wide.push(name(e) + ' (' + Math.round(r.left - box.left) + ' to ' + Math.round(r.right - box.left)
                             + ' px in ' + Math.round(box.width) + ')');
  } else if (scrolls(e) && e.scrollWidth > e.clientWidth + 1) {
    const folded = e.checkVisibility && !e.checkVisibility({contentVisibilityAuto: true}) ? ', folded' : '';
    counted.add(e); unfit.push(name(e) + ' (' + e.scrollWidth + ' px in ' + e.clientWidth + folded + ')');
  }
}
const tables = Array.from(art.querySelectorAll('table')).map(t => Math.round(t.getBoundingClientRect().width));
return {article: [art.scrollWidth, art.clientWidth], wide: wide, unfit: unfit, tables: tables, elements: all.length,
        page: [document.documentElement.scrollWidth, view], outside: outside};
"""


@pytest.mark.book
@pytest.mark.realdata
@pytest.mark.xdist_group("book")
def test_nothing_is_wider_than_its_column(small_book):
    html = small_book[1].parent
    pages = _pages(html)
    problems, counts = [], {"pages": 0, "elements": 0, "tables": 0, "widest table": 0}
    browser = _browser()
    try:
        for width in (WIDE, NARROW):
            _viewport(browser, width)
            for page in pages:
                browser.get(page.as_uri())
                m = browser.execute_script(_LAYOUT)
                where = f"{page.relative_to(html)} at {width} px"
                scroll, client = m["page"]
                if scroll > client + 1:
                    problems.append(f"{where}: the page scrolls sideways ({scroll} px in {client}; beyond the "
                                    f"window: {', '.join(m['outside']) or 'nothing in the article'})")
                if width == NARROW:
                    continue
                counts["pages"] += 1
                counts["elements"] += m["elements"]
                counts["tables"] += len(m["tables"])
                counts["widest table"] = max([counts["widest table"], *m["tables"]])
                scroll, client = m["article"]
                if scroll > client + 1:
                    problems.append(f"{where}: the article is {scroll} px wide in its {client} px column")
                problems += [f"{where}: wider than the column: {e}" for e in m["wide"]]
                problems += [f"{where}: needs a horizontal scroll bar: {e}" for e in m["unfit"]]
                problems += [f"{where}: a table {w} px wide (at most {TABLE_MAX})" for w in m["tables"] if w > TABLE_MAX]
    finally:
        browser.quit()
    kinds = Counter(re.sub(r".*? px: ([^:(]+).*", r"\1", p).strip() for p in problems)
    print(f"layout: {counts['pages']} pages at {WIDE} and {NARROW} px, {counts['elements']} elements and "
          f"{counts['tables']} tables measured at {WIDE} px (widest {counts['widest table']} px), "
          f"{len(problems)} problems" + "".join(f"; {n} × {kind}" for kind, n in kinds.most_common()))
    assert counts["pages"] >= 10 and counts["tables"] > 0, counts
    assert not problems, "\n".join(problems[:60]) + (f"\n... and {len(problems) - 60} more" if len(problems) > 60 else "")


@pytest.mark.book
@pytest.mark.realdata
@pytest.mark.xdist_group("book")
def test_no_notebook_download_holds_a_build_path(small_book, root):
    folder, index = small_book
    html = index.parent
    notebooks = sorted(html.rglob("*.ipynb"))  # _sources/ (the page's download button) and _downloads/
    forbidden = {"the build folder": str(folder), "the repository": str(root), "the home directory": str(Path.home())}
    problems = []
    for path in notebooks:
        text = path.read_text(errors="replace")
        problems += [f"{path.relative_to(html)} holds {what} ({where})" for what, where in forbidden.items()
                     if where in text]
        papermill = json.loads(text).get("metadata", {}).get("papermill", {})
        problems += [f"{path.relative_to(html)}: papermill's {key} is an absolute path ({papermill[key]})"
                     for key in ("input_path", "output_path")
                     if isinstance(papermill.get(key), str) and os.path.isabs(papermill[key])]
    executed = _executed(root, html)
    print(f"notebooks: {len(notebooks)} downloadable .ipynb files read ({len(executed)} executed pages), "
          f"{len(problems)} problems")
    assert len(notebooks) >= len(executed) > 0, (notebooks, executed)
    assert not problems, "\n".join(problems)


#: Literal Markdown and MyST in the visible text of a page outside code: (text around it) per hit.
_MARKERS = r"""
const skip = 'pre, code, kbd, samp, tt, .highlight, script, style, noscript, textarea, mjx-container, .MathJax';
const marker = /\*\*|__|```|\{(doc|cite|term|ref|numref|download)(:[a-z]+)?\}/;
const found = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const p = n.parentElement;
  if (!p || p.closest(skip)) continue;
  if (p.checkVisibility && !p.checkVisibility({visibilityProperty: true})) continue;
  const m = n.data.match(marker);
  if (m) found.push(n.data.slice(Math.max(0, m.index - 50), m.index + 50).replace(/\s+/g, ' ').trim());
}
return [found, document.body.innerText.length];
"""


@pytest.mark.book
@pytest.mark.realdata
@pytest.mark.xdist_group("book")
def test_no_markdown_markers_in_rendered_text(small_book):
    html = small_book[1].parent
    pages = _pages(html)
    problems, characters = [], 0
    browser = _browser()
    try:
        for page in pages:
            browser.get(page.as_uri())
            found, n = browser.execute_script(_MARKERS)
            characters += n
            problems += [f"{page.relative_to(html)}: literal Markdown in «{f}»" for f in found]
    finally:
        browser.quit()
    print(f"markers: {len(pages)} pages, {characters} characters of visible text read, {len(problems)} problems")
    assert characters > 10000
    assert not problems, "\n".join(problems)


#: The scorecard: its headers and, per body row, its cells' text (null when the page has none).
_SCORECARD = """
const card = document.getElementById('reproduction-scorecard');
if (!card) return null;
const table = card.tagName === 'TABLE' ? card : card.querySelector('table');
if (!table) return {headers: null, rows: []};
const headers = Array.from(table.querySelectorAll('thead th, thead td')).map(h => h.innerText.trim());
const rows = Array.from(table.tBodies).flatMap(b => Array.from(b.rows))
  .map(r => Array.from(r.cells).map(c => c.innerText.trim()));
return {headers: headers, rows: rows};
"""


@pytest.mark.book
@pytest.mark.realdata
@pytest.mark.xdist_group("book")
def test_front_page_has_the_reproduction_scorecard(small_book):
    html = small_book[1].parent
    browser = _browser()
    try:
        browser.get(_front_page(html).as_uri())
        card = browser.execute_script(_SCORECARD)
    finally:
        browser.quit()
    assert card is not None, "the front page has no element with id reproduction-scorecard"
    assert card["headers"] is not None, "#reproduction-scorecard is not and holds no <table>"
    headers = [h.lower() for h in card["headers"]]
    assert "verdict" in headers, f"the scorecard has no column headed 'verdict': {card['headers']}"
    column = headers.index("verdict")
    assert card["rows"], "the scorecard has no body rows"
    bad = [row for row in card["rows"]
           if len(row) <= column or not row[column].lower().startswith(REPRODUCTION_VERDICTS)]
    kinds = Counter(max((v for v in REPRODUCTION_VERDICTS if row[column].lower().startswith(v)), key=len)
                    for row in card["rows"] if row not in bad)
    print(f"scorecard: {len(card['rows'])} rows, " + ", ".join(f"{n} {v}" for v, n in kinds.items())
          + f", {len(bad)} without a verdict")
    assert not bad, f"rows whose verdict is not one of {REPRODUCTION_VERDICTS}: {bad}"


@pytest.mark.book
@pytest.mark.realdata
@pytest.mark.xdist_group("book")
def test_executed_pages_say_whether_their_data_are_real(small_book, root):
    html = small_book[1].parent
    executed = _executed(root, html)
    browser = _browser()
    titles = {}
    try:
        for name in executed:
            browser.get((html / "chapters" / f"{name}.html").as_uri())
            titles[name] = browser.execute_script(
                "const h = document.querySelector('article h1') || document.querySelector('h1');"
                "return h ? h.textContent.replace(/#$/, '').trim() : null")
    finally:
        browser.quit()
    silent = {name: title for name, title in titles.items() if not re.search(r"\b(real|synthetic)\b", title or "", re.I)}
    print(f"titles: {len(titles)} executed pages, {len(titles) - len(silent)} name their data")
    assert len(titles) >= 8, titles
    assert not silent, f"titles that do not say whether the data are real or synthetic: {silent}"
