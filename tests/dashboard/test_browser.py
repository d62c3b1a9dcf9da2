"""The HR dashboard in a real headless Chromium against a running, seeded ExitBot: signing in
and out, the list with its filters, search and pages, an interview's page, every chart, the
digest preview, the CSV, the question plan, what a viewer may not do, erasure, a revoked
token, the phone layout and an accessibility scan of every view.

The tests share one browser and one server (module scope) and run in file order; the ones
that change data (plan, erasure, revocation) come last."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from exitbot.store.tokens import TokenRole
from tests.dashboard.browser import DESKTOP, PHONE, wait_until
from tests.dashboard.pages import Dashboard, all_css, css, view_of
from tests.dashboard.seeding import SPECS, Seeded
from tests.dashboard.server import DashboardServer

SALES = sum(1 for s in SPECS if s.department == "Sales")
VIEWS = ("interviews", "interview", "stats", "digest", "plan")


def rows(page: Dashboard) -> list[dict[str, str]]:
    """The interview table's rows as the page shows them."""
    return [
        {
            "id": r.get_attribute("data-id") or "",
            "status": r.get_attribute("data-status") or "",
            "who": css(r, ".interview-link").text,
        }
        for r in all_css(page.driver, "#interview-table tbody tr")
    ]


def first_id(page: Dashboard) -> str | None:
    """The first row's interview id, or None while the table is not drawn."""
    listed = rows(page)
    return listed[0]["id"] if listed else None


def count_line(page: Dashboard) -> str:
    return page.text("#interview-count")


def apply_filters(page: Dashboard, **fields: str) -> None:
    """Fill the filter form (dates set as the date inputs hold them) and apply it."""
    for name, value in fields.items():
        field = css(page.driver, f"#filter-{name}")
        if field.get_attribute("type") == "date":
            page.script("arguments[0].value = arguments[1]", field, value)
        else:
            field.clear()
            field.send_keys(value)
    css(page.driver, "#apply-filters").click()


def route_for(view: str, seeded: Seeded) -> str:
    return f"interviews/{seeded.ids['dana']}" if view == "interview" else view


# --- signing in ---------------------------------------------------------------------------


def test_a_refused_token_is_explained_and_a_good_one_signs_in_and_out(
    page: Dashboard, server: DashboardServer
) -> None:
    page.sign_out_quietly()
    css(page.driver, "#token").send_keys("xb_not-a-real-token")
    css(page.driver, "form.signin button[type=submit]").click()
    message = page.wait_css("#signin-error:not(:empty)").text
    assert "revoked" in message and "expired" in message
    assert not css(page.driver, "#sign-out").is_displayed()
    assert not css(page.driver, "#mainnav").is_displayed()
    page.screenshot("signin-refused")

    css(page.driver, "#token").clear()
    css(page.driver, "#token").send_keys(server.viewer)
    css(page.driver, "form.signin button[type=submit]").click()
    page.wait_view("interviews")
    assert page.text("#account-name") == "analyst · hr-viewer"
    assert page.script("return sessionStorage.getItem('exitbot.token')") == server.viewer
    assert page.script("return document.cookie") == ""

    css(page.driver, "#sign-out").click()
    page.wait_view("signin")
    assert "signed out" in page.text("#signin-error")
    assert page.script("return sessionStorage.getItem('exitbot.token')") is None


def test_the_first_load_of_the_list_is_quick(page: Dashboard, server: DashboardServer) -> None:
    page.sign_in(server.admin)
    page.open("interviews")
    page.wait_view("interviews")
    took = page.script("return performance.getEntriesByName('exitbot:list-rendered')[0].startTime")
    print(f"first load to a rendered list: {took:.0f} ms")
    assert took < 2000


# --- the list -----------------------------------------------------------------------------


