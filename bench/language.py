"""Language detection and per-language sentiment: memory, build time and per-message time.

Each configuration runs in a fresh interpreter so that its memory is its own. Figures:

- RSS: resident memory after the imports, then the growth from building the detector (or the
  sentiment lexicons) and from the first message (lingua's lazy mode loads models then).
- build / first: seconds to build, milliseconds for the first message.
- p50 / p99 per message, warm, for short chat replies (1-8 words) and long answers (~700 chars).
- detection accuracy on labelled messages this bench carries (not the ones the thresholds in
  exitbot/language/detection.py were tuned on): right / wrong / None.

    python bench/language.py
    python bench/language.py --repeat 50
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

LANGUAGES = ("en", "de", "es", "fr")

# (text, expected language or None), none of them in the tuning set.
LABELLED: list[tuple[str, str | None]] = [
    ("My manager rarely had time for one-to-ones", "en"),
    ("The salary was fair but the hours were long", "en"),
    ("I got no feedback at all", "en"),
    ("We were understaffed for months", "en"),
    ("I enjoyed the projects", "en"),
    ("Honestly it was a great place to work", "en"),
    ("Unser Team war chaotisch organisiert", "de"),
    ("Ich hatte keine Perspektive mehr", "de"),
    ("Die Kollegen waren sehr hilfsbereit", "de"),
    ("Es gab ständig Überstunden", "de"),
    ("Mein Vertrag wurde nicht verlängert", "de"),
    ("Das Gehalt war in Ordnung", "de"),
    ("No tenía tiempo para mi familia", "es"),
    ("Mis compañeros eran muy amables", "es"),
    ("El ambiente de trabajo era malo", "es"),
    ("Nunca me dieron un aumento", "es"),
    ("Me gustaban los proyectos", "es"),
    ("Había demasiadas horas extra", "es"),
    ("Mon manager ne m'écoutait jamais", "fr"),
    ("Les horaires étaient trop lourds", "fr"),
    ("Mes collègues étaient très sympas", "fr"),
    ("Je n'avais aucune reconnaissance", "fr"),
    ("Le travail était intéressant", "fr"),
    ("Il y avait trop de pression", "fr"),
    ("It was okay overall", "en"),
    ("Too much overtime", "en"),
    ("I felt undervalued", "en"),
    ("Better offer elsewhere", "en"),
    ("Es war stressig", "de"),
    ("Zu viele Überstunden", "de"),
    ("Ich fühlte mich übergangen", "de"),
    ("Besseres Angebot woanders", "de"),
    ("Fue muy estresante", "es"),
    ("Demasiadas horas extra", "es"),
    ("Me sentí infravalorado", "es"),
    ("Mejor oferta en otra empresa", "es"),
    ("C'était stressant", "fr"),
    ("Trop d'heures supplémentaires", "fr"),
    ("Je me sentais sous-estimé", "fr"),
    ("Meilleure offre ailleurs", "fr"),
    ("klingt gut", "de"),
    ("vielen Dank", "de"),
    ("de acuerdo", "es"),
    ("bien sûr", "fr"),
    ("no thanks", "en"),
    ("ok", None),
    ("10", None),
    ("👍", None),
    ("Lucía", None),
    ("Jean Dupont", None),
    ("hmm", None),
]
SHORT = [text for text, _ in LABELLED]
LONG = [" ".join(text for text, language in LABELLED if language == code) * 3 for code in LANGUAGES]
SENTIMENT_SHORT = {
    "en": ["The pay was low", "Great team, I loved it", "My manager never listened"],
    "de": ["Das Gehalt war zu niedrig", "Das Team war toll", "Mein Chef war nicht fair"],
    "fr": ["Le salaire était trop bas", "L'équipe était super", "Mon chef n'était pas juste"],
}
SENTIMENT_LONG = {code: [" ".join(texts) * 8] for code, texts in SENTIMENT_SHORT.items()}


def rss_mib() -> float:
    """Resident memory now (Linux /proc), or the peak where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def per_call_ms(call: Callable[[str], object], texts: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter()
            call(text)
            times.append((time.perf_counter() - start) * 1000)
    return times


def percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
    }


