"""Words that point to a reason for leaving (``Reason``), per language, and how they match.

Two kinds of words per reason:

- ``names`` name the reason outright ("pay", "manager", "burnout"): they count in an HR
  question ("why did people leave over pay?") and in an employee's answer;
- ``cues`` only hint at it ("team", "hours", "moving"): they count in an answer, where the
  scripted report needs every hint it can get, but not in a question, where they would turn
  "which team left?" into a filter on culture.

One matching rule for both: a term matches at the start of a word; a plain term must end where
the word ends, a plural "s" or "es" allowed ("benefits", "bosses"); a word ending in "*" may
run on ("relocat*" matches relocate, relocating, relocation; "mangel* an" matches "mangels
an"). Spaces in a term match any space, and "_" in the text reads as a space
("career_growth"). Where terms overlap the longest counts, and a mention the text denies ("it
was not about the money", "pay was never the issue") points to nothing.

The table is per language: another language is another ``TERMS`` entry of the same shape.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
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
            "pay freeze",
            "a raise",
            "pay raise",
            "salary raise",
            "raises",
            "no raise",
            "fair raise",
            "proper raise",
            "raise requests",
        ),
        cues=("payslip", "cost of living"),
    ),
    Reason.CAREER_GROWTH: ReasonTerms(
        names=(
            "career growth",
            "career",
            "growth",
            "promotion",
            "progression",
            "development",
            "lead role",
            "lead position",
            "senior role",
            "step up",
            "next level",
        ),
        cues=(
            "grow*",
            "promot*",
            "learn*",
            "progress*",
            "opportunit*",
            "develop*",
            "advance*",
            "future for myself",
            "mentoring",
            "chance to lead",
            "lead a project",
        ),
    ),
    Reason.MANAGEMENT: ReasonTerms(
        names=(
            "management",
            "manager",
            "boss",
            "leadership",
            "supervisor",
            "director",
            "micromanag*",
        ),
        cues=("lead",),
    ),
    Reason.CULTURE: ReasonTerms(
        names=("culture", "toxic", "toxicity", "politics", "inclusion"),
        cues=(
            "colleague",
            "coworker",
            "environment",
            "team",
            "values",
            "morale",
            "harass*",
            "bully*",
            "discriminat*",
            "sexual comments",
            "cliques",
        ),
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
        cues=(
            "hours",
            "too much work",
            "on-call",
            "on call",
            "exhaust*",
            "deadline",
            "short-staffed",
            "understaffed",
            "hour weeks",
            "more people",
            "more staff",
            "hire more",
            "second person",
            "another person",
            "extra hands",
            "more hands",
        ),
    ),
    Reason.ROLE_FIT: ReasonTerms(
        names=("role fit", "job fit", "fit"),
        cues=(
            "role",
            "responsibilit*",
            "boring",
            "bored",
            "not a fit",
            "job itself",
            "challeng*",
            "repetitive",
            "same tasks",
            "two jobs",
            "what was described",
            "what i was hired for",
            "job description",
        ),
    ),
    Reason.RELOCATION: ReasonTerms(
        names=("relocat*", "commut*"),
        cues=(
            "moving",
            "move abroad",
            "move back",
            "moved",
            "another city",
            "another country",
            "remote",
            "on the train",
            "in traffic",
        ),
    ),
    Reason.PERSONAL: ReasonTerms(
        names=("personal", "family", "health", "personal project"),
        cues=(
            "baby",
            "partner",
            "parent*",
            "study",
            "studies",
            "school",
            "university",
            "sabbatical",
            "retir*",
            "mother",
            "father",
            "career break",
            "take a break",
            "my own business",
            "self-employed",
        ),
    ),
    Reason.COMPANY_DIRECTION: ReasonTerms(
        names=(
            "company direction",
            "direction",
            "strategy",
            "leadership's strategy",
            "leadership strategy",
            "reorg*",
            "restructur*",
            "layoff",
        ),
        cues=("vision", "leadership changes", "future of the company"),
    ),
}

GERMAN: Mapping[Reason, ReasonTerms] = {
    Reason.COMPENSATION: ReasonTerms(
        names=("gehalt*", "bezahlung", "lohn", "löhne", "vergütung", "geld", "bonus", "boni"),
        cues=("unterbezahlt", "benefits", "zusatzleistungen", "gehaltserhöhung", "marktgerecht*"),
    ),
    Reason.CAREER_GROWTH: ReasonTerms(
        names=("karriere*", "beförder*", "aufstieg*", "weiterentwicklung", "entwicklung*"),
        cues=("lernen", "gelernt", "wachsen", "wachstum", "perspektive*", "chancen"),
    ),
    Reason.MANAGEMENT: ReasonTerms(
        names=(
            "chef",
            "chefin",
            "chefs",
            "vorgesetzte*",
            "führung*",
            "manager*",
            "management",
            "mikromanag*",
        ),
        cues=("leitung", "teamleit*"),
    ),
    Reason.CULTURE: ReasonTerms(
        names=("kultur", "unternehmenskultur", "toxisch*", "klima"),
        cues=(
            "kollegen",
            "kolleginnen",
            "team",
            "umfeld",
            "stimmung",
            "werte",
            "belästig*",
            "diskriminier*",
            "mobbing",
            "gemobbt",
        ),
    ),
    Reason.WORKLOAD: ReasonTerms(
        names=("arbeitsbelastung", "überlast*", "burnout", "überstunden", "stress*"),
        cues=("zu viel arbeit", "stunden", "bereitschaft", "erschöpf*", "mehr personal"),
    ),
    Reason.ROLE_FIT: ReasonTerms(
        names=("stelle passte", "passte nicht"),
        cues=("rolle", "aufgaben", "langweilig*", "unterfordert", "verantwortung*"),
    ),
    Reason.RELOCATION: ReasonTerms(
        names=("umzug", "umziehen", "pendeln", "arbeitsweg", "ziehe nach", "ziehen nach"),
        cues=(
            "andere stadt",
            "anderes land",
            "homeoffice",
            "remote*",
            "wegzieh*",
            "ziehe mit",
            "pro strecke",
        ),
    ),
    Reason.PERSONAL: ReasonTerms(
        names=("persönlich*", "familie*", "gesundheit*"),
        cues=(
            "kinder",
            "nachwuchs",
            "partnerin",
            "eltern",
            "studium",
            "auszeit",
            "ruhestand",
            "rente",
            "kürzertreten",
            "kürzer treten",
            "selbstständig*",
            "selbständig*",
        ),
    ),
    Reason.COMPANY_DIRECTION: ReasonTerms(
        names=(
            "strategie",
            "ausrichtung",
            "umstrukturierung*",
            "entlassungen",
            "reorganisation*",
            "neuausrichtung",
        ),
        cues=("vision", "zukunft des unternehmens"),
    ),
}

SPANISH: Mapping[Reason, ReasonTerms] = {
    Reason.COMPENSATION: ReasonTerms(
        names=("sueldo", "salario*", "paga", "pago", "dinero", "bonus", "retribución"),
        cues=("mal pagado", "beneficios", "aumento", "nómina", "pagan", "pagaban", "subida"),
    ),
    Reason.CAREER_GROWTH: ReasonTerms(
        names=("carrera", "ascenso*", "promoción", "crecimiento", "desarrollo"),
        cues=("aprender", "crecer", "oportunidad*", "progres*", "promocionar", "veía futuro"),
    ),
    Reason.MANAGEMENT: ReasonTerms(
        names=(
            "jefe",
            "jefa",
            "gerente",
            "responsable",
            "dirección",
            "liderazgo",
            "manager",
            "microgestión",
        ),
    ),
    Reason.CULTURE: ReasonTerms(
        names=("cultura", "tóxic*", "ambiente"),
        cues=("compañeros", "equipo", "valores", "acoso", "discrimina*", "machista"),
    ),
    Reason.WORKLOAD: ReasonTerms(
        names=("carga de trabajo", "agotamiento", "burnout", "horas extra", "estrés"),
        cues=("demasiado trabajo", "horas", "guardias", "agotad*", "más gente", "contratar"),
    ),
    Reason.ROLE_FIT: ReasonTerms(
        names=("encaje", "no encajaba"),
        cues=(
            "puesto",
            "rol",
            "tareas",
            "aburrid*",
            "responsabilidad*",
            "repetitiv*",
            "me prometieron",
        ),
    ),
    Reason.RELOCATION: ReasonTerms(
        names=("mudanza", "mudarme", "me mudo", "trayecto", "desplazamiento"),
        cues=(
            "otra ciudad",
            "otro país",
            "remoto",
            "teletrabaj*",
            "cerca de casa",
            "horas en llegar",
        ),
    ),
    Reason.PERSONAL: ReasonTerms(
        names=("motivos personales", "personales", "proyecto personal", "familia*", "salud"),
        cues=("hijo*", "pareja", "padres", "estudios", "pausa en mi carrera", "por mi cuenta"),
    ),
    Reason.COMPANY_DIRECTION: ReasonTerms(
        names=("estrategia", "rumbo", "reestructuración", "reorganización", "despidos"),
        cues=("visión", "futuro de la empresa"),
    ),
}

FRENCH: Mapping[Reason, ReasonTerms] = {
    Reason.COMPENSATION: ReasonTerms(
        names=("salaire*", "rémunération", "paie", "argent", "prime", "primes", "payé*"),
        cues=("sous-payé*", "avantages", "augmentation"),
    ),
    Reason.CAREER_GROWTH: ReasonTerms(
        names=("carrière", "promotion", "évolution", "développement"),
        cues=("apprendre", "progress*", "opportunité*", "grandir"),
    ),
    Reason.MANAGEMENT: ReasonTerms(
        names=(
            "manager",
            "managers",
            "chef",
            "cheffe",
            "responsable",
            "direction",
            "management",
            "micromanagement",
        ),
    ),
    Reason.CULTURE: ReasonTerms(
        names=("culture", "toxique", "ambiance"),
        cues=("collègues", "équipe", "valeurs", "harcèlement", "harcel*", "discrimin*"),
    ),
    Reason.WORKLOAD: ReasonTerms(
        names=("charge de travail", "épuisement", "burn-out", "burnout", "heures sup*", "stress"),
        cues=("trop de travail", "heures", "astreinte*", "épuisé*", "embaucher"),
    ),
    Reason.ROLE_FIT: ReasonTerms(
        names=("adéquation", "ne correspondait pas"),
        cues=("poste", "rôle", "tâches", "ennuy*", "responsabilité*", "routinier", "routinière"),
    ),
    Reason.RELOCATION: ReasonTerms(
        names=("déménage*", "trajet*"),
        cues=("autre ville", "autre pays", "télétravail", "dans les transports"),
    ),
    Reason.PERSONAL: ReasonTerms(
        names=(
            "raisons personnelles",
            "personnelle*",
            "projet personnel",
            "famille",
            "familial*",
            "santé",
        ),
        cues=(
            "enfant*",
            "conjoint*",
            "parents",
            "études",
            "pause dans ma carrière",
            "faire une pause",
            "à mon compte",
        ),
    ),
    Reason.COMPANY_DIRECTION: ReasonTerms(
        names=("stratégie", "restructuration", "réorganisation", "licenciements"),
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


@dataclass(frozen=True, slots=True)
class ReasonMention:
    """Where ``text`` points to a reason: the words, whether they only hint at it (a cue),
    and whether the text denies it ("not about the money", "pay was never the issue")."""

    reason: Reason
    start: int
    end: int
    cue: bool
    denied: bool


def reasons_in(
    text: str, *, with_cues: bool, languages: Iterable[str] = ("en",)
) -> tuple[Reason, ...]:
    """The reasons ``text`` points to and does not deny, in the order they first appear."""
    found: list[Reason] = []
    for mention in reason_mentions(text, with_cues=with_cues, languages=languages):
        if not mention.denied and mention.reason not in found:
            found.append(mention.reason)
    return tuple(found)


def reason_mentions(
    text: str, *, with_cues: bool, languages: Iterable[str] = ("en",)
) -> tuple[ReasonMention, ...]:
    """Every place ``text`` points to a reason, in order. Where terms overlap the longest
    wins ("lead role" is growth, not "lead" management and "role" fit), so one phrase is one
    reason."""
    lowered = text.lower().replace("_", " ")
    chosen = tuple(languages)
    candidates: list[tuple[int, int, Reason, bool]] = []
    for language in chosen:
        for reason, (names, cues) in _patterns(language, with_cues).items():
            candidates += [(m.start(), m.end(), reason, False) for m in find_all(names, lowered)]
            if cues is not None:
                candidates += [(m.start(), m.end(), reason, True) for m in find_all(cues, lowered)]
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[3]))
    kept: list[tuple[int, int, Reason, bool]] = []
    for candidate in candidates:
        if all(candidate[1] <= k[0] or candidate[0] >= k[1] for k in kept):
            kept.append(candidate)
    kept.sort()
    return tuple(
        ReasonMention(reason, start, end, cue, _denied(lowered, start, end, chosen))
        for start, end, reason, cue in kept
    )


def find_all(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Every match of ``pattern`` in ``text``, overlapping ones included ("faire une pause"
    and "pause dans ma carrière"), so that the longest can win."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        yield match
        position = match.start() + 1


def term_pattern(term: str) -> str:
    """The regular expression for one term, by the matching rule above; a word of the term
    ending in "*" runs on to the end of that word (without the check that the term starts a
    word: ``compile_terms`` adds it)."""
    parts = [
        re.escape(part[:-1]) + r"\w*" if part.endswith("*") else re.escape(part)
        for part in term.split()
    ]
    ending = "" if term.endswith("*") else r"(?:e?s)?(?!\w)"
    return r"\s+".join(parts) + ending


def compile_terms(terms: Iterable[str]) -> re.Pattern[str]:
    """One pattern matching any of ``terms`` at the start of a word (in lower-case text)."""
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(term_pattern(t) for t in ordered) + ")")


@functools.cache
def _patterns(
    language: str, with_cues: bool
) -> dict[Reason, tuple[re.Pattern[str], re.Pattern[str] | None]]:
    return {
        reason: (
            compile_terms(terms.names),
            compile_terms(terms.cues) if with_cues and terms.cues else None,
        )
        for reason, terms in TERMS[language].items()
    }


# What denies a reason, per language: words just before it ("not about the", "nicht wegen
# des", "no por el", "pas pour le"), or just after it in the same sentence ("... was never
# the issue"). A bare negation does not deny: "not paid enough", "kein Gehalt", "no growth"
# and "pas d'évolution" are complaints about the reason, not denials of it.
_CONNECTORS: Mapping[str, str] = {
    "en": r"(?:about|because|of|due|to|over|for|the|my|our|his|her|their|a|an|any|even|really"
    r"|just|only|so|much|that|mainly|mostly|primarily|actually|at|all)",
    "de": r"(?:wegen|am|an|um|des|der|dem|den|die|das|mein\w*|unser\w*|sein\w*|ihr\w*|nur"
    r"|wirklich|eigentlich|so|sehr)",
    "es": r"(?:por|el|la|los|las|lo|de|del|mi|mis|nuestro\w*|su|sus|solo|realmente|tanto"
    r"|tema)",
    "fr": r"(?:pour|à|a|cause|de|du|des|le|la|les|l'|l’|mon|ma|mes|notre|nos|son|sa|ses|que"
    r"|vraiment|seulement|tant|question)",
}
_DENIALS_BEFORE: Mapping[str, str] = {
    "en": r"(?:\bnot|n't|n’t|\bnever)(?:\s+" + _CONNECTORS["en"] + r"\b)+\s*$"
    r"|\bnothing\s+to\s+do\s+with(?:\s+" + _CONNECTORS["en"] + r"\b)*\s*$"
    r"|\bno\s+(?:problems?|issues?|complaints?)\s+(?:with|about)(?:\s+"
    + _CONNECTORS["en"]
    + r"\b)*\s*$",
    "de": r"\b(?:nicht|nie)(?:\s+" + _CONNECTORS["de"] + r"\b)+\s*$"
    r"|\bnichts\s+mit(?:\s+" + _CONNECTORS["de"] + r"\b)*\s*$",
    "es": r"\b(?:no|nunca)(?:\s+(?:fue|es|era|ha\s+sido))?(?:\s+" + _CONNECTORS["es"] + r"\b)+\s*$"
    r"|\bnada\s+que\s+ver\s+con(?:\s+" + _CONNECTORS["es"] + r"\b)*\s*$",
    "fr": r"\b(?:pas|jamais)(?:\s+(?:pour|à\s+cause\s+d[eu']?|le|la|les|l['’]|mon|ma|mes"
    r"|vraiment|seulement)\b)+\s*$"
    r"|\brien\s+à\s+voir\s+avec(?:\s+" + _CONNECTORS["fr"] + r"\b)*\s*$",
}
_DENIALS_AFTER: Mapping[str, str] = {
    "en": r"^[^.!?;]{0,40}?\b(?:was|were|is|are|wasn't|isn't|weren't|that's|that\s+is"
    r"|that\s+was|it's|it\s+was)?\s*(?:not|never|n't)\s+(?:really\s+)?(?:the|an?|my)?\s*"
    r"(?:issue|problem|reason|factor|driver|point|why)\b",
    "de": r"^[^.!?;]{0,40}?\b(?:war|ist|waren|sind)\s+(?:nicht|nie)\s+(?:das|der|ein|mein)?\s*"
    r"(?:problem|grund|thema)\b|^[^.!?;]{0,40}?\bspielte\s+keine\s+rolle\b",
    "es": r"^[^.!?;]{0,40}?\bno\s+(?:fue|era|es|ha\s+sido)\s+(?:el|un|mi)?\s*"
    r"(?:problema|motivo|razón|tema)\b",
    "fr": r"^[^.!?;]{0,40}?\b(?:n['’]|ne\s+)(?:était|est|a\s+été)\s+pas\s+(?:le|la|un|une)?\s*"
    r"(?:problème|raison|souci|sujet)\b",
}
_BEFORE_WINDOW = 40


@functools.cache
def _denial_patterns(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(_DENIALS_BEFORE[language]), re.compile(_DENIALS_AFTER[language])


def _denied(lowered: str, start: int, end: int, languages: tuple[str, ...]) -> bool:
    before = re.split(r"[.!?;:,]", lowered[max(0, start - _BEFORE_WINDOW) : start])[-1]
    after = lowered[end:]
    for language in languages:
        if language not in _DENIALS_BEFORE:
            continue
        denied_before, denied_after = _denial_patterns(language)
        if denied_before.search(before) or denied_after.search(after):
            return True
    return False
