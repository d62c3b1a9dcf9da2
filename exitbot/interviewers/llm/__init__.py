"""The resilient LLM layer: Groq, then Ollama, then the scripted interviewer (DESIGN 8a).

Public surface: ``build_llm_layer(settings)`` wires everything; ``LLMChain`` is the
``Interviewer``; ``LLMMisconductDetector`` the detector; ``LLMMetrics`` the counters.
"""

from exitbot.interviewers.llm.breaker import BreakerState, CircuitBreaker
from exitbot.interviewers.llm.chain import LLMChain
from exitbot.interviewers.llm.factory import (
    BreakerSettings,
    LLMLayer,
    build_llm_layer,
    configured_providers,
)
from exitbot.interviewers.llm.metrics import LLMMetrics, LLMMetricsSnapshot, ProviderSnapshot
from exitbot.interviewers.llm.misconduct import LLMMisconductDetector
from exitbot.interviewers.llm.retry import RetryPolicy

__all__ = [
    "BreakerSettings",
    "BreakerState",
    "CircuitBreaker",
    "LLMChain",
    "LLMLayer",
    "LLMMetrics",
    "LLMMetricsSnapshot",
    "LLMMisconductDetector",
    "ProviderSnapshot",
    "RetryPolicy",
    "build_llm_layer",
    "configured_providers",
]