def child_detector(preload: bool, low_accuracy: bool, repeat: int) -> dict[str, Any]:
    rss_start = rss_mib()
    from exitbot.language.detection import LanguageDetector

    rss_imported = rss_mib()
    start = time.perf_counter()
    detector = LanguageDetector(LANGUAGES, preload=preload, low_accuracy=low_accuracy)
    build_s = time.perf_counter() - start
    rss_built = rss_mib()
    start = time.perf_counter()
    detector.detect(SHORT[0])
    first_ms = (time.perf_counter() - start) * 1000
    rss_first = rss_mib()
    right = wrong = unsure = 0
    for text, expected in LABELLED:
        got = detector.detect(text)
        if got == expected:
            right += 1
        elif got is None:
            unsure += 1
        else:
            wrong += 1
    return {
        "import_mib": rss_imported - rss_start,
        "build_mib": rss_built - rss_imported,
        "first_mib": rss_first - rss_built,
        "build_s": build_s,
        "first_ms": first_ms,
        "short": percentiles(per_call_ms(detector.detect, SHORT, repeat)),
        "long": percentiles(per_call_ms(detector.detect, LONG, repeat)),
        "accuracy": (right, wrong, unsure),
    }


def child_sentiment(repeat: int) -> dict[str, Any]:
    rss_start = rss_mib()
    start = time.perf_counter()
    from exitbot.language.sentiment import MultilingualSentiment

    import_s = time.perf_counter() - start
    rss_imported = rss_mib()
    start = time.perf_counter()
    sentiment = MultilingualSentiment()
    build_s = time.perf_counter() - start
    rss_built = rss_mib()
    calls = {}
    for code in sentiment.languages:

        def score(text: str, code: str = code) -> object:
            return sentiment.score(text, code)

        calls[code] = {
            "short": percentiles(per_call_ms(score, SENTIMENT_SHORT[code], repeat * 10)),
            "long": percentiles(per_call_ms(score, SENTIMENT_LONG[code], repeat)),
        }
    return {
        "import_mib": rss_imported - rss_start,
        "build_mib": rss_built - rss_imported,
        "import_s": import_s,
        "build_s": build_s,
        "calls": calls,
    }


def run_child(*args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over each message set")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        if kind == "detector":
            result = child_detector(rest[0] == "preload", rest[1] == "low", args.repeat)
        else:
            result = child_sentiment(args.repeat)
        print(json.dumps(result))
        return

    print(f"language detection ({', '.join(LANGUAGES)}), {len(LABELLED)} labelled messages")
    print(
        f"{'mode':<22}{'import':>8}{'build':>8}{'1st msg':>8} MiB{'build':>8}{'1st':>9}"
        f"{'short p50/p99':>17}{'long p50/p99':>17}  right/wrong/None"
    )
    for preload in ("preload", "lazy"):
        for accuracy in ("high", "low"):
            r = run_child("detector", preload, accuracy, "--repeat", str(args.repeat))
            short, long = r["short"], r["long"]
            print(
                f"{preload + ', ' + accuracy + ' accuracy':<22}{r['import_mib']:>8.1f}"
                f"{r['build_mib']:>8.1f}{r['first_mib']:>8.1f}    {r['build_s']:>7.2f}s"
                f"{r['first_ms']:>7.1f}ms{short['p50']:>8.3f}/{short['p99']:.3f}ms"
                f"{long['p50']:>8.3f}/{long['p99']:.3f}ms  {'/'.join(map(str, r['accuracy']))}"
            )

    r = run_child("sentiment", "--repeat", str(args.repeat))
    print()
    print(
        f"sentiment: import {r['import_s']:.2f}s (+{r['import_mib']:.1f} MiB), "
        f"MultilingualSentiment() {r['build_s']:.2f}s (+{r['build_mib']:.1f} MiB)"
    )
    for code, timing in r["calls"].items():
        short, long = timing["short"], timing["long"]
        print(
            f"  {code}: short p50 {short['p50']:.3f} ms (p99 {short['p99']:.3f}), "
            f"long p50 {long['p50']:.3f} ms (p99 {long['p99']:.3f})"
        )


if __name__ == "__main__":
    main()
