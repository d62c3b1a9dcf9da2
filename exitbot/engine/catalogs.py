"""Message catalogs: the bot's texts and the built-in plan in each configured language.

Catalogs are gettext ``.po`` files under ``exitbot/locales/<language>/LC_MESSAGES/exitbot.po``
(read with Babel, so no compile step is needed). A language without a catalog, or a message
missing from one, falls back to English rather than failing an interview.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources

from babel.messages.pofile import read_po

from exitbot.core.plan import QuestionPlan, Topic
from exitbot.engine.texts import Texts, Translate

DOMAIN = "exitbot"


class Catalogs:
    """The translations of every configured language, loaded once (in the bootstrap)."""

    def __init__(self, translations: Mapping[str, Mapping[str, str]] | None = None) -> None:
        known = {code: messages for code, messages in (translations or {}).items() if messages}
        self._translations: dict[str, Mapping[str, str]] = {"en": {}, **known}
        self._texts = {code: self._build_texts(code) for code in self._translations}
        # Every turn asks for its plan in the interview's language: translate each plan once.
        self._plans: dict[tuple[int, str], tuple[QuestionPlan, QuestionPlan]] = {}

    @classmethod
    def load(cls, languages: Sequence[str]) -> Catalogs:
        """The packaged catalogs of ``languages`` (English needs none)."""
        return cls({code: read_catalog(code) for code in languages if code != "en"})

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._translations)

    def supports(self, language: str | None) -> bool:
        return language in self._translations

    def texts(self, language: str | None) -> Texts:
        return self._texts.get(language or "en", self._texts["en"])

    def localize_plan(self, plan: QuestionPlan, language: str | None) -> QuestionPlan:
        """``plan`` with each topic's wording in ``language``: a custom plan's own
        translations first, then the catalog (which knows the built-in plan), else English."""
        if not language or language == "en" or language not in self._translations:
            return plan
        known = self._plans.get((id(plan), language))
        if known is not None and known[0] is plan:
            return known[1]
        gettext = self.texts(language).gettext
        topics = [_localize_topic(topic, language, gettext) for topic in plan.topics]
        localized = plan.model_copy(update={"topics": topics})
        self._plans[(id(plan), language)] = (plan, localized)
        return localized

    def _build_texts(self, language: str) -> Texts:
        messages = self._translations[language]
        if not messages:
            return Texts("en")
        return Texts(language, lambda text: messages.get(text) or text)


def _localize_topic(topic: Topic, language: str, translate: Translate) -> Topic:
    own = topic.translations.get(language)
    return topic.model_copy(
        update={
            "title": (own.title if own and own.title else None) or translate(topic.title),
            "question": (own.question if own else None) or translate(topic.question),
            "followup": (own.followup if own and own.followup else None)
            or translate(topic.followup),
        }
    )


def read_catalog(language: str) -> dict[str, str]:
    """The translated messages of one packaged catalog; empty when there is none."""
    path = resources.files("exitbot").joinpath("locales", language, "LC_MESSAGES", f"{DOMAIN}.po")
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }
