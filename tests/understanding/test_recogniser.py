"""The recogniser's rules, which are product safety rules: an answer stays an answer, consent
is never inferred, erasure needs a clear yes, and the bot's own buttons always work."""

from __future__ import annotations

import pytest

from exitbot.engine.catalogs import Catalogs
from exitbot.engine.understanding import (
    MAX_COMMAND_WORDS,
    Intent,
    Step,
    Understanding,
    understand,
)
from exitbot.engine.understanding.lexicon import LEXICONS
from exitbot.engine.understanding.phrases import expand, language_of, phrase_index


def intent(text: str, step: Step) -> Intent | None:
    return understand(text, step).intent


# --- the bot's buttons ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "step", "expected"),
    [
        ("yes", Step.CONSENT, Intent.YES),
        ("anonymous", Step.CONSENT, Intent.ANONYMOUS),
        ("no", Step.CONSENT, Intent.NO),
        ("skip", Step.ANSWER, Intent.SKIP),
        ("yes", Step.SUMMARY, Intent.YES),
        ("yes", Step.ERASE, Intent.YES),
        ("no", Step.ERASE, Intent.NO),
        ("yes", Step.OTHER, Intent.YES),
        ("anonymous", Step.OTHER, Intent.ANONYMOUS),
    ],
)
def test_button_values(value: str, step: Step, expected: Intent) -> None:
    assert intent(value, step) is expected


@pytest.mark.parametrize(
    ("label", "step", "expected"),
    [
        ("Start", Step.CONSENT, Intent.YES),
        ("Start anonymously", Step.CONSENT, Intent.ANONYMOUS),
        ("Not now", Step.CONSENT, Intent.NO),
        ("Skip", Step.ANSWER, Intent.SKIP),
        ("Looks right, save it", Step.SUMMARY, Intent.YES),
        ("Yes, delete everything", Step.ERASE, Intent.YES),
        ("No, keep it", Step.ERASE, Intent.NO),
    ],
)
def test_button_labels_typed_as_text(label: str, step: Step, expected: Intent) -> None:
    assert intent(label, step) is expected


# --- during an answer -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I wanted to skip the standups but my manager never let me",
        "They should stop micromanaging people",
        "We had to delete data every week by hand",
        "I'd rather not say much about my manager, but the pay was bad",
        "Stop the endless meetings",
        "skip level meetings were great",
        "delete",
        "Quit.",
        "Delete Jira. Seriously.",
        "No. Next question.",  # answers "no", then asks to move on: the answer is kept
        "Yes, skip",
        "maybe stop",
        "don't delete my data",
        "Plus tard, je suis passé dans l'équipe plateforme",
        "Paso mucho tiempo en reuniones",
        "Weiter so mit den Teamevents",
    ],
)
def test_an_answer_that_mentions_a_command_is_an_answer(text: str) -> None:
    understood = understand(text, Step.ANSWER)
    assert understood.intent is None
    assert not understood.ambiguous


@pytest.mark.parametrize(
    "text", ["no", "nothing", "not really", "none", "nein", "nichts", "nada", "non", "rien"]
)
def test_a_no_is_an_answer_never_a_no_or_a_skip(text: str) -> None:
    assert intent(text, Step.ANSWER) is None


@pytest.mark.parametrize("text", ["yes", "ok", "sure", "ja", "sí", "oui", "👍", "fine"])
def test_a_yes_is_an_answer(text: str) -> None:
    assert intent(text, Step.ANSWER) is None


def test_long_messages_are_never_commands() -> None:
    command = "please delete everything I said"
    assert intent(command, Step.ANSWER) is Intent.DELETE
    padded = command + " thanks" * (MAX_COMMAND_WORDS - len(command.split()) + 1)
    assert len(padded.split()) > MAX_COMMAND_WORDS
    assert intent(padded, Step.ANSWER) is None
    assert intent("stop " * (MAX_COMMAND_WORDS + 1), Step.ANSWER) is None


def test_never_ambiguous_during_an_answer() -> None:
    for text in ["yes and no", "hmm maybe", "yes, but who reads this?", "no, skip"]:
        assert not understand(text, Step.ANSWER).ambiguous


def test_acknowledgements_do_not_stop_a_command() -> None:
    assert intent("ok, next question", Step.ANSWER) is Intent.SKIP
    assert intent("fine, let's pause", Step.ANSWER) is Intent.PAUSE
    assert intent("no, stop", Step.ANSWER) is Intent.STOP


def test_a_phrase_means_what_the_step_makes_of_it() -> None:
    assert intent("lieber nicht", Step.CONSENT) is Intent.NO
    assert intent("lieber nicht", Step.ANSWER) is Intent.SKIP
    assert intent("weiter", Step.ANSWER) is Intent.SKIP
    assert intent("weiter", Step.OTHER) is Intent.RESUME
    assert intent("not now", Step.CONSENT) is Intent.NO
    assert intent("not now", Step.ANSWER) is Intent.PAUSE
    assert intent("keep it", Step.SUMMARY) is Intent.YES
    assert intent("keep it", Step.ERASE) is Intent.NO


# --- consent ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "My manager was awful and the pay was low",
        "I left because of the pay",
        "thanks",
        "Who will read this?",
    ],
)
def test_consent_is_never_inferred_from_something_else(text: str) -> None:
    understood = understand(text, Step.CONSENT)
    assert understood.intent is None and not understood.ambiguous


@pytest.mark.parametrize(
    "text",
    [
        "no, I'm happy to do it",
        "yes and no",
        "hmm maybe",
        "sí y no",
        "yes, but who will read my answers?",
        "I guess so",
    ],
)
def test_unsure_consent_is_ambiguous(text: str) -> None:
    assert understand(text, Step.CONSENT) == Understanding(
        None, ambiguous=True, language=understand(text, Step.CONSENT).language
    )


