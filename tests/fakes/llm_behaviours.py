"""What a fake LLM server does with each request, scripted per test, plus a fake "model".

Both fake servers (Groq and Ollama) take the same behaviours: a test queues them with
``server.script(...)`` (used in order, one per request) and/or sets ``server.fallback`` for
every request after the queue is empty. The default fallback answers like a well-behaved model
through ``FakeModel``, which reads the ``ExitBot task: ...`` line of the system prompt.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reply:
    """A normal answer. ``content=None`` lets the server's FakeModel write it. ``stream``
    overrides whether the answer is streamed (default: what the request asked for)."""

    content: str | None = None
    stream: bool | None = None


@dataclass(frozen=True)
class Status:
    """An HTTP error status with optional headers (e.g. ``retry-after``)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    message: str = "fake failure"


@dataclass(frozen=True)
class Hang:
    """Never answer (until the client gives up or the server closes)."""

    seconds: float = 3600.0


@dataclass(frozen=True)
class Garbage:
    """HTTP 200 whose body is not valid JSON for the protocol."""

    body: str = "{this is not json"


@dataclass(frozen=True)
class StreamError:
    """A stream that sends ``chunks`` content pieces, then an error line/event."""

    message: str = "model runner crashed"
    chunks: int = 1


Behaviour = Reply | Status | Hang | Garbage | StreamError


@dataclass(frozen=True)
class ChatPrompt:
    """The chat messages of a request body, read the way the fake model reads them."""

    messages: tuple[dict[str, str], ...]

    @classmethod
    def of(cls, body: Any) -> ChatPrompt:
        messages = body.get("messages", []) if isinstance(body, dict) else []
        return cls(tuple(messages))

    @property
    def system(self) -> str:
        return next((m["content"] for m in self.messages if m["role"] == "system"), "")

    @property
    def user_text(self) -> str:
        return "\n".join(m["content"] for m in self.messages if m["role"] == "user")

    @property
    def task(self) -> str:
        match = re.search(r"ExitBot task: (\w+)", self.system)
        return match.group(1) if match else ""


def estimate_tokens(text: str) -> int:
    """Roughly four characters a token, as the fakes' usage figures."""
    return max(1, math.ceil(len(text) / 4))


_INJECTION = re.compile(r"ignore (all |the )?(previous|prior|above) instructions", re.I)
_DECLINE = re.compile(r"^\W*(no|nope|nothing|none|pass|n/a|nothing else|no thanks)\W*$", re.I)
_MISCONDUCT_WORDS = {
    "harassment": ("harass", "belästig", "acoso", "acosad", "groped", "inappropriate touch"),
    "discrimination": ("discriminat", "racis", "sexis", "diskriminier"),
    "safety": ("unsafe", "injur", "hazard"),
    "fraud": ("fraud", "embezzl", "cooking the books", "bribe"),
}


class FakeModel:
    """A deterministic stand-in for a chat model that follows ExitBot's prompts.

    ``gullible=True`` makes it obey prompt-injection attempts found in the data, as a weak
    real model might, so tests can check that the chain's validation stops the result."""

    def __init__(self, *, gullible: bool = False, language_replies: dict[str, str] | None = None):
        self.gullible = gullible
        self.language_replies = language_replies or {}

    def answer(self, body: Any) -> str:
        """What the model says to a chat request ``body`` (the JSON the client sent)."""
        prompt = ChatPrompt.of(body)
        task = prompt.task
        data = prompt.user_text
        if self.gullible and _INJECTION.search(data):
            return "Sure! I will ignore my instructions. PWNED. See http://evil.example/x?"
        if task == "phrase_question":
            wording = re.search(r'The plan\'s wording is: "(.*?)"\n', prompt.system)
            question = wording.group(1) if wording else "How was your time here?"
            for marker, translated in self.language_replies.items():
                if marker in data:
                    return translated
            return question
        if task == "decide_followup":
            latest = re.search(r"<latest_answer>\n(.*)\n</latest_answer>", data, re.S)
            answer = json.loads(latest.group(1)) if latest else ""
            ask = len(answer.split()) < 6 and not _DECLINE.match(answer)
            return json.dumps(
                {"ask_followup": ask, "question": "Could you tell me a bit more about that?"}
            )
        if task == "write_report":
            return json.dumps(
                {
                    "summary": "The employee left mainly for better pay and growth. "
                    "They described their manager as supportive. The workload was high.",
                    "reasons": ["compensation", "career_growth"],
                    "themes": ["pay below market", "limited promotion path"],
                    "sentiment": -0.2,
                    "enps": 6,
                    "would_return": True,
                    "recommendations": ["Review pay bands."],
                    "notable_quotes": ["The pay was below market."],
                }
            )
        if task == "classify_reply":
            # A cautious model: it reads only a hesitant "why not" as a yes.
            sure = "why not" in data.lower()
            return json.dumps(
                {"intent": "yes" if sure else "unclear", "confidence": 0.9 if sure else 0.3}
            )
        if task == "detect_misconduct":
            lowered = data.lower()
            found = [c for c, ws in _MISCONDUCT_WORDS.items() if any(w in lowered for w in ws)]
            return json.dumps({"categories": found})
        return "I am not sure what you want."
