"""The values that travel between the chain and a provider: one request, one completion.

Plain frozen dataclasses so that a provider never sees our domain objects (interviews,
transcripts) and the chain never sees an SDK's types.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ChatRole(StrEnum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"


class Purpose(StrEnum):
    """Why a call is made; used for limits, logs and metrics."""

    QUESTION = "question"
    FOLLOWUP = "followup"
    REPORT = "report"
    MISCONDUCT = "misconduct"
    REPLY_INTENT = "reply_intent"


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: ChatRole
    content: str

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role.value, "content": self.content}


@dataclass(frozen=True, slots=True)
class CompletionRequest:
    """One chat call. ``max_tokens`` is mandatory: no call may leave its output unbounded."""

    messages: tuple[ChatMessage, ...]
    max_tokens: int
    purpose: Purpose
    temperature: float = 0.3
    json_mode: bool = False

    def __post_init__(self) -> None:
        if self.max_tokens <= 0:
            raise ValueError("max_tokens must be positive")

    @property
    def prompt_chars(self) -> int:
        return sum(len(m.content) for m in self.messages)


@dataclass(frozen=True, slots=True)
class Completion:
    """What a provider answered, with the token counts it reported (0 when it reported none)."""

    text: str
    provider: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