def test_yes_with_anonymous_is_anonymous() -> None:
    assert intent("yes, but anonymously", Step.CONSENT) is Intent.ANONYMOUS
    assert intent("ja, aber anonym", Step.CONSENT) is Intent.ANONYMOUS
    assert intent("sí, pero anónimo", Step.CONSENT) is Intent.ANONYMOUS
    assert intent("oui mais anonymement", Step.CONSENT) is Intent.ANONYMOUS


def test_a_long_reply_that_opens_with_a_yes_is_ambiguous_not_yes() -> None:
    text = "Sure, happy to do it, I have some time before my last day on Friday afternoon"
    assert len(text.split()) > MAX_COMMAND_WORDS
    assert understand(text, Step.CONSENT) == Understanding(None, ambiguous=True, language="en")


# --- summary ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "nothing to change",
        "no changes",
        "nothing more to add",
        "no, that's fine",
        "nein, passt",
        "no, está bien",
        "non, c'est bon",
        "don't change anything",
    ],
)
def test_no_change_is_a_confirmation(text: str) -> None:
    assert intent(text, Step.SUMMARY) is Intent.YES


def test_a_comma_separates_replies() -> None:
    assert intent("no, está bien", Step.SUMMARY) is Intent.YES
    assert intent("no está bien", Step.SUMMARY) is Intent.NO


@pytest.mark.parametrize("text", ["no", "not quite", "I want to change something", "nein"])
def test_wanting_a_change_is_no(text: str) -> None:
    assert intent(text, Step.SUMMARY) is Intent.NO


def test_control_words_work_at_the_summary() -> None:
    assert intent("delete my data", Step.SUMMARY) is Intent.DELETE
    assert intent("what do you have about me?", Step.SUMMARY) is Intent.SHOW_DATA


def test_a_bare_number_at_the_summary_is_not_a_removal() -> None:
    """The engine reads bare numbers as its own numbered options."""
    assert intent("2", Step.SUMMARY) is None


# --- erasure ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["delete", "yes delete", "yes, delete it", "delete my data"])
def test_delete_confirms_an_erasure(text: str) -> None:
    assert intent(text, Step.ERASE) is Intent.YES


@pytest.mark.parametrize(
    "text",
    [
        "no, delete it",
        "maybe",
        "hmm, yes",
        "what gets deleted?",
        "yes and no",
        "sure, I mean no",
        "delte it",  # a typo is never read as an erasure
        "yse",
    ],
)
def test_an_unclear_erasure_reply_is_not_understood(text: str) -> None:
    assert understand(text, Step.ERASE) == Understanding(
        None, language=understand(text, Step.ERASE).language
    )


# --- destructive intents and typos ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("stpo", Step.CONSENT),
        ("sotp", Step.OTHER),
        ("delte my data", Step.CONSENT),
        ("delete my dta", Step.OTHER),
        ("stpo", Step.ANSWER),
    ],
)
def test_destructive_intents_are_never_guessed_from_typos(text: str, step: Step) -> None:
    assert intent(text, step) not in (Intent.STOP, Intent.DELETE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yse", Intent.YES), ("anonymus", Intent.ANONYMOUS), ("nien", Intent.NO)],
)
def test_short_replies_survive_one_typo(text: str, expected: Intent) -> None:
    assert intent(text, Step.CONSENT) is expected


def test_typos_are_not_corrected_during_an_answer() -> None:
    assert intent("skpi", Step.ANSWER) is None


# --- language ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [("yes", "en"), ("ja, gerne", "de"), ("no gracias", "es"), ("oui", "fr"), ("passt so", "de")],
)
def test_the_language_that_matched(text: str, language: str) -> None:
    assert understand(text, Step.CONSENT).language == language


@pytest.mark.parametrize("text", ["no", "ok", "👍", "pause"])
def test_words_of_several_languages_name_none(text: str) -> None:
    assert understand(text, Step.CONSENT).language is None


def test_language_of_needs_one_winner() -> None:
    assert language_of([frozenset({"en", "es"}), frozenset({"es"})]) == "es"
    assert language_of([frozenset({"en", "es"})]) is None
    assert language_of([]) is None


# --- the lexicon ------------------------------------------------------------------------


def test_templates_expand() -> None:
    assert expand("(a|b) c [d]") == ("a c", "a c d", "b c", "b c d")
    assert expand("[please] skip (it|this one)") == (
        "skip it",
        "skip this one",
        "please skip it",
        "please skip this one",
    )
    assert expand("x ([y] z|w)") == ("x z", "x y z", "x w")


@pytest.mark.parametrize("template", ["(a|b", "a]", "[a (b]"])
def test_unbalanced_templates_are_refused(template: str) -> None:
    with pytest.raises(ValueError, match="unbalanced"):
        expand(template)


def test_every_lexicon_phrase_expands_to_words() -> None:
    for lexicon in LEXICONS:
        for sense, templates in lexicon.phrases.items():
            for template in templates:
                assert expand(template), (lexicon.language, sense, template)
    assert phrase_index().longest <= 12


@pytest.mark.parametrize("language", ["en", "de", "es", "fr"])
def test_every_button_label_typed_back_is_understood_as_its_choice(language: str) -> None:
    texts = Catalogs.load([language]).texts(language)
    buttons = [
        (Step.CONSENT, texts.consent_choices),
        (Step.ANSWER, texts.question_choices),
        (Step.SUMMARY, texts.summary_choices),
        (Step.ERASE, texts.erase_choices),
    ]
    for step, choices in buttons:
        for choice in choices:
            understood = understand(choice.label, step)
            assert understood.intent is not None, (step, choice.label)
            assert understood.intent.value == choice.value, (step, choice.label)
