"""Fixtures shared by the digest and scheduler tests (see tests.digest.harness)."""

from tests.digest.harness import slack_api, wired

__all__ = ["slack_api", "wired"]
