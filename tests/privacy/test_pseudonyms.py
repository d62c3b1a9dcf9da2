"""Pseudonymisation before any prompt."""

from __future__ import annotations

from exitbot.privacy.pseudonyms import Pseudonymiser


def test_contact_details_ids_and_links_are_masked() -> None:
    text = (
        "Mail me at dana.smith@corp.test or call +44 20 7946 0958. My Slack is U0123ABCD9, "
        "Teams 29:1abcDEFghiJKL, see https://intranet.corp.test/x and ping @jordan"
    )
    masked = Pseudonymiser().mask(text)
    for secret in ("dana.smith", "7946", "U0123ABCD9", "29:1abc", "intranet", "@jordan"):
        assert secret not in masked
    assert "[email]" in masked and "[phone]" in masked and "[id]" in masked


def test_known_names_become_stable_labels_in_any_case() -> None:
    pseudo = Pseudonymiser(["Dana Smith"])
    assert pseudo.mask("dana smith here, Dana for short, Smith at work") == (
        "Person A here, Person A for short, Person A at work"
    )


def test_names_introduced_by_role_or_title_are_learnt() -> None:
    pseudo = Pseudonymiser(
        texts=["My manager Sarah Lee never listened.", "Then Dr. Okafor joined as CTO."]
    )
    masked = pseudo.mask("Sarah ignored me and Okafor agreed with Sarah Lee.")
    assert masked == "Person A ignored me and Person B agreed with Person A."


def test_ordinary_words_after_role_words_are_not_names() -> None:
    pseudo = Pseudonymiser(
        texts=["My manager was great. The HR team helped. My boss, He was fine. My lead never did."]
    )
    assert pseudo.labels == {}


def test_learnt_names_match_only_capitalised() -> None:
    pseudo = Pseudonymiser(texts=["my manager Grace was kind"])
    assert pseudo.mask("Grace gave us a grace period") == "Person A gave us a grace period"


def test_restore_turns_labels_back_into_names() -> None:
    pseudo = Pseudonymiser(texts=["My manager Sarah Lee never listened."])
    assert pseudo.restore("What could Person A have done?") == "What could Sarah Lee have done?"


def test_self_introductions_are_learnt() -> None:
    pseudo = Pseudonymiser(texts=["Hi, I am Dana Smith and this is hard. I am tired."])
    assert pseudo.mask("Dana Smith, i.e. Dana") == "Person A, i.e. Person A"
    assert set(pseudo.labels) == {"Dana Smith", "Dana", "Smith"}


def test_links_are_masked_whole_even_when_they_hold_a_name() -> None:
    pseudo = Pseudonymiser(["Dana Smith"])
    masked = pseudo.mask(
        "My page https://dana-smith.example/cv, Dana. See <https://x.example|Dana>"
    )
    assert masked == "My page [link], Person A. See [link]"


def test_full_names_can_be_learnt_from_a_text_without_a_cue() -> None:
    pseudo = Pseudonymiser()
    pseudo.learn_full_names("Priya Raman never gave feedback. The Team was nice. Mein Chef auch.")
    assert pseudo.mask("Priya Raman, Raman, the Team, Mein Chef") == (
        "Person A, Person A, the Team, Mein Chef"
    )
