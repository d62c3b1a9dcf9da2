"""What HR may see of the person behind an interview (DESIGN 7).

Every query of this package passes names and employee text through an ``Identity`` as it
leaves the store, so the name or platform id of an anonymous interview never reaches
formatting, let alone a chat message. Which names identify someone, and how they are masked,
is ``exitbot.privacy``'s one rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from exitbot.digest.builder import ANONYMOUS
from exitbot.privacy.personal_data import Names, identifying_names
from exitbot.privacy.redaction import neutralize_mentions, redact_personal_data

ERASED = "(erased)"


@dataclass(frozen=True, slots=True)
class Identity:
    anonymous: bool
    display_name: str | None
    platform_user_id: str
    email: str | None = None
    erased: bool = False

    @property
    def label(self) -> str:
        """How the person is named to HR: "Anonymous" when they chose it."""
        if self.anonymous:
            return ANONYMOUS
        if self.erased:
            return ERASED
        return neutralize_mentions(self.display_name or self.platform_user_id)

    def shown(self, text: str) -> str:
        """Employee or model text as HR may read it in this interview: never able to ping,
        and for an anonymous interview without the person's names, ids, email or phone."""
        if self.anonymous:
            return self.redacted(text)
        return neutralize_mentions(text)

    def redacted(self, text: str) -> str:
        """Text with all personal data masked, whatever the interview (quotes across people)."""
        return redact_personal_data(text, self.names)

    @property
    def names(self) -> Names:
        return identifying_names(self.display_name, self.email, self.platform_user_id)
