"""The report archive page: readers open and download the versions their programme
produced, and nothing else.

Through the application (TestClient) on a real database and a real archive folder.
One test produces a real annual report through the scheduled run; the others archive
versions with the archive's own writer, which is faster.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest
from case_helpers import enrol_person
from conftest import MovableClock
from sqlmodel import col, select, update
from web_helpers import PDF, Browser, account, archived, web_app

from engine.definitions.loading import load_programme
from engine.service.programme.calendar_runs import run_calendar_event
from engine.service.shared.context import Context
from engine.store.account_tables import AccessLogRow
from engine.store.programme_tables import ArchivedReportRow, ReportFileRow

TODAY = date(2023, 1, 20)


@pytest.fixture(autouse=True)
def archive_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "arkiv"
    monkeypatch.setenv("STEGVIS_ARCHIVE", str(folder))
    return folder


@pytest.fixture
def board(ctx: Context, clock: MovableClock) -> Browser:
    """The REBUS steering group's member, signed in."""
    clock.set_day(TODAY)
    account(ctx, "styrgrupp", "reader", programme="rebus")
    browser = Browser(web_app(ctx))
    browser.sign_in("styrgrupp")
    return browser


def test_the_archive_lists_each_version_with_its_period_hash_and_files(
        ctx: Context, board: Browser) -> None:
    archived(ctx, "rebus", "Årsrapport 6")
    archived(ctx, "rebus", "Årsrapport 6", version=2)
    archived(ctx, "vasteras", "Verksamhetsberättelse")
    page = board.get("/board/rebus/reports")
    assert page.status_code == 200
    text = html.unescape(page.text)
    # Named by the period it covers, not by its running number (issue 24).
    assert text.count("<th scope=\"row\">Årsrapport 2022") == 2
    plain = re.sub(r"<[^>]+>", "", text)
    assert "1 januari 2022 – 31 december 2022" in plain and "ab12cd34ef56" in text
    assert "Verksamhetsberättelse" not in text  # another programme's
    # One main document per version; the other formats folded away under it.
    assert text.count(">Öppna PDF<") == 2
    folded = text.split("<details", 1)[1]
    for shown in (">XLSX<", ">JSON<",
                  ">CSV: Uppföljning Finsam: deltagare per insats 2022<"):  # the table's title
        assert shown in folded.replace('<span class="visually-hidden">', "<")
    assert text.index("version 2") < text.index("version 1")  # newest first
    front = html.unescape(board.get("/board/rebus").text)
    assert "Årsrapport 2022, version 2" in front
    assert 'href="/board/rebus/reports"' in front


def test_a_file_downloads_as_it_was_archived_and_the_download_is_logged(
        ctx: Context, board: Browser) -> None:
    version = archived(ctx, "rebus", "Årsrapport 6")
    answer = board.get(f"/board/rebus/reports/{version}/rebus-årsrapport-6.pdf")
    assert answer.status_code == 200 and answer.content == PDF
    assert answer.headers["content-type"] == "application/pdf"
    assert "filename*=UTF-8''rebus-%C3%A5rsrapport-6.pdf" in \
        answer.headers["content-disposition"]
    csv = board.get(f"/board/rebus/reports/{version}/rebus-årsrapport-6-finsam_participants.csv")
    assert csv.status_code == 200 and csv.content == b"a;b\n1;2\n"
    assert csv.headers["content-disposition"].startswith("attachment;")
    with ctx.transaction() as session:
        logged = session.exec(select(AccessLogRow).where(
            AccessLogRow.what == "rapportarkiv")).all()
    assert [(r.user_name, r.case_id) for r in logged] == [("styrgrupp", None)] * 2


@pytest.mark.parametrize("address", [
    "/board/vasteras/reports",                               # not their programme
    "/board/vasteras/reports/{other}/vasteras-verksamhetsberättelse.pdf",
    "/board/rebus/reports/{other}/vasteras-verksamhetsberättelse.pdf",  # id of another's
    "/board/rebus/reports/{mine}/rebus-annan.pdf",            # not a file of the version
    "/board/rebus/reports/{mine}/..%2F..%2F..%2Fstegvis.db",
    "/board/rebus/reports/{mine}/%2E%2E%2Fversion.txt",
    "/board/rebus/reports/{mine}/../../{other}/vasteras-verksamhetsberättelse.pdf",
    "/board/rebus/reports/{mine}/stray.pdf",                  # on disk, but not listed
    "/board/rebus/reports/0/rebus-årsrapport-6.pdf",
    "/board/rebus/reports/99999999999/rebus-årsrapport-6.pdf",
])
def test_nothing_outside_the_readers_versions_can_be_fetched(
        ctx: Context, board: Browser, archive_folder: Path, address: str) -> None:
    mine = archived(ctx, "rebus", "Årsrapport 6")
    other = archived(ctx, "vasteras", "Verksamhetsberättelse")
    with ctx.transaction() as session:
        folder = session.get(ArchivedReportRow, mine).folder  # type: ignore[union-attr]
    (archive_folder / folder / "stray.pdf").write_bytes(b"%PDF- not archived")
    answer = board.get(address.format(mine=mine, other=other))
    assert answer.status_code in (404, 422)
    assert PDF not in answer.content and b"not archived" not in answer.content


def test_an_altered_file_is_not_served(ctx: Context, board: Browser,
                                       archive_folder: Path) -> None:
    version = archived(ctx, "rebus", "Årsrapport 6")
    with ctx.transaction() as session:  # the archive is in the database, not the folder
        session.execute(update(ReportFileRow).where(
            col(ReportFileRow.archive_id) == version,
            col(ReportFileRow.name) == "rebus-årsrapport-6.pdf").values(content=b"%PDF- changed"))
    answer = board.get(f"/board/rebus/reports/{version}/rebus-årsrapport-6.pdf")
    assert answer.status_code == 500
    assert "Filen kan inte öppnas." in html.unescape(answer.text)
    assert b"changed" not in answer.content


def test_a_coordinator_has_no_archive_page(ctx: Context, clock: MovableClock) -> None:
    clock.set_day(TODAY)
    account(ctx, "anna")
    browser = Browser(web_app(ctx))
    browser.sign_in("anna")
    assert browser.get("/board/rebus/reports").status_code == 403


def test_a_report_produced_by_its_scheduled_run_is_in_the_archive_to_download(
        ctx: Context, board: Browser, clock: MovableClock) -> None:
    clock.set_day(date(2022, 4, 1))
    enrol_person(ctx, "rebus", "P-1", date(2022, 3, 1))
    due = date(2022, 12, 30)
    clock.set_day(due, hour=7)
    run_calendar_event(ctx, load_programme("rebus"), "report:arsrapport:6", due, due)
    clock.set_day(TODAY)
    page = html.unescape(board.get("/board/rebus/reports").text)
    plain = re.sub(r"<[^>]+>", "", page)
    assert "Årsrapport 2022" in page and "1 januari 2022 – 31 december 2022" in plain
    link = re.search(r'href="(/board/rebus/reports/\d+/[^"]+\.pdf)"', page)
    assert link is not None
    pdf = board.get(link.group(1))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
