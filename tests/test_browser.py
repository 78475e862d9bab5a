"""`vnfacts serve` in a real browser: headless Chromium (the OS's package,
driven through its chromedriver; nothing is downloaded) opens the home
page, follows the dashboard's links as an analyst would, and reads what the
page shows once its charts have rendered.

The database is ingested from the sample corpus (the project's own) and the
seeds beside the project when they are there. Screenshots are kept in
VNFACTS_SCREENSHOTS, else in the test's temporary folder (its path is
printed), for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from support import serving

from extractor.present import vietnamese_order
from extractor.store import ingest

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.select import Select  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
WAIT = 30.0
"""Seconds a page may take to show what is waited for (a bound, not a measurement)."""
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync",
                  "--window-size=1400,1000")
RAW_FLOAT = re.compile(r"\d\.\d+e[+-]?\d|\b\d+\.0\b|\b\d{5,}\b|\b\d{1,3}\.\d{1,2}\b(?![.,]?\d)")
"""What a number written by a program rather than for a person looks like:
1.94485e+10, 12535.0, 19448500000, 83.3 (Vietnamese style is 19.448,5 and 83,3)."""

pytestmark = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="needs the OS packages chromium and chromium-driver (.ci/run installs them)")


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("VNFACTS_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    """`vnfacts serve` over the sample corpus and, when present, the seeds."""
    folder = tmp_path_factory.mktemp("browser")
    inputs = [str(ROOT / "corpus")] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    ingest(inputs, folder / "vn.db")
    with serving(folder / "vn.db") as served:
        yield served.base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver, path: Path) -> None:
    """The whole page (up to 3,000 pixels high), as a person scrolling would see it."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, min(max(height, 1000), 3000))
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)


def wait_for(driver, css: str, count: int = 1) -> list:
    """The elements `css` selects once there are at least `count` of them."""
    try:
        return WebDriverWait(driver, WAIT).until(
            lambda d: (found := d.find_elements(By.CSS_SELECTOR, css)) and len(found) >= count and found)
    except TimeoutException:
        pytest.fail(f"{driver.current_url}: no {css} after {WAIT:.0f} s")