def test_the_list_counts_pages_and_names_anonymous_interviews_by_department(
    page: Dashboard, server: DashboardServer, seeded: Seeded
) -> None:
    page.sign_in(server.admin)
    assert count_line(page) == f"{len(SPECS)} interviews · showing 1–{len(SPECS)}"
    listed = rows(page)
    assert [int(r["id"]) for r in listed] == sorted(seeded.ids.values(), reverse=True)
    assert {r["who"] for r in listed if r["id"] == str(seeded.ids["omar"])} == {
        "Anonymous · Engineering"
    }
    assert "Omar" not in page.text("#interview-table")
    page.screenshot("list")

    css(page.driver, "#page-size option[value='10']").click()
    page.wait_view("interviews")
    wait_until(page.driver, lambda d: len(rows(page)) == 10, "a page of 10")
    assert count_line(page) == f"{len(SPECS)} interviews · showing 1–10"
    css(page.driver, "#next-page").click()
    wait_until(page.driver, lambda d: "showing 11–" in count_line(page), "the second page")
    assert len(rows(page)) == len(SPECS) - 10
    assert css(page.driver, "#next-page").get_attribute("disabled") is not None
    css(page.driver, "#previous-page").click()
    wait_until(page.driver, lambda d: "showing 1–10" in count_line(page), "the first page again")
    assert rows(page)[0]["id"] == str(max(seeded.ids.values()))


def test_the_list_is_sorted_across_all_its_pages(
    page: Dashboard, server: DashboardServer, seeded: Seeded
) -> None:
    page.sign_in(server.viewer, "interviews?limit=10")
    oldest = min(seeded.ids.values())
    css(page.driver, "#order option[value='oldest']").click()
    wait_until(page.driver, lambda d: first_id(page) == str(oldest), "the oldest first")
    assert "order=oldest" in page.driver.current_url
    assert page.script("return document.activeElement.id") == "order", "focus stays on the sort"
    first = [int(r["id"]) for r in rows(page)]
    css(page.driver, "#next-page").click()
    wait_until(page.driver, lambda d: "showing 11–" in count_line(page), "the second page")
    second = [int(r["id"]) for r in rows(page)]
    assert first + second == sorted(seeded.ids.values())

    css(page.driver, "#order option[value='name']").click()
    wait_until(page.driver, lambda d: "order=name" in d.current_url, "the name order")
    page.wait_view("interviews")
    assert count_line(page).endswith("showing 1–10"), "a new order starts at its first page"
    names = [r["who"] for r in rows(page)]
    assert names == sorted(names, key=str.casefold) and "Anonymous" not in " ".join(names)
    css(page.driver, "#next-page").click()
    wait_until(page.driver, lambda d: "showing 11–" in count_line(page), "the last page")
    assert [r["who"] for r in rows(page)][-2:] == ["Anonymous · Sales", "Anonymous · Engineering"]


def test_odd_addresses_fall_back_to_the_list(page: Dashboard, server: DashboardServer) -> None:
    """Routes, orders, statuses and periods nobody offers, including names every
    JavaScript object has, show the default list rather than a broken page."""
    page.sign_in(server.viewer)
    for route in [
        "constructor",
        "interviews?order=toString&status=constructor,completed",
        "stats?period=__proto__",
    ]:
        page.open(route)
        view = "stats" if route.startswith("stats") else "interviews"
        page.wait_view(view)
        assert page.script("return document.querySelector('main').dataset.view") == view
    page.open("interviews?order=toString")
    page.wait_view("interviews")
    assert css(page.driver, "#order").get_attribute("value") == "newest"


def test_filters_and_search_narrow_the_list(
    page: Dashboard, server: DashboardServer, seeded: Seeded
) -> None:
    page.sign_in(server.viewer)
    css(page.driver, "input[name=status][value=completed]").click()
    apply_filters(page, department="sales")
    page.wait_view("interviews")
    sales_completed = {
        seeded.ids[s.key] for s in SPECS if s.department == "Sales" and s.outcome == "completed"
    }
    assert {int(r["id"]) for r in rows(page)} == sales_completed
    assert count_line(page).startswith(f"{len(sales_completed)} interviews match")
    assert "status=completed" in page.driver.current_url

    css(page.driver, "#clear-filters").click()
    page.wait_view("interviews")
    assert len(rows(page)) == len(SPECS)

    apply_filters(page, q="relocation")
    page.wait_view("interviews")
    relocating = {
        seeded.ids[s.key] for s in SPECS if s.profile == "happy" and s.outcome == "completed"
    }
    assert {int(r["id"]) for r in rows(page)} == relocating
    page.screenshot("list-search")

    css(page.driver, "#clear-filters").click()
    page.wait_view("interviews")
    apply_filters(page, since="2026-10-20", until="2026-10-31")
    page.wait_view("interviews")
    in_window = {seeded.ids[s.key] for s in SPECS if 2 <= s.days_ago <= 13}
    assert {int(r["id"]) for r in rows(page)} == in_window

    apply_filters(page, q="nothing-matches-this")
    page.wait_view("interviews")
    assert "No interview matches these filters." in page.text("#results")


