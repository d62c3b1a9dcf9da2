"""Which parts of the summary a reply asks to leave out, by number or by name."""

from __future__ import annotations

import pytest

from exitbot.engine.understanding import Intent, PartKind, Removal, Step, understand
from exitbot.engine.understanding.removal import read_removal


def removal(text: str) -> Removal | None:
    request = read_removal(text)
    return None if request is None else request.removal


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("remove 4 and 5", (4, 5)),
        ("remove 2, 3", (2, 3)),
        ("remove 2, 3 and 5", (2, 3, 5)),
        ("drop #3", (3,)),
        ("delete item 3", (3,)),
        ("remove number two", (2,)),
        ("remove item one", (1,)),
        ("remove the first one", (1,)),
        ("remove the 2nd", (2,)),
        ("remove items 2-4", (2, 3, 4)),
        ("remove 2 to 4", (2, 3, 4)),
        ("Please remove number 3, my manager would recognise it", (3,)),
        ("4 und 5 entfernen", (4, 5)),
        ("entferne 2", (2,)),
        ("streiche Punkt 2 bis 4", (2, 3, 4)),
        ("nimm die 3 raus", (3,)),
        ("quita la 3", (3,)),
        ("quita el 2 y el 4", (2, 4)),
        ("elimina el punto dos", (2,)),
        ("enlève le 2", (2,)),
        ("supprime les points 2 et 3", (2, 3)),
        ("retire la troisième", (3,)),
    ],
)
def test_numbers(text: str, numbers: tuple[int, ...]) -> None:
    assert removal(text) == Removal(numbers=numbers)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("remove the quotes", {PartKind.QUOTES}),
        ("leave out the summary", {PartKind.SUMMARY}),
        ("don't include my rating", {PartKind.RATING}),
        ("without the suggestions", {PartKind.SUGGESTIONS}),
        ("take out the themes", {PartKind.THEMES}),
        ("take the rating off", {PartKind.RATING}),
        ("please remove the reasons", {PartKind.REASONS}),
        ("no quotes please", {PartKind.QUOTES}),
        ("take the quotes and the rating out", {PartKind.QUOTES, PartKind.RATING}),
        ("Everything is right except the rating, please remove it", {PartKind.RATING}),
        ("die Zitate bitte weglassen", {PartKind.QUOTES}),
        ("bitte ohne die Bewertung", {PartKind.RATING}),
        ("keine Zitate", {PartKind.QUOTES}),
        ("lass die Vorschläge weg", {PartKind.SUGGESTIONS}),
        ("quitar las citas", {PartKind.QUOTES}),
        ("sin la puntuación, por favor", {PartKind.RATING}),
        ("retire les citations", {PartKind.QUOTES}),
        ("enlevez le résumé", {PartKind.SUMMARY}),
        ("pas de citations", {PartKind.QUOTES}),
    ],
)
def test_parts(text: str, parts: set[PartKind]) -> None:
    assert removal(text) == Removal(parts=frozenset(parts))


def test_numbers_and_parts_together() -> None:
    assert removal("remove 2 and the rating") == Removal((2,), frozenset({PartKind.RATING}))


@pytest.mark.parametrize(
    "text",
    [
        "remove",
        "remove something",
        "I'd like to remove a bit",
        "remove the last one",
        "remove the quote about my manager",  # which quote: the words do not say
        "remove the second quote",
        "remove quote 2",  # the 2nd quote, or part 2?
        "remove 0",
        "remove 150",
        "delete",
    ],
)
def test_a_removal_that_names_nothing_for_sure_asks_which(text: str) -> None:
    request = read_removal(text)
    assert request is not None and request.removal is None


@pytest.mark.parametrize(
    "text",
    [
        "looks good",
        "don't remove the quotes",
        "die Zitate bitte nicht entfernen",
        "without changes",
        "3",
        "4 and 5",
        "I've been here 5 years",
    ],
)
def test_not_a_removal(text: str) -> None:
    assert read_removal(text) is None


def test_a_number_of_years_in_the_reason_is_not_a_part() -> None:
    assert removal("remove 3, it mentions my 5 years on the team") == Removal((3,))
    assert removal("remove 3 since I spent 5 years there") == Removal((3,))


def test_the_language_is_that_of_the_removing_words() -> None:
    assert read_removal("remove 2") == read_removal("remove 2")
    for text, language in [
        ("remove 2", "en"),
        ("entferne 2", "de"),
        ("quita la 2", "es"),
        ("enlève le 2", "fr"),
    ]:
        request = read_removal(text)
        assert request is not None and request.language == language


def test_the_recogniser_reports_removals_at_the_summary_only() -> None:
    at_summary = understand("remove 4 and 5", Step.SUMMARY)
    assert at_summary.intent is Intent.REMOVE
    assert at_summary.removal == Removal((4, 5))
    assert understand("remove the quotes", Step.SUMMARY).removal == Removal(
        parts=frozenset({PartKind.QUOTES})
    )
    assert understand("remove something", Step.SUMMARY).intent is Intent.NO
    assert understand("remove 4 and 5", Step.ANSWER).intent is None
    assert understand("remove 4 and 5", Step.CONSENT).intent is None


def test_a_long_removal_request_is_still_one() -> None:
    text = (
        "Looks mostly right, but please leave out the rating, I do not want anyone to "
        "connect my number with my team"
    )
    understood = understand(text, Step.SUMMARY)
    assert understood.intent is Intent.REMOVE
    assert understood.removal == Removal(parts=frozenset({PartKind.RATING}))
