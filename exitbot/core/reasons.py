"""Words that point to a reason for leaving (``Reason``), per language, and how they match.

Two kinds of words per reason:

- ``names`` name the reason outright ("pay", "manager", "burnout"): they count in an HR
  question ("why did people leave over pay?") and in an employee's answer;
- ``cues`` only hint at it ("team", "hours", "moving"): they count in an answer, where the
  scripted report needs every hint it can get, but not in a question, where they would turn
  "which team left?" into a filter on culture.

One matching rule for both: a term matches at the start of a word; a plain term must end where
the word ends, a plural "s" or "es" allowed ("benefits", "bosses"); a term ending in "*" may
run on ("relocat*" matches relocate, relocating, relocation). Spaces in a term match any
space, and "_" in the text reads as a space ("career_growth").

The table is per language: another language is another ``TERMS`` entry of the same shape.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from exitbot.core.report import Reason


@dataclass(frozen=True, slots=True)
class ReasonTerms:
    names: tuple[str, ...]
    cues: tuple[str, ...] = ()


ENGLISH: Mapping[Reason, ReasonTerms] = {
    Reason.COMPENSATION: ReasonTerms(
        names=(
            "compensation",
            "pay",
            "paid",
            "underpaid",
            "salary",
            "salaries",
            "money",
            "bonus",
            "equity",
            "wage",
            "benefit",
        ),
        cues=("raise",),
    ),
    Reason.CAREER_GROWTH: ReasonTerms(
        names=("career growth", "career", "growth", "promotion", "progression", "development"),
        cues=("grow*", "promot*", "learn*", "progress*", "opportunit*", "develop*", "advance*"),
    ),
    Reason.MANAGEMENT: ReasonTerms(
        names=("management", "manager", "boss", "leadership", "supervisor", "micromanag*"),
        cues=("lead",),
    ),
    Reason.CULTURE: ReasonTerms(
        names=("culture", "toxic", "toxicity", "politics", "inclusion"),
        cues=("colleague", "environment", "team", "values"),
    ),
    Reason.WORKLOAD: ReasonTerms(
        names=(
            "workload",
            "burnout",
            "burned out",
            "burnt out",
            "overwork*",
            "overtime",
            "stress*",
        ),
        cues=("hours", "too much work", "on-call", "on call", "exhaust*"),
    ),
    Reason.ROLE_FIT: ReasonTerms(
        names=("role fit", "job fit", "fit"),
        cues=("role", "responsibilit*", "boring", "bored", "not a fit", "job itself", "challeng*"),
    ),
    Reason.RELOCATION: ReasonTerms(
        names=("relocat*", "commut*"),
        cues=("moving", "move to", "moved", "another city", "another country", "remote"),
    ),
    Reason.PERSONAL: ReasonTerms(
        names=("personal", "family", "health"),
        cues=("baby", "partner", "parent*", "study", "school", "sabbatical"),
    ),
    Reason.COMPANY_DIRECTION: ReasonTerms(
        names=("company direction", "direction", "strategy", "reorg*", "restructur*", "layoff"),
        cues=("vision", "leadership changes", "future of the company"),
    ),
}

GERMAN: Mapping[Reason, ReasonTerms] = {
    Reason.COMPENSATION: ReasonTerms(
        names=("gehalt*", "bezahlung", "lohn", "löhne", "vergütung", "geld", "bonus", "boni"),
        cues=("unterbezahlt", "benefits", "zusatzleistungen", "gehaltserhöhung"),
    ),
    Reason.CAREER_GROWTH: ReasonTerms(
        names=("karriere*", "beförder*", "aufstieg*", "weiterentwicklung", "entwicklung*"),
        cues=("lernen", "gelernt", "wachsen", "wachstum", "perspektive*", "chancen"),
    ),
    Reason.MANAGEMENT: ReasonTerms(
        names=("chef", "chefin", "vorgesetzte*", "führung*", "manager*", "management"),
        cues=("leitung", "teamleit*"),
    ),
    Reason.CULTURE: ReasonTerms(
        names=("kultur", "unternehmenskultur", "toxisch*", "klima"),
        cues=("kollegen", "kolleginnen", "team", "umfeld", "stimmung", "werte"),
    ),
    Reason.WORKLOAD: ReasonTerms(
        names=("arbeitsbelastung", "überlast*", "burnout", "überstunden", "stress*"),
        cues=("zu viel arbeit", "stunden", "bereitschaft", "erschöpf*"),
    ),
    Reason.ROLE_FIT: ReasonTerms(
        names=("rolle", "stelle passte"),
        cues=("aufgaben", "langweilig*", "unterfordert", "verantwortung*"),
    ),
    Reason.RELOCATION: ReasonTerms(
        names=("umzug", "umziehen", "pendeln", "arbeitsweg"),
        cues=("andere stadt", "anderes land", "homeoffice", "remote"),
    ),
    Reason.PERSONAL: ReasonTerms(
        names=("persönlich*", "familie*", "gesundheit*"),
        cues=("kinder", "nachwuchs", "partnerin", "eltern", "studium", "auszeit"),
    ),
    Reason.COMPANY_DIRECTION: ReasonTerms(
        names=("strategie", "ausrichtung", "umstrukturierung*", "entlassungen"),
        cues=("vision", "zukunft des unternehmens"),
    ),
}

SPANISH: Mapping[Reason, ReasonTerms] = {
    Reason.COMPENSATION: ReasonTerms(
        names=("sueldo", "salario*", "paga", "pago", "dinero", "bonus", "retribución"),
        cues=("mal pagado", "beneficios", "aumento"),
    ),
    Reason.CAREER_GROWTH: ReasonTerms(
        names=("carrera", "ascenso*", "promoción", "crecimiento", "desarrollo"),
        cues=("aprender", "crecer", "oportunidad*", "progres*"),
    ),
    Reason.MANAGEMENT: ReasonTerms(
        names=("jefe", "jefa", "gerente", "responsable", "dirección", "liderazgo", "manager"),
    ),
    Reason.CULTURE: ReasonTerms(
        names=("cultura", "tóxic*", "ambiente"),
        cues=("compañeros", "equipo", "valores"),
    ),
    Reason.WORKLOAD: ReasonTerms(
        names=("carga de trabajo", "agotamiento", "burnout", "horas extra", "estrés"),
        cues=("demasiado trabajo", "horas", "guardias", "agotad*"),
    ),
    Reason.ROLE_FIT: ReasonTerms(
        names=("puesto", "rol"),
        cues=("tareas", "aburrid*", "responsabilidad*"),
    ),
    Reason.RELOCATION: ReasonTerms(
        names=("mudanza", "mudarme", "trayecto", "desplazamiento"),
        cues=("otra ciudad", "otro país", "remoto", "teletrabajo"),
    ),
    Reason.PERSONAL: ReasonTerms(
        names=("motivos personales", "personales", "familia*", "salud"),
        cues=("hijo*", "pareja", "padres", "estudios"),
    ),
    Reason.COMPANY_DIRECTION: ReasonTerms(
        names=("estrategia", "rumbo", "reestructuración", "despidos"),
        cues=("visión", "futuro de la empresa"),
    ),
}

FRENCH: Mapping[Reason, ReasonTerms] = {
    Reason.COMPENSATION: ReasonTerms(
        names=("salaire*", "rémunération", "paie", "argent", "prime", "primes"),
        cues=("sous-payé*", "avantages", "augmentation"),
    ),
    Reason.CAREER_GROWTH: ReasonTerms(
        names=("carrière", "promotion", "évolution", "développement"),
        cues=("apprendre", "progress*", "opportunité*", "grandir"),
    ),
    Reason.MANAGEMENT: ReasonTerms(
        names=("manager", "managers", "chef", "cheffe", "responsable", "direction", "management"),
    ),
    Reason.CULTURE: ReasonTerms(
        names=("culture", "toxique", "ambiance"),
        cues=("collègues", "équipe", "valeurs"),
    ),
    Reason.WORKLOAD: ReasonTerms(
        names=("charge de travail", "épuisement", "burn-out", "burnout", "heures sup*", "stress"),
        cues=("trop de travail", "heures", "astreinte*", "épuisé*"),
    ),
    Reason.ROLE_FIT: ReasonTerms(
        names=("poste", "rôle"),
        cues=("tâches", "ennuy*", "responsabilité*"),
    ),
    Reason.RELOCATION: ReasonTerms(
        names=("déménage*", "trajet*"),
        cues=("autre ville", "autre pays", "télétravail"),
    ),
    Reason.PERSONAL: ReasonTerms(
        names=("raisons personnelles", "personnelle*", "famille", "familial*", "santé"),
        cues=("enfant*", "conjoint*", "parents", "études"),
    ),
    Reason.COMPANY_DIRECTION: ReasonTerms(
        names=("stratégie", "restructuration", "licenciements"),
        cues=("vision", "avenir de l'entreprise"),
    ),
}

TERMS: Mapping[str, Mapping[Reason, ReasonTerms]] = {
    "en": ENGLISH,
    "de": GERMAN,
    "es": SPANISH,
    "fr": FRENCH,
}
ALL_LANGUAGES = tuple(TERMS)


def reasons_in(
    text: str, *, with_cues: bool, languages: Iterable[str] = ("en",)
) -> tuple[Reason, ...]:
    """The reasons ``text`` points to, in the order they first appear."""
    lowered = text.lower().replace("_", " ")
    first: dict[Reason, int] = {}
    for language in languages:
        for reason, pattern in _patterns(language, with_cues).items():
            if match := pattern.search(lowered):
                first[reason] = min(first.get(reason, match.start()), match.start())
    return tuple(sorted(first, key=lambda reason: first[reason]))


@functools.cache
def _patterns(language: str, with_cues: bool) -> dict[Reason, re.Pattern[str]]:
    patterns = {}
    for reason, terms in TERMS[language].items():
        words = terms.names + (terms.cues if with_cues else ())
        patterns[reason] = re.compile(
            r"(?<!\w)(?:" + "|".join(_term_pattern(w) for w in words) + ")"
        )
    return patterns


def _term_pattern(term: str) -> str:
    if term.endswith("*"):
        return r"\s+".join(re.escape(part) for part in term[:-1].split())
    return r"\s+".join(re.escape(part) for part in term.split()) + r"(?:e?s)?(?!\w)"
