"""The digest's chart: reasons by count and the sentiment trend, as a PNG.

Uses matplotlib's object API with the Agg canvas (no pyplot, no global figure state, no
display), so it is safe in a server and in threads. Rendering takes a few hundred
milliseconds, so async callers should use ``render_chart_async``.
"""

from __future__ import annotations

import asyncio
import io
from datetime import tzinfo

from exitbot.digest.builder import Digest
from exitbot.digest.labels import reason_label


def render_chart(digest: Digest, tz: tzinfo) -> bytes | None:
    """A PNG with reasons by count and the sentiment trend; None when there is nothing to plot."""
    trend = [p for p in digest.sentiment_trend if p.average_sentiment is not None]
    if not digest.top_reasons and not trend:
        return None

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 3.6), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    reasons_axes, trend_axes = figure.subplots(1, 2, width_ratios=[1.2, 1])

    reasons = list(reversed(digest.top_reasons))
    reasons_axes.barh(
        [reason_label(r.reason.value) for r in reasons],
        [r.count for r in reasons],
        color="#4a7bd0",
    )
    reasons_axes.set_title("Reasons for leaving")
    reasons_axes.set_xlabel("interviews")
    reasons_axes.xaxis.get_major_locator().set_params(integer=True)
    if not reasons:
        reasons_axes.text(0.5, 0.5, "no completed interviews", ha="center", va="center")
        reasons_axes.set_yticks([])

    labels = [p.period_end.astimezone(tz).strftime("%d %b") for p in digest.sentiment_trend]
    values = [
        p.average_sentiment if p.average_sentiment is not None else float("nan")
        for p in digest.sentiment_trend
    ]
    trend_axes.plot(labels, values, marker="o", color="#d0704a")
    trend_axes.axhline(0, color="#999999", linewidth=0.8)
    trend_axes.set_ylim(-1.05, 1.05)
    trend_axes.set_title("Average sentiment by period")
    trend_axes.tick_params(axis="x", labelrotation=30)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


async def render_chart_async(digest: Digest, tz: tzinfo) -> bytes | None:
    """``render_chart`` in a worker thread, so the event loop keeps serving."""
    return await asyncio.to_thread(render_chart, digest, tz)
