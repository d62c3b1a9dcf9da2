"""Names are masked as whole words only: never inside a URL, an email, a number or a longer word."""

from __future__ import annotations

import pytest

from exitbot.privacy.personal_data import Kind, Names, find_personal_data, identifying_names
from exitbot.privacy.pseudonyms import Pseudonymiser
from exitbot.privacy.redaction import redact_personal_data


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # A link holding the name is masked whole; other links are kept as written.
        ("Dana Example", "see https://dana.example/docs", "see [link]"),
        ("Dana Smith", "my site dana-smith.example/cv.", "my site [link]."),
        ("Dana Smith", "see <https://x.example/dana|profile>", "see [link]"),
        (
            "Ann Lee",
            "read https://wiki.example/annual-report",
            "read https://wiki.example/annual-report",
        ),
        (
            "Mark Jones",
            "https://market.example/mark-my-words",
            "https://market.example/mark-my-words",
        ),
        ("Dana Smith", "Dana sent ftp://files.example/dana.zip", "[name] sent [link]"),
        # Emails and mentions are masked as such, never as "[name]@…".
        ("Dana Smith", "write to dana.smith@corp.example", "write to [email]"),
        ("Dana Smith", "ask hr-dana@corp.example, Dana", "ask [email], [name]"),
        ("Dana Smith", "Dana smith@corp.test", "[name] [email]"),
        ("Dana Smith", "ping @dana or <@U1|Dana Smith>", "ping [mention] or [mention]"),
        # Numbers and words glued to digits are never a name.
        ("Dana Smith", "Dana2 and 2Dana scored 7.5 in 2025", "Dana2 and 2Dana scored 7.5 in 2025"),
        ("Dana Smith", "Dana: +44 20 7946 0958.", "[name]: [phone]."),
        # A word that merely contains a name is left alone.
        ("Ann Lee", "Annual review, planned", "Annual review, planned"),
        ("Mark Jones", "the market and a bookmark", "the market and a bookmark"),
        ("Eve Adams", "every evening, nevertheless", "every evening, nevertheless"),
        ("Max Power", "maximum effort, maxed out", "maximum effort, maxed out"),
        ("Bo Li", "both bosses took a bow", "both bosses took a bow"),
        ("Dana Smith", "Dananeh and Smithson", "Dananeh and Smithson"),
        # Everyday words and short parts are masked only capitalised; other names in any case.
        ("Will Smith", "I will leave. Will said so.", "I will leave. [name] said so."),
        ("Mark Jones", "mark my words, Mark", "mark my words, [name]"),
        ("Max Power", "max three days, MAX agreed", "max three days, [name] agreed"),
        ("Eve Adams", "on the eve of launch Eve left", "on the eve of launch [name] left"),
        ("will smith", "i will leave, Will knows", "i will leave, [name] knows"),
        ("Will Smith", "will smith left", "[name] left"),
        ("Bo Li", "Bo and BO, not bo", "[name] and [name], not bo"),
        ("Dana Smith", "dana and DANA", "[name] and [name]"),
        # Accents, apostrophes and hyphens.
        (
            "Jürgen Groß",
            "Jürgen sagte, jürgen auch; Jürgens Idee",
            "[name] sagte, [name] auch; Jürgens Idee",
        ),
        ("José García", "José's team and Josefina", "[name]'s team and Josefina"),
        ("José García", "Jose\u0301 said", "[name] said"),
        ("Siobhan O'Brien", "O’Brien agreed", "[name] agreed"),
        ("Anne-Marie Dubois", "Anne-Marie left; Anne stayed", "[name] left; Anne stayed"),
        ("Maria de la Cruz", "de la empresa, Cruz said", "de la empresa, [name] said"),
        # At the edges of the text and next to punctuation.
        ("Dana Smith", "Dana", "[name]"),
        ("Dana Smith", "Dana, (Smith) and «Dana».", "[name], ([name]) and «[name]»."),
        ("Dana Smith", "thanks Dana!", "thanks [name]!"),
        ("Dana Smith", "Dana's idea, Dana-led", "[name]'s idea, [name]-led"),
        ("Dana Smith", "DANA  SMITH wrote", "[name] wrote"),
    ],
)
def test_names_are_masked_as_whole_words_only(name: str, text: str, expected: str) -> None:
    assert redact_personal_data(text, [name]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "we were 12345 people, 20250101 was the date",
        "ticket 12345-A, room 12345",
    ],
)
def test_a_number_is_never_a_name(text: str) -> None:
    names = identifying_names("Dana Smith", "20250101@corp.test", "12345")
    assert redact_personal_data(text, names) == text


def test_an_address_holding_a_name_keeps_its_own_label_when_not_asked_for() -> None:
    text = "Dana wrote from dana.x@corp.test"
    spans = find_personal_data(text, {Kind.PHONE}, Names.of_people(["Dana X"]))
    assert [(span.kind, span.text) for span in spans] == [
        (Kind.NAME, "Dana"),
        (Kind.EMAIL, "dana.x@corp.test"),
    ]


@pytest.mark.parametrize(
    ("known", "text", "masked"),
    [
        (
            ["José O'Brien", "Anne-Marie Dubois"],
            "José O'Brien told Anne-Marie Dubois.",
            "Person A told Person B.",
        ),
        (["Will Smith"], "Will Smith said I will leave", "Person A said I will leave"),
        (["Mark Jones"], "Mark Jones saw the market", "Person A saw the market"),
    ],
)
def test_pseudonyms_round_trip(known: list[str], text: str, masked: str) -> None:
    pseudo = Pseudonymiser(known)
    assert pseudo.mask(text) == masked
    assert pseudo.restore(pseudo.mask(text)) == text


def test_pseudonyms_leave_words_sharing_letters_and_mask_links_whole() -> None:
    pseudo = Pseudonymiser(["Dana Example"])
    assert pseudo.mask("Dana: see https://dana.example/docs, 2025 every Annual") == (
        "Person A: see [link], 2025 every Annual"
    )
