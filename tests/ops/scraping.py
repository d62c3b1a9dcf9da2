"""Scraping a running ExitBot's ``/metrics`` the way Prometheus does, and reading samples."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
from prometheus_client.parser import text_string_to_metric_families


@dataclass(frozen=True, slots=True)
class Scrape:
    status: int
    content_type: str
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float]

    def value(self, name: str, **labels: str) -> float:
        """The sample ``name`` with exactly ``labels``; 0 when absent (a series not yet born)."""
        return self.samples.get((name, frozenset(labels.items())), 0.0)

    def has(self, name: str) -> bool:
        return any(sample_name == name for sample_name, _ in self.samples)


async def scrape(
    session: aiohttp.ClientSession, base_url: str, headers: dict[str, str] | None = None
) -> Scrape:
    async with session.get(f"{base_url}/metrics", headers=headers or {}) as response:
        text = await response.text()
        content_type = response.headers.get("Content-Type", "")
        if response.status != 200:
            return Scrape(response.status, content_type, {})
    samples = {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
    return Scrape(response.status, content_type, samples)
