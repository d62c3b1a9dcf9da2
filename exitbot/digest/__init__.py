"""The HR digest: built from stored reports with SQL aggregates, rendered per platform."""

from exitbot.digest.builder import Digest, DigestBuilder, Period
from exitbot.digest.text import render_text

__all__ = ["Digest", "DigestBuilder", "Period", "render_text"]
