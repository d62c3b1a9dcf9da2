"""The structured report stored for every completed interview (DESIGN section 6)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Reason(StrEnum):
    """The fixed taxonomy of reasons for leaving."""

    COMPENSATION = "compensation"
    CAREER_GROWTH = "career_growth"
    MANAGEMENT = "management"
    CULTURE = "culture"
    WORKLOAD = "workload"
    ROLE_FIT = "role_fit"
    RELOCATION = "relocation"
    PERSONAL = "personal"
    COMPANY_DIRECTION = "company_direction"
    OTHER = "other"


class ReportSource(StrEnum):
    LLM = "llm"
    SCRIPTED = "scripted"


class InterviewReport(BaseModel):
    """What the LLM must return as JSON, and what the scripted fallback builds."""

    model_config = ConfigDict(extra="ignore")

    summary: str = Field(min_length=1, max_length=2000)
    reasons: list[Reason] = Field(default_factory=list, max_length=5)
    themes: list[str] = Field(default_factory=list, max_length=10)
    sentiment: float = Field(ge=-1.0, le=1.0)
    enps: int | None = Field(default=None, ge=0, le=10)
    would_return: bool | None = None
    recommendations: list[str] = Field(default_factory=list, max_length=10)
    notable_quotes: list[str] = Field(default_factory=list, max_length=5)

    @field_validator("reasons")
    @classmethod
    def _dedupe_reasons(cls, reasons: list[Reason]) -> list[Reason]:
        return list(dict.fromkeys(reasons))

    @field_validator("themes", "recommendations", "notable_quotes")
    @classmethod
    def _clean_strings(cls, values: list[str]) -> list[str]:
        return [v.strip()[:300] for v in values if v and v.strip()]
