"""The phones' pages in a real browser: Debian's headless Chromium, driven by Selenium, at a
cheap phone's width (360 × 740), against an in-process `PhoneServer` fed with snapshots of a
real contest kept in SQLite and changed through `ContestService` — what an attendee sees.

Needs ``/usr/bin/chromium`` and ``/usr/bin/chromedriver`` (Debian's ``chromium`` and
``chromium-driver``; ``.ci/run`` installs them). Without them the tests are skipped locally
and FAIL in CI (``CI=true``). Selenium Manager never downloads anything: the driver and the
browser are given by path and ``SE_OFFLINE=1`` is set.

Screenshots of /now, /ranking, /followups and /check in es and qu are written to
``$CLAR_BROWSER_SHOTS`` (or the test's temporary directory), to look at, not asserted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from clar_desktop.demo import demo_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import format_decimal, gettext_in
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from clar_desktop.web import pages
from clar_desktop.web.server import PhoneServer
from clar_desktop.web.snapshot import Snapshot, build_snapshot

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CONTEST = "llusco-2026-1"
WIDTH, HEIGHT = 360, 740
PAGE_BUDGET = 150 * 1024
"""The whole page (HTML, script, style sheet) as transferred, in bytes."""


def _missing() -> list[str]:
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package (pip install -e '.[dev]')")
    return missing


@pytest.fixture(scope="module", autouse=True)
def _browser_present() -> None:
    missing = _missing()
    if not missing:
        return
    reason = ("the phones' browser tests need " + ", ".join(missing)
              + " (Debian: apt-get install chromium chromium-driver)")
    if os.environ.get("CI") == "true":
        pytest.fail("in CI a missing browser is a failure: " + reason, pytrace=False)
    pytest.skip(reason)


class Feed:
    """What the GUI does for the phones: after each commit, a snapshot of the stored state
    (with the categories withheld on the projector) handed to the server."""

    def __init__(self, service: ContestService, server: PhoneServer) -> None:
        self.service, self.server = service, server
        self.withheld: set[str] = set()
        self.counter = 0

    def snapshot(self) -> Snapshot:
        state = self.service.load_state(CONTEST)
        seq = self.service.events_after(CONTEST, 0, limit=0).last_seq
        events = self.service.events_after(CONTEST, seq - 1, limit=1).events
        return build_snapshot(state, seq=seq, log_hash=str(events[-1]["hash"]),
                              withheld=frozenset(self.withheld), counter=self.counter)

    def publish(self) -> Snapshot:
        found = self.snapshot()
        self.server.publish(found)
        return found

    def withhold(self, *categories: str) -> None:
        self.withheld = set(categories)
        self.counter += 1
        self.publish()


@pytest.fixture
def service(tmp_path: Path) -> ContestService:
    found = ContestService(open_database(str(tmp_path / "clar.sqlite"), create=True),
                           actor="test")
    found.import_bundle(parse_bundle(demo_bundle()))
    found.open_session(CONTEST)
    found.apply(CONTEST, "presentation.started", {"proposal": "p05"})
    return found


@pytest.fixture
def feed(service: ContestService) -> Iterator[Feed]:
    server = PhoneServer("127.0.0.1", 0)
    server.start()
    found = Feed(service, server)
    found.publish()
    yield found
    found.server.stop()


def _driver(block_event_source: bool = False) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     f"--window-size={WIDTH},{HEIGHT}", "--lang=es"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    # Headless Chromium will not make a window narrower than 500 px: the phone's viewport is
    # emulated instead (a touch screen, 360 × 740 CSS pixels).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1,
                            "mobile": True})
    if block_event_source:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                               {"source": "delete window.EventSource;"})
    return driver


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Any]]:
    """Opens drivers (``browser(block_event_source=True)``), all quit after the test."""
    monkeypatch.setenv("SE_OFFLINE", "1")
    opened: list[Any] = []

    def open_one(block_event_source: bool = False) -> Any:
        opened.append(_driver(block_event_source))
        return opened[-1]

    yield open_one
    for driver in opened:
        driver.quit()


def _wait(driver: Any, condition: Callable[[Any], Any], seconds: float = 5) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(condition)


def _text(driver: Any) -> str:
    return str(driver.execute_script("return document.body.innerText"))


def _errors(driver: Any) -> list[str]:
    return [str(e["message"]) for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _juror_total(driver: Any, name: str) -> str:
    return str(driver.execute_script(
        "var all = document.querySelectorAll('#main .juror');"
        "for (var i = 0; i < all.length; i++) {"
        "  if (all[i].querySelector('b').textContent === arguments[0]) {"
        "    return all[i].querySelector('b.num').textContent; } }"
        "return null;", name))


def _change_a_score(service: ContestService) -> tuple[str, int]:
    """Commits a new value for the first juror's first criterion of p05: (juror, seq)."""
    loaded = service.load_state(CONTEST)
    contest = loaded.contest
    assert contest is not None
    juror = contest.jurors[0]
    criterion = contest.phases[0].criteria[0]
    value = "3" if str(loaded.current_value(juror.id, "p05", criterion.id)) != "3" else "2"
    committed = service.change_score(CONTEST, juror.id, "p05", criterion.id, value)
    return juror.name, committed.seq