def test_dates_are_shown_in_the_configured_timezone(
    page: Dashboard, server: DashboardServer, seeded: Seeded
) -> None:
    page.sign_in(server.viewer)
    lea = css(page.driver, f"#interview-table tr[data-id='{seeded.ids['lea']}']")
    # Invited at 23:30 UTC on 1 November: already 2 November in Berlin.
    assert "Nov 2, 2026, 12:30 AM" in lea.text
    assert page.text("#timezone-name") == "Europe/Berlin"


# --- one interview ------------------------------------------------------------------------


def test_an_interview_shows_its_report_transcript_and_history(
    page: Dashboard, server: DashboardServer, seeded: Seeded
) -> None:
    page.sign_in(server.viewer)
    css(page.driver, f".interview-link[data-id='{seeded.ids['dana']}']").click()
    page.wait_view("interview")
    assert page.text("#interview-title") == f"#{seeded.ids['dana']} · Dana Smith"
    assert "pay" in page.text("#report-summary").lower()
    employee_lines = all_css(page.driver, "#transcript li[data-speaker=employee]")
    assert len(employee_lines) >= 10
    for line in employee_lines:
        mark = css(line, ".mark").text
        assert mark.split()[0] in {"Negative", "Neutral", "Positive"}, mark
    assert all_css(page.driver, "#transcript li[data-speaker=exitbot] .mark") == []
    history = [li.text for li in all_css(page.driver, "#history li")]
    assert [h.split("\n")[0] for h in history] == ["Invited", "In progress", "Completed"]
    page.screenshot("interview")

    css(page.driver, ".back-link").click()
    page.wait_view("interviews")


def test_an_anonymous_interview_never_shows_the_name(
    page: Dashboard, server: DashboardServer, seeded: Seeded
) -> None:
    page.sign_in(server.admin, f"interviews/{seeded.ids['omar']}")
    assert page.text("#interview-title") == f"#{seeded.ids['omar']} · Anonymous · Engineering"
    assert "Omar" not in page.text("main")


def test_a_missing_interview_shows_the_error_state(
    page: Dashboard, server: DashboardServer
) -> None:
    page.sign_in(server.viewer, "interviews/999999", state="error")
    error = page.text(".state.error")
    assert "Not found" in error and "Interview not found" in error
    assert all_css(page.driver, ".state.error button")  # "Try again"


def network(page: Dashboard, *, offline: bool = False, latency_ms: int = 0) -> None:
    """Slow the browser's requests down, or cut them off (Chromium's network emulation)."""
    page.driver.execute_cdp_cmd("Network.enable", {})
    conditions = {"offline": offline, "latency": latency_ms}
    page.driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {**conditions, "downloadThroughput": -1, "uploadThroughput": -1},
    )


def test_a_slow_answer_shows_loading_and_a_lost_server_an_error_to_retry(
    page: Dashboard, server: DashboardServer
) -> None:
    page.sign_in(server.viewer)
    try:
        network(page, latency_ms=1500)
        page.go("stats")
        assert "Loading figures" in page.wait_css("main .state.loading").text
        page.wait_view("stats")

        network(page, offline=True)
        page.go("interviews?department=Sales")
        error = page.wait_css("main .state.error")
        assert "could not be reached" in error.text
        network(page)
        css(error, "button").click()
        page.wait_view("interviews")
        assert len(rows(page)) == SALES
    finally:
        network(page)


def focused(page: Dashboard) -> str:
    """The focused element as a test names it: its id, else its nav name or link text."""
    return str(
        page.script(
            """const e = document.activeElement;
            return e.id || (e.dataset.nav && "nav:" + e.dataset.nav)
              || (e.name === "status" && "status:" + e.value) || e.textContent.trim();"""
        )
    )


