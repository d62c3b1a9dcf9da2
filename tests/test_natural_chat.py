"""`exitbot chat` with the replies people really type, in English and in German.

Nothing the employee says is swallowed: consent is not an answer, a declined question is a
skip, the summary is confirmed and trimmed in words, the 0-10 figure is the employee's own
number, and "delete my data" after the end erases what was stored.
"""

from __future__ import annotations

from pathlib import Path

from tests.cli_runner import db_rows, run

ENGLISH_REPLIES = [
    "Sure, happy to do it. But I'd rather stay anonymous.",
    "The pay was well below market and there was no path to promotion for me.",
    "skip this one please",
    "My manager was kind but rarely had time for one-to-ones or real feedback.",
    "The team was great, people helped each other and the culture was friendly.",
    "I'd rather not say",
    "Salary was below what similar companies pay and benefits were average.",
    "The workload was fine, the tools were slow and the processes heavy.",
    "A clear path to promotion and a fair raise would have made me stay.",
    "I'd say an eight, and yes, I would come back one day.",
    "Nothing more to add, thanks",
    "remove the quotes",
    "looks good to me",
]

GERMAN_REPLIES = [
    "Ja, gerne",
    "Die Bezahlung war viel zu niedrig und es gab keine Aufstiegschancen für mich.",
    "Die Rolle war so, wie sie mir beim Einstieg beschrieben wurde, mit etwas mehr Support.",
    "Mein Chef war freundlich und hat mich immer unterstützt.",
    "Das Team war super, alle haben sich gegenseitig geholfen.",
    "Ich habe im ersten Jahr viel gelernt, danach kaum noch etwas Neues.",
    "Das Gehalt lag deutlich unter dem, was andere Firmen zahlen.",
    "Die Arbeitsbelastung war hoch, aber die Werkzeuge waren in Ordnung.",
    "Eine faire Gehaltserhöhung hätte mich wahrscheinlich gehalten.",
    "Ich würde eine Sieben geben.",
    "Nein, das war alles.",
    "passt so",
]


def test_an_interview_in_everyday_english(cli_env: dict[str, str]) -> None:
    chat = run(["chat", "--name", "Robin Tester"], cli_env, "\n".join(ENGLISH_REPLIES) + "\n")
    assert chat.returncode == 0, chat.stderr
    out = chat.stdout
    assert "Your name won't appear" in out, "anonymity chosen in a sentence"
    assert "Sorry, I didn't get that" not in out
    assert db_rows(cli_env, "SELECT status, anonymous FROM interviews") == [("completed", 1)]
    kinds = dict(db_rows(cli_env, "SELECT text, kind FROM messages WHERE role = 'employee'"))
    assert kinds[ENGLISH_REPLIES[0]] == "command", "consent is not an answer"
    assert kinds["skip this one please"] == "command"
    assert kinds["I'd rather not say"] == "command", "a declined question is a skip"
    skipped = db_rows(cli_env, "SELECT topic_key FROM messages WHERE kind = 'skipped'")
    assert sorted(skipped) == [("growth",), ("role_fit",)]
    answered = db_rows(cli_env, "SELECT count(*) FROM messages WHERE kind = 'answer'")
    assert answered == [(8,)]
    [(enps, would_return, quotes)] = db_rows(
        cli_env, "SELECT enps, would_return, notable_quotes FROM reports"
    )
    assert (enps, would_return) == (8, 1), "the employee's own figure, from words"
    assert quotes == "[]", "removed in words"


def test_an_interview_in_german_gets_german_questions_and_sentiment(
    cli_env: dict[str, str],
) -> None:
    chat = run(["chat", "--name", "Jana"], cli_env, "\n".join(GERMAN_REPLIES) + "\n")
    assert chat.returncode == 0, chat.stderr
    out = chat.stdout
    assert "Was ist der Hauptgrund" in out or "Hauptgrund" in out, out[-2000:]
    assert "How would you describe your relationship with your manager?" not in out
    assert "Hier ist, was ich" in out or "festhalte" in out, out[-1500:]
    assert db_rows(cli_env, "SELECT status, language FROM interviews") == [("completed", "de")]
    [(sentiment,)] = db_rows(
        cli_env, "SELECT sentiment FROM messages WHERE text LIKE 'Mein Chef war freundlich%'"
    )
    assert sentiment is not None and sentiment > 0.3, "German lexicon, not English"
    [(enps, reasons, summary)] = db_rows(cli_env, "SELECT enps, reasons, summary FROM reports")
    assert enps == 7
    assert "compensation" in reasons
    assert "The main reason" in summary, "the stored report stays English"


def test_delete_my_data_after_the_end_erases_the_answers(cli_env: dict[str, str]) -> None:
    secret = "the-zebra-project-was-mismanaged-from-day-one"
    replies = ["yes", f"I left because {secret} and nobody listened."] + ["skip"] * 9 + ["yes"]
    first = run(["chat", "--name", "Kim"], cli_env, "\n".join(replies) + "\n")
    assert first.returncode == 0, first.stderr
    assert db_rows(cli_env, "SELECT status FROM interviews") == [("completed",)]

    second = run(
        ["chat", "--name", "Kim"], cli_env, "please delete everything I said\nyes, delete it\n"
    )
    assert second.returncode == 0, second.stderr
    assert "completed" in second.stdout, "the confirmation names what will go"
    statuses = db_rows(cli_env, "SELECT status FROM interviews ORDER BY id")
    assert all(status == "erased" for (status,) in statuses), statuses
    assert db_rows(cli_env, "SELECT count(*) FROM reports") == [(0,)]
    db_file = Path(cli_env["DATABASE_URL"].removeprefix("sqlite+aiosqlite:///"))
    for path in db_file.parent.glob(db_file.name + "*"):
        assert secret.encode() not in path.read_bytes(), path


def test_piped_lines_are_each_their_own_answer_even_with_joining_on(
    cli_env: dict[str, str],
) -> None:
    """Lines piped into ``exitbot chat`` arrive at once, but each is a whole answer."""
    env = cli_env | {"ANSWER_JOIN_SECONDS": "2", "DM_MESSAGES_PER_MINUTE": "20"}
    replies = [
        "Claro, pero prefiero que sea anónimo",
        "El sueldo era muy bajo y no había forma de crecer.",
        "El puesto era lo que esperaba, más o menos.",
        "me lo salto",
    ]
    chat = run(["chat", "--name", "Lucía"], env, "\n".join(replies) + "\n")
    assert chat.returncode == 0, chat.stderr
    assert db_rows(env, "SELECT language, anonymous FROM interviews") == [("es", 1)]
    answers = db_rows(env, "SELECT topic_key FROM messages WHERE kind = 'answer' ORDER BY seq")
    assert answers == [("reason_for_leaving",), ("role_fit",)]
    assert db_rows(env, "SELECT topic_key FROM messages WHERE kind = 'skipped'") == [("manager",)]
