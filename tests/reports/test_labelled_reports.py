"""The scripted report over the labelled interviews, each answered through the real engine
with the scripted interviewer: the table is printed (``pytest -s`` shows it) and the goals
must hold."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from exitbot.core.report import Reason
from exitbot.interviewers.report_evaluation import (
    Goals,
    evaluate_reports,
    packaged_cases,
    report_maker,
)
from exitbot.interviewers.report_evaluation.cases import LANGUAGES
from exitbot.interviewers.scripted.polarity import Polarity
from tests.conftest import BotFactory

KINDS = {"clear", "mixed", "sarcasm", "short", "off_topic", "misconduct"}


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> str:
    """SQLite only: the set judges what reports say, which does not depend on the backend
    (the engine tests store reports on both), and one run of sixty interviews is enough."""
    target = tmp_path / "exitbot.db"
    shutil.copy(sqlite_template, target)
    return f"sqlite+aiosqlite:///{target}"


def test_the_labelled_set_covers_what_it_should() -> None:
    cases = packaged_cases()
    assert len(cases) >= 40
    per_language = Counter(c.language for c in cases)
    assert set(per_language) == set(LANGUAGES)
    assert all(per_language[language] >= 10 for language in LANGUAGES)
    assert {c.kind for c in cases} == KINDS
    for language in LANGUAGES:
        kinds = {c.kind for c in cases if c.language == language}
        assert {"clear", "sarcasm", "short", "misconduct"} <= kinds, language
    assert {c.labels.polarity for c in cases} == set(Polarity)
    assert {c.labels.primary for c in cases} >= set(Reason) - {Reason.OTHER}
    assert any(c.labels.enps is None for c in cases)


async def test_scripted_reports_meet_the_goals(
    make_bot: BotFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    bot = await make_bot()
    evaluation = await evaluate_reports(
        packaged_cases(), report_maker(bot.interviews, bot.database)
    )
    table = evaluation.table()
    with capsys.disabled():
        print("\n" + table)
    assert evaluation.goals == Goals(
        primary_accuracy=0.9, reason_f1=0.8, enps_exactness=1.0, polarity_accuracy=0.9
    )
    assert not [r.error for r in evaluation.results if r.error], table
    assert evaluation.meets_goals, table