def test_the_keyboard_reaches_every_control_in_order(
    page: Dashboard, server: DashboardServer, seeded: Seeded
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    page.sign_in(server.admin)
    page.script("document.getElementById('skip-link').focus()")
    newest = "Lea Weber"
    order: list[str] = [focused(page)]
    for _ in range(80):
        ActionChains(page.driver).send_keys(Keys.TAB).perform()
        order.append(focused(page))
        if order[-1] == newest:
            break
    expected = [
        "skip-link",
        "nav:interviews",
        "nav:stats",
        "nav:digest",
        "nav:plan",
        "sign-out",
        "filter-q",
        "filter-department",
        "filter-since",
        "filter-until",
        *(
            f"status:{s}"
            for s in (
                "invited",
                "in_progress",
                "paused",
                "completed",
                "declined",
                "expired",
                "cancelled",
                "erased",
            )
        ),
        "apply-filters",
        "clear-filters",
        "order",
        "page-size",
        "download-csv",
        newest,
    ]
    reached = [name for name in order if name in expected]
    assert list(dict.fromkeys(reached)) == expected, order

    ActionChains(page.driver).send_keys(Keys.ENTER).perform()
    page.wait_view("interview")
    assert page.text("#interview-title").endswith("Lea Weber")
    css(page.driver, "#action-erase").send_keys(Keys.ENTER)
    page.wait_css("dialog.confirm[open]")
    assert focused(page) == "Keep it"
    ActionChains(page.driver).send_keys(Keys.ESCAPE).perform()
    wait_until(page.driver, lambda d: not all_css(d, "dialog.confirm"), "the dialog to close")
    assert focused(page) == "action-erase"
    assert page.text("#interview-title").endswith("Lea Weber")


# --- figures ------------------------------------------------------------------------------


def test_every_chart_is_drawn_from_the_figures(page: Dashboard, server: DashboardServer) -> None:
    page.sign_in(server.viewer, "stats")
    wait_until(page.driver, lambda d: all_css(d, "[data-chart='enps-trend'] svg"), "the eNPS trend")
    bars = {
        key: all_css(page.driver, f"[data-chart='{key}'] svg rect.bar")
        for key in ("participation", "reasons", "departments-enps", "departments-reasons")
    }
    assert len(bars["participation"]) == 5
    assert len(bars["reasons"]) >= 3
    assert {b.get_attribute("data-value") for b in bars["participation"]} != {"0"}
    departments = page.text("#departments-table")
    assert "Engineering" in departments and "Sales" in departments and "other" in departments
    assert "Support" not in departments and "Legal" not in departments
    assert len(bars["departments-enps"]) == 3
    labels = page.text("[data-chart='departments-reasons']")
    assert "Engineering · " in labels and "other · " in labels, labels
    assert "Support · " not in labels, "small departments stay folded"
    for key in ("sentiment-trend", "enps-trend"):
        points = all_css(page.driver, f"[data-chart='{key}'] svg circle.point")
        assert len(points) >= 3, key
        assert all_css(page.driver, f"[data-chart='{key}'] svg path.trend-line"), key
    page.screenshot("stats")


def test_the_digest_preview_shows_what_would_be_posted(
    page: Dashboard, server: DashboardServer
) -> None:
    page.sign_in(server.viewer, "digest")
    assert "completed" in page.text("#digest-headline")
    assert all_css(page.driver, "blockquote.quote")
    assert all_css(page.driver, "#stalled a") or "No interview is stalled." in page.text("main")
    page.screenshot("digest")


def test_the_csv_download_follows_the_filters(
    page: Dashboard, server: DashboardServer, seeded: Seeded
) -> None:
    page.sign_in(server.viewer)
    apply_filters(page, department="Sales")
    page.wait_view("interviews")
    before = set(page.downloads.iterdir())
    css(page.driver, "#download-csv").click()
    wait_until(page.driver, lambda d: "Downloaded" in page.text("#csv-status"), "the CSV")

    def saved() -> Path | None:
        new = [p for p in set(page.downloads.iterdir()) - before if p.suffix == ".csv"]
        return new[0] if new else None

    file = wait_until(page.driver, lambda d: saved(), "the CSV file on disk")
    lines = list(csv.DictReader(io.StringIO(file.read_text("utf-8"))))
    assert {int(line["id"]) for line in lines} == {
        seeded.ids[s.key] for s in SPECS if s.department == "Sales"
    }
    assert len(lines) == SALES


# --- every view: accessibility and the phone ----------------------------------------------


def test_the_accessibility_scan_finds_what_it_should(
    page: Dashboard, server: DashboardServer
) -> None:
    page.sign_in(server.viewer)
    page.script(
        "const b = document.createElement('button'); b.id = 'unnamed';"
        " document.querySelector('main').append(b)"
    )
    problems = page.accessibility_problems()
    assert any(p.startswith("button-name (critical)") and "#unnamed" in p for p in problems)


@pytest.mark.parametrize("view", ["signin", *VIEWS])
def test_no_view_has_a_serious_accessibility_problem(
    page: Dashboard, server: DashboardServer, seeded: Seeded, view: str
) -> None:
    if view == "signin":
        page.sign_out_quietly()
    else:
        page.sign_in(server.admin, route_for(view, seeded))
    problems = page.accessibility_problems()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("view", VIEWS)
def test_a_phone_shows_every_view_without_sideways_scrolling(
    page: Dashboard, server: DashboardServer, seeded: Seeded, view: str
) -> None:
    page.sign_in(server.admin, route_for(view, seeded))
    page.driver.set_window_size(*PHONE)
    try:
        wait_until(
            page.driver,
            lambda d: int(page.script("return document.documentElement.clientWidth")) < 400,
            "the phone width",
        )
        page.open(route_for(view, seeded))
        page.wait_view(view_of(route_for(view, seeded)))
        if view == "stats":
            wait_until(page.driver, lambda d: all_css(d, "[data-chart='enps-trend'] svg"), "charts")
        assert page.horizontal_overflow() == 0
        page.screenshot(f"phone-{view}")
    finally:
        page.driver.set_window_size(*DESKTOP)


# --- what only admins may do --------------------------------------------------------------


def test_a_viewer_is_offered_no_admin_action_and_the_api_refuses_one(
    page: Dashboard, server: DashboardServer, seeded: Seeded
) -> None:
    invited = seeded.ids["lea"]
    page.sign_in(server.viewer, f"interviews/{invited}")
    assert all_css(page.driver, "[id^=action-]") == []
    assert page.fetch_status("POST", f"/api/interviews/{invited}/remind") == 403
    assert page.fetch_status("DELETE", f"/api/interviews/{invited}") == 403
    page.go("plan")
    page.wait_view("plan")
    assert all_css(page.driver, "#plan-json") == [] and all_css(page.driver, "#plan-name") == []


def test_an_admin_reminds_an_active_interview(
    page: Dashboard, server: DashboardServer, seeded: Seeded
) -> None:
    page.sign_in(server.admin, f"interviews/{seeded.ids['lea']}")
    css(page.driver, "#action-remind").click()
    done = page.wait_css("#action-done")
    assert f"#{seeded.ids['lea']}" in done.text


def fill(page: Dashboard, selector: str, text: str) -> None:
    """Replace a field's text as a person would: select all, type over it."""
    from selenium.webdriver.common.keys import Keys

    field = css(page.driver, selector)
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.BACKSPACE)
    if text:
        field.send_keys(text)