def dashboard_rendered(driver) -> dict[str, list[str]]:
    """Once the dashboard's charts have rendered: its figures table (column → cells)."""
    wait_for(driver, "#chart-by-province svg .mark-rect path")
    wait_for(driver, "#chart-by-period svg .mark-rect path")
    wait_for(driver, "#chart-figures table td")
    wait_for(driver, "#chart-totals table td")
    table = driver.find_element(By.CSS_SELECTOR, "#chart-figures table")
    header = [cell.text for cell in table.find_elements(By.CSS_SELECTOR, "th")]
    rows = [[cell.text for cell in row.find_elements(By.CSS_SELECTOR, "td")]
            for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    return {name: [row[i] for row in rows] for i, name in enumerate(header)}


def provinces_charted(driver) -> list[str]:
    """The provinces on the axis of the chart by province, top to bottom."""
    labels = driver.find_elements(
        By.CSS_SELECTOR, "#chart-by-province svg g[aria-label^='Y-axis'] .role-axis-label text")
    return [label.text for label in labels if label.text]


def bar_of(driver, province: str):
    """The bar of a province in the chart by province (its description names it)."""
    bars = driver.find_elements(By.CSS_SELECTOR, "#chart-by-province svg .mark-rect path")
    found = [bar for bar in bars if f"Tỉnh: {province};" in (bar.get_attribute("aria-label") or "")]
    assert found, [bar.get_attribute("aria-label") for bar in bars[:3]]
    return found[0]


def numbers_shown(driver) -> list[str]:
    """Every number the dashboard writes itself (not the articles' sentences): the
    counts, the totals, the figures' values and periods, the charts' axes."""
    cells = driver.find_elements(By.CSS_SELECTOR, ".dashboard-card-chart > div > p, "
                                 "#chart-totals td, #chart-figures td:nth-child(-n+4), "
                                 "svg .role-axis-label text")
    return [cell.text for cell in cells if cell.text.strip()]


def no_raw_float(texts: list[str]) -> list[str]:
    return [text for text in texts if RAW_FLOAT.search(text)]


def test_the_budget_of_a_province_is_three_clicks_from_home(site, browser, screenshots):
    browser.get(site + "/")
    screenshot(browser, screenshots / "1-home.png")
    questions = browser.find_elements(By.CSS_SELECTOR, ".vn-questions a")
    assert questions and browser.find_element(By.LINK_TEXT, "Mở bảng theo dõi số liệu")
    budget = next(link for link in questions if link.text.startswith("Kinh phí khuyến công"))
    budget.click()  # 1
    figures = dashboard_rendered(browser)
    screenshot(browser, screenshots / "2-dashboard-budget.png")
    assert set(figures["Chỉ tiêu"]) == {"kinh phí"}
    assert no_raw_float(numbers_shown(browser)) == []
    assert browser.find_elements(By.CSS_SELECTOR, "#chart-by-province svg .role-axis-label text")
    everywhere = list(figures["Số liệu"])
    places = provinces_charted(browser)
    assert places == vietnamese_order(places) and len(places) > 2
    province = "Thái Bình" if SEEDS.is_dir() else "Bắc Giang"
    bar_of(browser, province).click()  # 2: the province's bar
    figures = dashboard_rendered(browser)
    screenshot(browser, screenshots / "3-dashboard-province.png")
    assert set(figures["Tỉnh"]) == {province} and figures["Số liệu"] != everywhere
    expected = "19,45 tỷ đồng" if SEEDS.is_dir() else "1,85 tỷ đồng"
    assert expected in figures["Số liệu"]
    at = figures["Số liệu"].index(expected)
    assert figures["Câu trong bài"][at]
    marked = browser.find_elements(By.CSS_SELECTOR, "#chart-figures tbody tr")[at]
    assert marked.find_element(By.CSS_SELECTOR, "mark").text
    title = marked.find_element(By.CSS_SELECTOR, "td:last-child a")
    expected_title = title.text
    title.click()  # 3: the article
    heading = wait_for(browser, "article.vn-article h1")[0]
    screenshot(browser, screenshots / "4-article.png")
    assert heading.text == expected_title
    assert browser.find_elements(By.CSS_SELECTOR, "article.vn-article mark")


def test_the_province_filter_changes_the_figures_shown(site, browser):
    browser.get(site + "/-/dashboards/theo-doi?indicator=kinh+ph%C3%AD")
    everywhere = dashboard_rendered(browser)
    choices = Select(browser.find_element(By.ID, "province"))
    options = [option.text for option in choices.options if option.text]
    assert options == vietnamese_order(options) != sorted(options)  # Đồng Nai not last
    choices.select_by_visible_text("Nam Định")
    browser.find_element(By.CSS_SELECTOR, ".dashboard-filters input[type=submit]").click()
    nam_dinh = dashboard_rendered(browser)
    assert set(nam_dinh["Tỉnh"]) == {"Nam Định"} and nam_dinh["Số liệu"] != everywhere["Số liệu"]
    assert "Nam Định" in browser.current_url or "Nam+%C4%90%E1%BB%8Bnh" in browser.current_url


@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs the seeds beside the project (../shared/seeds)")
def test_workers_trained_nationally_are_two_clicks_from_home(site, browser, screenshots):
    browser.get(site + "/")
    next(link for link in browser.find_elements(By.CSS_SELECTOR, ".vn-questions a")
         if link.text.startswith("Lao động được đào tạo, hỗ trợ khuyến công")).click()  # 1
    dashboard_rendered(browser)
    assert "Toàn quốc" in provinces_charted(browser)
    bar_of(browser, "Toàn quốc").click()  # 2
    figures = dashboard_rendered(browser)
    screenshot(browser, screenshots / "5-dashboard-national-workers.png")
    assert figures["Số liệu"] == ["18.000 lao động nông thôn"] and figures["Mức"] == ["hơn"]
    assert "18.000 lao động nông thôn" in figures["Câu trong bài"][0]


def test_the_facts_list_writes_values_for_people(site, browser, screenshots):
    browser.get(site + "/vn/facts_with_articles?indicator=budget")
    wait_for(browser, "table.rows-and-columns td")
    screenshot(browser, screenshots / "6-facts.png")
    values = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "td.col-value")]
    assert values and all("đồng" in value or "USD" in value for value in values)
    assert ("19,45 tỷ đồng" in values) == SEEDS.is_dir() and "1,85 tỷ đồng" in values
    assert no_raw_float(values) == []
    links = browser.find_elements(By.CSS_SELECTOR, "td.col-article_title a")
    assert links and all("/vn/articles/" in link.get_attribute("href") for link in links)
    # what a person reads comes first and has room; the column descriptions are folded
    headers = [cell.get_attribute("data-column") for cell in browser.find_elements(By.CSS_SELECTOR, "th")]
    assert headers[:3] == ["value", "qualifier", "indicator"]
    assert headers.index("sentence") < headers.index("article_title") < headers.index("article_url")
    sentence = browser.find_element(By.CSS_SELECTOR, "td.col-sentence")
    assert sentence.size["width"] >= 400 and sentence.location["x"] < 1400  # on screen, readable
    assert not browser.find_element(By.CSS_SELECTOR, "dl.column-descriptions").is_displayed()
    facet = browser.find_element(By.CSS_SELECTOR, "#facet-indicator li")
    assert facet.text.startswith("kinh phí")  # the facet chosen, in words as the cells say
    assert browser.find_element(By.LINK_TEXT, "CSV cho Excel").get_attribute("href").count("_excel=1")
