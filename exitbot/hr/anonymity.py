"""What HR may see of the person behind an interview (DESIGN 7).

Every query of this package passes names and employee text through an ``Identity`` as it
leaves the database, so the name or platform id of an anonymous interview never reaches
formatting, let alone a chat message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from exitbot.digest.builder import ANONYMOUS
from exitbot.privacy.redaction import EMAIL, neutralize_mentions, redact_personal_data

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
        and for an anonymous interview without the person's name, id, email or phone."""
        if self.anonymous:
            return self.redacted(text)
        return neutralize_mentions(text)

    def shown_report(self, text: str) -> str:
        """Model-written report text as HR may read it. The model only ever saw masked text,
        so for an anonymous interview names, ids and emails are masked but number patterns
        are left alone (the phone pattern would eat figures like "+0.27). 10")."""
        if not self.anonymous:
            return neutralize_mentions(text)
        text = EMAIL.sub("[email]", neutralize_mentions(text))
        for name in sorted({n for n in self._names() if len(n) >= 2}, key=len, reverse=True):
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "[name]", text, flags=re.IGNORECASE)
        return text

    def redacted(self, text: str) -> str:
        """Text with all personal data masked, whatever the interview (quotes across people)."""
        return redact_personal_data(text, self._names())

    def _names(self) -> list[str]:
        names = [self.platform_user_id]
        if self.display_name:
            names.append(self.display_name)
            names.extend(part for part in self.display_name.split() if len(part) >= 3)
        if self.email:
            names.append(self.email.split("@", 1)[0])
        return names