def listed_topics(page: Dashboard) -> list[str]:
    return [e.text for e in all_css(page.driver, "#plan-topics .topic-title")]


def test_the_question_plan_form_marks_every_problem_then_stores_a_version(
    page: Dashboard, server: DashboardServer
) -> None:
    page.sign_in(server.admin, "plan")
    before = listed_topics(page)
    assert len(all_css(page.driver, "fieldset.plan-topic")) == len(before)
    fill(page, "#topic-0-question", "Why?")
    fill(page, "#topic-1-title", "")
    css(page.driver, "#save-plan").click()
    summary = page.wait_css("#plan-error:not(:empty)").text
    assert "2 problems to fix; nothing was stored." in summary
    question = css(page.driver, "#topic-0-question")
    assert question.get_attribute("aria-invalid") == "true"
    assert "at least 5" in page.text("#topic-0-question-error")
    assert css(page.driver, "#topic-1-title").get_attribute("aria-invalid") == "true"
    assert page.script("return document.activeElement.id") == "topic-0-question"
    page.screenshot("plan-invalid")

    fill(page, "#topic-0-question", "What made you decide to move on?")
    fill(page, "#topic-1-title", "Role and expectations")
    last = len(before) - 1
    css(page.driver, f"#topic-{last}-up").click()
    assert page.script("return document.activeElement.id") == f"topic-{last - 1}-up"
    css(page.driver, "#add-topic").click()
    assert page.script("return document.activeElement.id") == f"topic-{last + 1}-title"
    fill(page, f"#topic-{last + 1}-title", "Remote work")
    fill(page, f"#topic-{last + 1}-question", "How did working remotely work for you?")
    css(page.driver, "#topic-2-remove").click()
    fill(page, "#plan-name", "dashboard-edited")
    css(page.driver, "#check-plan").click()
    page.wait_css("#plan-valid")
    assert listed_topics(page) == before, "a check stores nothing"

    css(page.driver, "#save-plan").click()
    stored = page.wait_css("#plan-stored").text
    assert stored.startswith("Stored version 1.")
    assert "hr-lead" in page.text("#plan-source")
    expected = [before[0], "Role and expectations", *before[3:-2], before[-1], before[-2]]
    assert listed_topics(page) == [*expected, "Remote work"]
    assert "What made you decide to move on?" in page.text("#plan-topics")
    assert "dashboard-edited" in page.text("#plan-title")


