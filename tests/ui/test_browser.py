"""The app in a real browser: Debian's chromium driven by Playwright, against a real server.

Upload a corpora proposal, open its review page, see a highlighted late-delivery clause, open
the compare page and download the XLSX. Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from rfp_assist.ui.launch import READY
from rfp_assist.ui.serve import CHROMIUM, AppServer, launch_chromium
from tests.conftest import ROOT
from tests.ui.conftest import KESTREL

ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT_MS = 180_000


@pytest.fixture
def server(helix_copy: Path, tmp_path: Path) -> Iterator[AppServer]:
    """The app served from a workspace that already holds the Helix proposal."""
    ARTIFACTS.mkdir(exist_ok=True)
    with AppServer(helix_copy, log=ARTIFACTS / "browser_server.log") as app:
        # `rfp-assist app` serves once the compare page is warm (rfp_assist/ui/launch.py):
        # the line is in this start's log when the health check first answers.
        app.wait_for_log(READY, timeout=0.5)
        yield app


def test_upload_review_compare_download(server: AppServer, tmp_path: Path):
    if not CHROMIUM.exists():
        pytest.fail("chromium is missing: `apt-get install -y chromium` (make test does it)")
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
        page.set_default_timeout(TIMEOUT_MS)
        try:
            page.goto(server.url)
            page.get_by_role("heading", name="Upload & workspace").wait_for()

            # Upload a corpora proposal through the real file input.
            page.locator("input[type=file]").first.set_input_files(str(KESTREL))
            page.get_by_text("12.5KB").first.wait_for()  # the uploader lists the file
            page.get_by_role("button", name="Add to workspace").click()
            page.get_by_text(f"{KESTREL.name}: added").first.wait_for()
            # Wait for the run to end: until then the form below is the previous run's (its
            # picker still on Helix), and a click on it opens what it shows.
            expect(page.get_by_label("Party", exact=True)).to_have_value(
                "Kestrel BioProcess GmbH", timeout=TIMEOUT_MS
            )
            page.screenshot(path=ARTIFACTS / "1_uploaded.png", full_page=True)

            # Its review page: the late-delivery clause is highlighted in the text.
            page.get_by_role("button", name="Open in review").click()
            page.get_by_role("heading", name="Document review").wait_for()
            late = page.locator('mark[data-topics~="late_delivery"]').first
            late.wait_for()
            assert "Late Delivery" in late.inner_text() or "late" in late.inner_text().lower()
            background = late.evaluate("m => getComputedStyle(m).backgroundColor")
            assert background not in ("rgba(0, 0, 0, 0)", "transparent")
            assert page.get_by_text("Kestrel BioProcess GmbH").first.is_visible()
            late.scroll_into_view_if_needed()
            page.screenshot(path=ARTIFACTS / "2_review.png", full_page=True)

            # The compare page, and its XLSX.
            page.get_by_role("link", name="Compare").click()
            page.get_by_role("heading", name="Compare proposals").wait_for()
            page.get_by_text("Download XLSX").first.wait_for()
            page.screenshot(path=ARTIFACTS / "3_compare.png", full_page=True)
            with page.expect_download() as waiting:
                page.get_by_role("button", name="Download XLSX").click()
            target = tmp_path / "comparison.xlsx"
            waiting.value.save_as(target)
        except Exception:
            page.screenshot(path=ARTIFACTS / "failure.png", full_page=True)
            raise
        browser.close()
    shutil.copy(target, ARTIFACTS / "comparison.xlsx")
    book = openpyxl.load_workbook(target)
    headers = [c.value for c in next(book.worksheets[0].iter_rows(max_row=1))]
    assert "Kestrel BioProcess GmbH" in headers
    assert "Helix Viral Manufacturing, Inc." in headers