def test_ranking_shows_categories_and_rows_within_a_phone_width(feed: Feed,
                                                                  browser: Any) -> None:
    driver = browser()
    driver.get(f"{feed.server.url}ranking?lang=es")
    shown = _text(driver)
    snapshot = feed.snapshot()
    assert snapshot.categories
    for category in snapshot.categories:
        assert category.name.in_("es") in shown
        assert category.rows
        for row in category.rows:
            assert row.organization in shown
    rows = driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('#main li.row'), function (r)"
        " { return [r.querySelector('.rank').textContent, r.querySelector('.org').textContent,"
        " r.querySelector('b.num').textContent]; });")
    expected = [row for category in snapshot.categories for row in category.rows]
    assert len(rows) == len(expected)
    for (rank, organization, score), row in zip(rows, expected, strict=True):
        assert organization == row.organization
        if row.rank is not None:
            assert rank.strip().startswith(str(row.rank))
        if row.final is not None:
            assert score == format_decimal(row.final, 2, "es")
    assert driver.execute_script("return document.documentElement.scrollWidth") <= WIDTH
    assert not _errors(driver)


def test_a_committed_score_appears_without_a_reload(feed: Feed, browser: Any) -> None:
    driver = browser()
    driver.get(f"{feed.server.url}now?lang=es")
    loaded = feed.service.load_state(CONTEST)
    assert loaded.contest is not None
    name = loaded.contest.jurors[0].name
    before = _juror_total(driver, name)
    assert before not in ("", "None")
    driver.execute_script("window.__marker = 1;")
    _wait(driver, lambda d: "on" in d.find_element("id", "live").get_attribute("class"))
    _change_a_score(feed.service)
    feed.publish()
    _wait(driver, lambda d: _juror_total(d, name) != before)
    assert driver.execute_script("return window.__marker") == 1
    assert driver.execute_script("return document.documentElement.scrollWidth") <= WIDTH
    assert not _errors(driver)


def _restart(feed: Feed) -> None:
    """Stops the server and starts a new one on the same port (what a restarted computer or
    a closed and reopened phones' window does); the feed publishes to the new one."""
    port = feed.server.port
    feed.server.stop()
    feed.server = PhoneServer("127.0.0.1", port)
    feed.server.start()


@pytest.mark.parametrize("event_source", [True, False], ids=["eventsource", "polling"])
def test_the_page_catches_up_after_the_server_restarts(feed: Feed, browser: Any,
                                                       event_source: bool) -> None:
    driver = browser(block_event_source=not event_source)
    driver.get(f"{feed.server.url}now?lang=es")
    assert driver.execute_script("return typeof window.EventSource") == (
        "function" if event_source else "undefined")
    loaded = feed.service.load_state(CONTEST)
    assert loaded.contest is not None
    name = loaded.contest.jurors[0].name
    driver.execute_script("window.__marker = 1;")
    before = _juror_total(driver, name)
    _change_a_score(feed.service)
    feed.publish()
    # The stream is immediate; polling asks every 4 s (8 s leaves room on a busy machine).
    _wait(driver, lambda d: _juror_total(d, name) != before, 5 if event_source else 8)
    assert driver.execute_script("return window.__marker") == 1
    before = _juror_total(driver, name)
    _restart(feed)
    _change_a_score(feed.service)
    feed.publish()
    _wait(driver, lambda d: _juror_total(d, name) != before, 15)
    assert driver.execute_script("return window.__marker") == 1
    _wait(driver, lambda d: "on" in d.find_element("id", "live").get_attribute("class"))


def _lang_link(driver: Any, mode: str) -> Any:
    code = mode.replace("+", "%2B")
    return driver.find_element("css selector", f'.langs a[href$="?lang={code}"]')


def test_the_language_switch_is_remembered(feed: Feed, browser: Any) -> None:
    driver = browser()
    driver.get(f"{feed.server.url}ranking")
    es = gettext_in("es", pages.T_FUNDING_LINE)
    qu = gettext_in("qu", pages.T_FUNDING_LINE)
    assert es != qu and es in _text(driver) and qu not in _text(driver)
    _lang_link(driver, "qu").click()
    _wait(driver, lambda d: d.find_element("tag name", "html").get_attribute("lang") == "qu")
    shown = _text(driver)
    assert qu in shown and es not in shown
    category = feed.snapshot().categories[0].name
    assert category.in_("qu") in shown
    driver.get(f"{feed.server.url}ranking")  # no language asked: the phone remembers
    _wait(driver, lambda d: d.find_element("tag name", "html").get_attribute("lang") == "qu")
    assert qu in _text(driver) and es not in _text(driver)
    _lang_link(driver, "es+qu").click()
    _wait(driver, lambda d: d.find_element("tag name", "body").get_attribute("data-lang")
          == "es+qu")
    shown = _text(driver)
    assert es in shown and qu in shown
    assert category.in_("es") in shown and category.in_("qu") in shown
    assert driver.execute_script("return document.documentElement.scrollWidth") <= WIDTH
    assert not _errors(driver)


