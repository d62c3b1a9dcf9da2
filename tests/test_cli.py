"""The command line as a user runs it: chat, erasure, digest, questions, tokens, config."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli_runner import db_rows, run
from tests.support import GOOD_ANSWERS


def piped_answers(count: int = 50) -> str:
    answers = ["yes", *GOOD_ANSWERS.values()]
    answers += ["yes"]  # confirm the summary
    answers += [f"extra line {i}" for i in range(count - len(answers))]
    return "\n".join(answers) + "\n"


def test_piped_chat_completes_an_interview(cli_env):
    result = run(
        ["chat", "--name", "Robin Tester", "--department", "Sales"], cli_env, piped_answers()
    )
    assert result.returncode == 0, result.stderr
    assert "What is the main reason you decided to leave?" in result.stdout
    assert "Here is what I'll record" in result.stdout
    assert "completed" in result.stdout
    assert db_rows(cli_env, "SELECT status, department FROM interviews") == [("completed", "Sales")]
    assert len(db_rows(cli_env, "SELECT id FROM reports")) == 1

    digest = run(["digest", "--dry-run"], cli_env)
    assert digest.returncode == 0, digest.stderr
    assert "Completed: 1" in digest.stdout and "compensation" in digest.stdout


def test_end_of_input_pauses_and_the_next_chat_resumes(cli_env):
    first = run(["chat", "--name", "Sam"], cli_env, "yes\nThe pay was too low for the work.\n")
    assert first.returncode == 0, first.stderr
    assert "Paused" in first.stdout
    assert db_rows(cli_env, "SELECT status FROM interviews") == [("paused",)]
    second = run(["chat", "--name", "Sam"], cli_env, "")
    assert "Welcome back" in second.stdout
    assert db_rows(cli_env, "SELECT count(*) FROM interviews") == [(1,)]


def test_delete_my_data_leaves_no_trace_of_the_answer_in_the_file(cli_env):
    secret = "my-very-secret-answer-about-the-zebra-project"
    first = run(["chat", "--name", "Kim"], cli_env, piped_answers())
    assert first.returncode == 0
    second = run(
        ["chat", "--name", "Kim"],
        cli_env,
        f"yes\nI left because of {secret} and it was hard.\ndelete my data\nyes\n",
    )
    assert second.returncode == 0, second.stderr
    assert "deleted" in second.stdout
    statuses = db_rows(cli_env, "SELECT status FROM interviews ORDER BY id")
    assert statuses == [("erased",), ("erased",)], "every interview that held their words"
    db_file = Path(cli_env["DATABASE_URL"].removeprefix("sqlite+aiosqlite:///"))
    for path in db_file.parent.glob(db_file.name + "*"):
        assert secret.encode() not in path.read_bytes(), path


def test_bad_configuration_is_one_clear_line(cli_env):
    cli_env["DIGEST_CRON"] = "every monday"
    result = run(["digest", "--dry-run"], cli_env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("exitbot: DIGEST_CRON:")
    assert "Traceback" not in result.stderr


def test_questions_and_import_questions(cli_env, tmp_path):
    shown = run(["questions"], cli_env)
    assert shown.returncode == 0 and "Reason for leaving" in shown.stdout
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "name: short\ntopics:\n  - key: why\n    title: Why\n    question: Why are you leaving?\n"
    )
    assert run(["import-questions", str(plan)], cli_env).returncode == 0
    cli_env["EXITBOT_QUESTIONS"] = str(plan)
    chat = run(["chat"], cli_env, "yes\nBecause of the long commute every day.\nyes\n")
    assert "Why are you leaving?" in chat.stdout and "completed" in chat.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics:\n  - key: Bad Key\n    title: x\n    question: short?\n")
    broken = run(["import-questions", str(bad)], cli_env)
    assert broken.returncode == 2 and "topics.0.key" in broken.stderr


def test_token_lifecycle(cli_env):
    created = run(["token", "create", "--name", "dash", "--role", "hr-admin"], cli_env)
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert token.startswith("xb_")
    assert token not in str(db_rows(cli_env, "SELECT * FROM api_tokens"))
    assert run(["token", "create", "--name", "dash"], cli_env).returncode != 0
    listed = run(["token", "list"], cli_env)
    assert "dash\thr-admin\tactive" in listed.stdout
    assert run(["token", "revoke", "--name", "dash"], cli_env).returncode == 0
    assert "revoked" in run(["token", "list"], cli_env).stdout


def test_db_upgrade_reports_the_revision(cli_env):
    result = run(["db", "upgrade"], cli_env)
    from exitbot.store.migrate import head_revision

    assert result.returncode == 0 and f"revision {head_revision()}" in result.stdout


def test_outbox_lists_waiting_and_failed_messages_and_retries_one(cli_env):
    env = cli_env | {"HR_CHANNEL": "slack:CHR"}
    answers = "yes\nMy manager harassed me in every meeting for a year.\n"
    chat = run(["chat", "--name", "Robin Tester"], env, answers)
    assert chat.returncode == 0, chat.stderr
    # The terminal's own replies were printed; the HR alert waits for a Slack replica.
    waiting = run(["outbox"], env)
    assert waiting.returncode == 0, waiting.stderr
    [header, alert] = waiting.stdout.strip().splitlines()
    assert header.startswith("id\tpurpose\tplatform")
    assert "\talert\tslack\t0\t" in alert
    assert "harassed" not in waiting.stdout, "the listing never shows message text"
    assert run(["outbox", "--failed"], env).stdout.strip() == "No failed messages."

    [(alert_id,)] = db_rows(env, "SELECT id FROM outbox WHERE purpose = 'alert'")
    path = env["DATABASE_URL"].removeprefix("sqlite+aiosqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE outbox SET status = 'failed', last_error = 'channel_not_found' WHERE id = ?",
            (alert_id,),
        )
    failed = run(["outbox", "--failed"], env)
    assert f"{alert_id}\talert\tslack" in failed.stdout and "channel_not_found" in failed.stdout
    retried = run(["outbox", "--retry", str(alert_id)], env)
    assert retried.returncode == 0, retried.stderr
    assert "will be sent again" in retried.stdout
    assert db_rows(env, f"SELECT status, attempts FROM outbox WHERE id = {alert_id}") == [
        ("pending", 0)
    ]
    missing = run(["outbox", "--retry", "999"], env)
    assert missing.returncode != 0 and "no undelivered message 999" in missing.stderr