def test_the_question_plan_can_be_edited_as_json(page: Dashboard, server: DashboardServer) -> None:
    page.sign_in(server.admin, "plan")
    css(page.driver, "#plan-json-editor summary").click()
    editor = css(page.driver, "#plan-json")
    plan = page.script("return JSON.parse(arguments[0].value)", editor)
    plan["topics"][0]["translations"] = {"de": {"question": "Wie?"}}
    page.script("arguments[0].value = JSON.stringify(arguments[1], null, 2)", editor, plan)
    css(page.driver, "#save-plan-json").click()
    error = page.wait_css("#plan-json-error:not(:empty)").text
    assert "topics.0.translations.de.question" in error and "Nothing was stored" in error

    plan["topics"][0]["translations"] = {"de": {"question": "Warum gehst du?"}}
    page.script("arguments[0].value = JSON.stringify(arguments[1], null, 2)", editor, plan)
    css(page.driver, "#save-plan-json").click()
    stored = page.wait_css("#plan-stored").text
    assert stored.startswith("Stored version 2.")
    assert "Also worded in: de" in page.text("#topic-0-translations")


def test_an_admin_erases_an_interview_and_it_leaves_the_list(
    page: Dashboard, server: DashboardServer, seeded: Seeded
) -> None:
    target = seeded.ids["erase-me"]
    page.sign_in(server.admin, f"interviews/{target}")
    css(page.driver, "#action-erase").click()
    dialog = page.wait_css("dialog.confirm[open]")
    assert f"#{target} · Erin Erasable" in dialog.text
    css(dialog, "button[value=cancel]").click()
    wait_until(page.driver, lambda d: not all_css(d, "dialog.confirm"), "the dialog to close")
    assert "Erin Erasable" in page.text("#interview-title")

    css(page.driver, "#action-erase").click()
    dialog = page.wait_css("dialog.confirm[open]")
    page.screenshot("erase-confirm")
    css(dialog, "button[value=confirm]").click()
    page.wait_css("#erased-notice")
    assert f"Interview #{target} was erased." in page.text("#action-done")
    assert all_css(page.driver, "#transcript") == []
    assert all_css(page.driver, "#action-erase") == []

    css(page.driver, ".back-link").click()
    page.wait_view("interviews")
    assert all_css(page.driver, f"#interview-table tr[data-id='{target}']") == [], "gone"
    assert "Erin" not in page.text("#results")
    css(page.driver, "input[name=status][value=erased]").click()
    apply_filters(page)
    page.wait_view("interviews")
    row = css(page.driver, f"#interview-table tr[data-id='{target}']")
    assert row.get_attribute("data-status") == "erased", "the record of the erasure remains"
    assert "Erased interview" in row.text and "Erin" not in row.text


def test_a_revoked_token_ends_the_session_with_the_reason(
    page: Dashboard, server: DashboardServer
) -> None:
    token = server.run(server.token("short-lived", TokenRole.HR_VIEWER))
    page.sign_in(token)
    server.run(server.bot.tokens.revoke("short-lived", server.clock.now()))
    page.go("stats")
    page.wait_view("signin")
    assert "revoked" in page.text("#signin-error")
    assert page.script("return sessionStorage.getItem('exitbot.token')") is None