def test_withheld_results_are_not_in_the_page(feed: Feed, browser: Any) -> None:
    driver = browser()
    driver.get(f"{feed.server.url}ranking?lang=es")
    first, *others = feed.snapshot().categories
    hidden = [row.organization for row in first.rows]
    shown_elsewhere = {row.organization for c in others for row in c.rows}
    assert hidden and not set(hidden) & shown_elsewhere
    scores = {format_decimal(row.final, 2, "es") for row in first.rows if row.final is not None}
    scores -= {format_decimal(row.final, 2, "es") for c in others for row in c.rows
               if row.final is not None}
    assert all(name in _text(driver) for name in hidden)
    driver.execute_script("window.__marker = 1;")
    feed.withhold(first.id)
    withheld = gettext_in("es", pages.T_WITHHELD)
    _wait(driver, lambda d: withheld in _text(d))

    def everywhere() -> str:
        return str(driver.page_source) + str(
            driver.execute_script("return document.documentElement.outerHTML"))

    found = everywhere()
    for name in hidden:
        assert name not in found
    for score in scores:
        assert f">{score}<" not in found
    for name in shown_elsewhere:
        assert name in found
    feed.withhold()
    _wait(driver, lambda d: all(name in _text(d) for name in hidden))
    assert withheld not in _text(driver)
    assert driver.execute_script("return window.__marker") == 1


def test_the_whole_page_is_small_and_the_console_clean(feed: Feed, browser: Any) -> None:
    driver = browser()
    for page in ("", "now", "ranking", "followups", "check"):
        driver.get(f"{feed.server.url}{page}?lang=es%2Bqu")
        _wait(driver, lambda d: "on" in d.find_element("id", "live").get_attribute("class"))
        entries = driver.execute_script(
            "return performance.getEntriesByType('navigation')"
            ".concat(performance.getEntriesByType('resource')).map(function (e) {"
            " return [e.name, e.initiatorType, e.transferSize]; });")
        loaded = [e for e in entries
                  if "/events" not in e[0] and "/state.json" not in e[0]]
        names = {e[0].split("/", 3)[-1].split("?")[0] for e in loaded}
        assert {"static/app.js", "static/style.css"} <= names, entries
        total = sum(int(e[2]) for e in loaded)
        assert 0 < total <= PAGE_BUDGET, (page, total, loaded)
        assert driver.execute_script("return document.documentElement.scrollWidth") <= WIDTH
        assert not _errors(driver), page


def _font_charset(family: str) -> set[int] | None:
    """The code points of the font ``family`` (the first the style sheet names), via
    fontconfig; None where fontconfig or the font is absent."""
    if shutil.which("fc-match") is None or shutil.which("fc-query") is None:
        return None
    found = subprocess.run(["fc-match", "-f", "%{family}|%{file}", family],
                           capture_output=True, text=True, check=False).stdout
    name, _, path = found.partition("|")
    if family not in name or not path:
        return None
    ranges = subprocess.run(["fc-query", "-f", "%{charset}", path], capture_output=True,
                            text=True, check=False).stdout.split()
    points: set[int] = set()
    for part in ranges:
        low, _, high = part.partition("-")
        points.update(range(int(low, 16), int(high or low, 16) + 1))
    return points


def test_every_character_shown_has_a_glyph(feed: Feed, browser: Any) -> None:
    """No empty box on a phone: every character of every page, in es, qu and both, is in
    DejaVu Sans (the style sheet's first font, the narrowest set the phones may have)."""
    charset = _font_charset("DejaVu Sans")
    if charset is None:
        pytest.skip("fontconfig or DejaVu Sans is not installed")
    feed.service.apply(CONTEST, "presentation.started", {"proposal": "p06"})
    feed.publish()
    driver = browser()
    for page in ("", "now", "ranking", "followups", "check"):
        for mode in ("es", "qu", "es%2Bqu"):
            driver.get(f"{feed.server.url}{page}?lang={mode}")
            shown = _text(driver)
            lacking = {c for c in shown if not c.isspace() and ord(c) not in charset}
            assert not lacking, (page, mode, lacking)


def test_screenshots_to_look_at(feed: Feed, browser: Any, tmp_path: Path) -> None:
    """Not asserted beyond being written: /now, /ranking, /followups and /check at 360 × 740
    in es and qu, into $CLAR_BROWSER_SHOTS (or the test's temporary directory)."""
    where = Path(os.environ.get("CLAR_BROWSER_SHOTS") or tmp_path)
    where.mkdir(parents=True, exist_ok=True)
    driver = browser()
    for page in ("now", "ranking", "followups", "check"):
        for lang in ("es", "qu"):
            driver.get(f"{feed.server.url}{page}?lang={lang}")
            shot = where / f"phone-{page}-{lang}.png"
            assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 0
