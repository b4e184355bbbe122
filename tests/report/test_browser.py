"""The built book as a reader meets it: every page opened in headless Chromium.

Checks every page loads without JavaScript errors and without anything from the internet
(the book works offline), every image is decoded, every internal link and anchor resolves, the Figures page's downloads exist, no page shows a path of the
machine that built it, and no two pages share a title. Screenshots of the front page and
the Figures page are saved (``$MOVESIG_SCREENSHOTS`` or the test's folder). Skips when no
Chromium and chromedriver are installed (``make test`` installs them where it can),
except under ``CI=true``.
"""

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest


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
                "--allow-file-access-from-files"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=webdriver.ChromeService(executable_path=driver), options=options)


@pytest.mark.book
@pytest.mark.realdata
@pytest.mark.xdist_group("book")
def test_every_page_in_a_browser(small_book, root, tmp_path):
    folder, index = small_book
    html = index.parent
    pages = sorted(p for p in html.rglob("*.html") if "_sources" not in p.parts and "_static" not in p.parts
                   and 'http-equiv="Refresh"' not in p.read_text()[:2000])  # index.html only redirects
    browser = _browser()
    counts = {"pages": 0, "images": 0, "links": 0}
    titles = {}
    forbidden = [str(folder), str(root), str(Path.home()), "PosixPath("]
    try:
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
        shots = Path(os.environ.get("MOVESIG_SCREENSHOTS", tmp_path))
        shots.mkdir(parents=True, exist_ok=True)
        for name in ("intro", "figures"):
            browser.get((html / "chapters" / f"{name}.html").as_uri())
            browser.set_window_size(1280, 1800)
            assert browser.save_screenshot(str(shots / f"book_{name}.png"))
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
    print(f"browser: {counts['pages']} pages, {counts['images']} images, {counts['links']} links checked, 0 failures")
