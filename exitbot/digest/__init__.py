"""The HR digest: built from stored reports with SQL aggregates, as a neutral Document."""

from exitbot.digest.builder import Digest, DigestBuilder, Period
from exitbot.digest.document import digest_document

__all__ = ["Digest", "DigestBuilder", "Period", "digest_document"]
