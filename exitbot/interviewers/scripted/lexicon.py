"""Words that say how an employee felt about something, in the four plan languages.

A report says what was said about each topic ("pay below market", "supportive manager"), so
it needs the words that judge, not a message-level score: VADER reads "below market,
benefits okay" as positive, and Spanish has no offline scorer at all. Each ``Entry`` is one
judgement with its words in every language and the English label a theme uses; terms follow
the taxonomy's matching rule (``exitbot.core.reasons.compile_terms``: a term starts a word,
"*" lets it run on).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from exitbot.core.reasons import ALL_LANGUAGES, compile_terms
from exitbot.core.report import Reason


class Aspect(StrEnum):
    """What a statement is about, as a theme names it."""

    PAY = "pay"
    BENEFITS = "benefits"
    BONUS = "bonus"
    PAY_RISE = "pay rise"
    CAREER_GROWTH = "career growth"
    MANAGER = "manager"
    CULTURE = "culture"
    TEAM = "team"
    WORKLOAD = "workload"
    TOOLS = "tools"
    PROCESSES = "processes"
    ROLE = "role"
    COMMUTE = "commute"
    REMOTE_WORK = "remote work"
    LOCATION = "location"
    PERSONAL = "personal circumstances"
    COMPANY_DIRECTION = "company direction"


ASPECT_REASON: Mapping[Aspect, Reason | None] = {
    Aspect.PAY: Reason.COMPENSATION,
    Aspect.BENEFITS: Reason.COMPENSATION,
    Aspect.BONUS: Reason.COMPENSATION,
    Aspect.PAY_RISE: Reason.COMPENSATION,
    Aspect.CAREER_GROWTH: Reason.CAREER_GROWTH,
    Aspect.MANAGER: Reason.MANAGEMENT,
    Aspect.CULTURE: Reason.CULTURE,
    Aspect.TEAM: Reason.CULTURE,
    Aspect.WORKLOAD: Reason.WORKLOAD,
    Aspect.TOOLS: None,
    Aspect.PROCESSES: None,
    Aspect.ROLE: Reason.ROLE_FIT,
    Aspect.COMMUTE: Reason.RELOCATION,
    Aspect.REMOTE_WORK: Reason.RELOCATION,
    Aspect.LOCATION: Reason.RELOCATION,
    Aspect.PERSONAL: Reason.PERSONAL,
    Aspect.COMPANY_DIRECTION: Reason.COMPANY_DIRECTION,
}

REASON_ASPECT: Mapping[Reason, Aspect] = {
    Reason.COMPENSATION: Aspect.PAY,
    Reason.CAREER_GROWTH: Aspect.CAREER_GROWTH,
    Reason.MANAGEMENT: Aspect.MANAGER,
    Reason.CULTURE: Aspect.CULTURE,
    Reason.WORKLOAD: Aspect.WORKLOAD,
    Reason.ROLE_FIT: Aspect.ROLE,
    Reason.RELOCATION: Aspect.LOCATION,
    Reason.PERSONAL: Aspect.PERSONAL,
    Reason.COMPANY_DIRECTION: Aspect.COMPANY_DIRECTION,
}

Terms = Mapping[str, tuple[str, ...]]
PEOPLE = frozenset({Aspect.MANAGER, Aspect.TEAM, Aspect.CULTURE})
MONEY = frozenset({Aspect.PAY, Aspect.BENEFITS, Aspect.BONUS, Aspect.PAY_RISE})
MONEY_OR_GROWTH = MONEY | {Aspect.CAREER_GROWTH}


@dataclass(frozen=True, slots=True)
class Appraisal:
    """A judgement and how a theme puts it: ``label`` before the aspect ("supportive
    manager") or after it ("pay below market"); ``standalone`` labels need no aspect
    ("harassment reported")."""

    label: str
    polarity: float
    before: bool = True
    aspect: Aspect | None = None
    wish: bool = False
    """A comparative ("better", "higher"): said of leaving, it names what was missing here
    rather than praising anything."""
    standalone: bool = False
    about: frozenset[Aspect] | None = None
    """The only aspects the words can describe ("supportive" people, "frozen" pay), or
    None for any."""
    fits: Aspect | None = None
    """What the words usually describe in the tools-and-workload topic ("outdated" tools,
    "chaotic" processes)."""


@dataclass(frozen=True, slots=True)
class Entry:
    appraisal: Appraisal
    terms: Terms


def _entry(
    label: str,
    polarity: float,
    *,
    after: bool = False,
    aspect: Aspect | None = None,
    wish: bool = False,
    standalone: bool = False,
    about: frozenset[Aspect] | None = None,
    fits: Aspect | None = None,
    en: tuple[str, ...] = (),
    de: tuple[str, ...] = (),
    es: tuple[str, ...] = (),
    fr: tuple[str, ...] = (),
) -> Entry:
    appraisal = Appraisal(label, polarity, not after, aspect, wish, standalone, about, fits)
    return Entry(appraisal, {"en": en, "de": de, "es": es, "fr": fr})


ENTRIES: tuple[Entry, ...] = (
    # --- concerns --------------------------------------------------------------------
    _entry(
        "below market",
        about=MONEY_OR_GROWTH,
        polarity=-0.8,
        after=True,
        aspect=Aspect.PAY,
        en=(
            "below market",
            "below the market",
            "below-market",
            "under market",
            "under the market",
            "below what similar companies pay",
            "below what other companies pay",
            "less than the market",
            "compared to the market",
        ),
        de=(
            "unter dem markt*",
            "unter markt*",
            "unterhalb des markt*",
            "unter dem durchschnitt",
        ),
        es=("por debajo del mercado", "debajo del mercado", "inferior al mercado"),
        fr=(
            "en dessous du marché",
            "en-dessous du marché",
            "sous le marché",
            "inférieur au marché",
            "inférieure au marché",
        ),
    ),
    _entry(
        "too low",
        -0.7,
        after=True,
        aspect=Aspect.PAY,
        en=(
            "underpaid",
            "not paid enough",
            "poorly paid",
            "badly paid",
            "paid too little",
            "paid less",
        ),
        de=("unterbezahlt", "schlecht bezahlt", "schlechter bezahlt", "weniger bezahlt"),
        es=("mal pagad*", "mal remunerad*", "pagaban menos", "pagan menos", "cobraba menos"),
        fr=("sous-payé*", "mal payé*", "moins bien payé*", "moins payé*"),
    ),
    _entry(
        "unpaid",
        -0.6,
        after=True,
        aspect=Aspect.PAY,
        en=("unpaid", "not paid", "never paid", "isn't paid", "aren't paid", "wasn't paid"),
        de=("unbezahlt", "nicht bezahlt", "nicht vergütet"),
        es=("no se pagan", "no se paga", "no se pagaban", "sin pagar", "no pagan"),
        fr=("non payé*", "pas payé*", "non rémunéré*", "pas rémunéré*"),
    ),
    _entry(
        "too low",
        -0.6,
        after=True,
        en=("too low", "far too low", "low", "lower"),
        de=("zu niedrig*", "niedrig*", "zu gering", "gering*"),
        es=("bajo", "baja", "demasiado bajo"),
        fr=("trop bas", "trop basse", "bas", "basse", "faible*"),
    ),
    _entry(
        "frozen",
        about=MONEY_OR_GROWTH,
        polarity=-0.6,
        after=True,
        en=("freeze", "frozen", "froze"),
        de=("eingefroren", "nullrunde*"),
        es=("congelad*",),
        fr=("gelé*", "gel des salaires"),
    ),
    _entry(
        "cut",
        about=MONEY_OR_GROWTH,
        polarity=-0.5,
        after=True,
        en=("was cut", "were cut", "slashed"),
        de=("gekürzt", "gestrichen"),
        es=("recortad*",),
        fr=("réduit*", "supprimé*"),
    ),
    _entry(
        "refused",
        about=MONEY_OR_GROWTH,
        polarity=-0.5,
        after=True,
        en=("turned down", "refused", "denied", "rejected"),
        de=("abgelehnt",),
        es=("rechazad*", "denegad*"),
        fr=("refusé*",),
    ),
    _entry(
        "stalled",
        -0.6,
        after=True,
        en=(
            "stalled",
            "stagnat*",
            "dried up",
            "disappeared",
            "plateaued",
            "dead end",
            "dead-end",
            "outgrew",
            "passed over",
        ),
        de=("stagniert*", "stillstand", "auf derselben stufe", "auf der gleichen stufe"),
        es=("estancad*", "desaparecieron"),
        fr=("stagn*", "disparu*"),
    ),
    _entry(
        "micromanaging",
        about=PEOPLE,
        polarity=-0.7,
        aspect=Aspect.MANAGER,
        en=("micromanag*",),
        de=("mikromanag*", "alles kontrolliert"),
        es=("microgestión", "lo controlaba todo"),
        fr=("micromanagement", "micro-management"),
    ),
    _entry(
        "toxic",
        -0.9,
        en=("toxic", "toxicity", "hostile", "poisonous"),
        de=("toxisch*", "feindselig*", "vergiftet*"),
        es=("tóxic*", "hostil*"),
        fr=("toxique*", "hostile*"),
    ),
    _entry(
        "political",
        -0.5,
        en=("political", "politics", "cliques", "gossip", "favouritism", "favoritism", "blame"),
        de=("politisch*", "lästern", "grüppchen", "vetternwirtschaft"),
        es=("favoritismo*", "chismes", "cotilleo*"),
        fr=("favoritisme*", "ragots", "clans"),
    ),
    _entry(
        "disrespectful",
        about=PEOPLE,
        polarity=-0.7,
        en=(
            "yelling",
            "yelled",
            "shouting",
            "shouted",
            "criticise*",
            "criticize*",
            "criticism",
            "humiliat*",
            "belittl*",
            "took credit",
            "rude",
            "disrespect*",
            "intimidat*",
            "not make a fuss",
            "not to make a fuss",
            "make a fuss",
            "protects people like",
        ),
        de=(
            "kritik",
            "kritisiert*",
            "angeschrien",
            "respektlos*",
            "bloßgestellt",
            "herablassend*",
            "schützt die falschen",
            "nicht so ernst nehmen",
        ),
        es=(
            "gritaba*",
            "gritos",
            "humill*",
            "falta de respeto",
            "se reía",
            "menosprecia*",
        ),
        fr=(
            "rabaiss*",
            "criait",
            "criaient",
            "humili*",
            "méprisant*",
            "irrespectueu*",
            "critiqu*",
            "ne pas faire de vagues",
            "faire de vagues",
            "protège les mauvaises personnes",
        ),
    ),
    _entry(
        "fearful",
        about=PEOPLE,
        polarity=-0.7,
        en=("scared", "afraid", "fear", "heads down", "nobody wants to be next", "eggshells"),
        de=("angst", "eingeschüchtert", "traut sich keiner"),
        es=("miedo", "nadie se atreve"),
        fr=("peur", "personne n'ose"),
    ),
    _entry(
        "unsupportive",
        about=PEOPLE,
        polarity=-0.5,
        en=(
            "unsupportive",
            "absent",
            "distant",
            "never available",
            "rarely available",
            "rarely had time",
            "never had time",
            "did nothing",
            "said nothing",
            "couldn't do anything",
            "could not do anything",
            "couldn't help",
            "didn't care",
            "ignored",
            "froze me out",
            "pressured",
            "kept promising",
        ),
        de=(
            "abwesend",
            "desinteressiert*",
            "hat nichts getan",
            "konnte nichts bewegen",
            "konnte nichts ändern",
            "nichts ändern",
            "weggeschaut",
            "ignoriert*",
            "unter druck gesetzt",
        ),
        es=(
            "ausente",
            "no hizo nada",
            "nunca hizo nada",
            "no tenía poder",
            "ignoraba*",
            "no hacía nada",
        ),
        fr=("absent*", "distant*", "n'a rien fait", "rien fait", "aucun levier", "ignor*"),
    ),
    _entry(
        "heavy",
        -0.6,
        en=(
            "heavy",
            "too much",
            "too many",
            "way too much",
            "overloaded",
            "overwhelm*",
            "overtime",
            "constant overtime",
            "short-staffed",
            "understaffed",
            "hour weeks",
            "every other weekend",
        ),
        de=("zu hoch", "zu viel*", "viel zu viel*", "überlast*", "überstunden", "überfordert"),
        es=(
            "demasiado",
            "demasiada",
            "horas extra",
            "sobrecarga*",
            "agobi*",
            "tan poca gente",
        ),
        fr=("trop de", "surcharg*", "heures sup*", "débordé*", "astreintes le week-end"),
    ),
    _entry(
        "unmanageable",
        -0.8,
        after=True,
        en=(
            "unmanageable",
            "unsustainable",
            "not sustainable",
            "impossible",
            "insane",
            "killing me",
        ),
        de=("nicht machbar", "unmöglich*", "nicht zu schaffen", "wahnsinn*"),
        es=("insostenible*", "imposible*", "inmanejable*", "una locura"),
        fr=("ingérable*", "intenable*", "impossible*", "insoutenable*"),
    ),
    _entry(
        "exhausting",
        -0.8,
        en=("exhausted", "exhausting", "burnout", "burned out", "burnt out", "drained"),
        de=("erschöpf*", "ausgebrannt", "burnout"),
        es=("agotad*", "agotamiento", "quemad*"),
        fr=("épuis*", "burn-out", "burnout"),
    ),
    _entry(
        "stressful",
        -0.5,
        en=("stress*",),
        de=("stress*",),
        es=("estrés", "estresad*", "estresante*"),
        fr=("stress*",),
    ),
    _entry("slow", -0.5, en=("slow",), de=("langsam*",), es=("lent*",), fr=("lent*",)),
    _entry(
        "outdated",
        fits=Aspect.TOOLS,
        polarity=-0.5,
        en=("outdated", "old", "legacy", "clunky", "ancient"),
        de=("veraltet*", "altmodisch*"),
        es=("obsolet*", "anticuad*"),
        fr=("obsolète*", "dépassé*"),
    ),
    _entry(
        "broken",
        fits=Aspect.TOOLS,
        polarity=-0.6,
        en=("broke", "broken", "buggy", "crash*", "unreliable", "kept failing"),
        de=("kaputt*", "stürzt* ab", "unzuverlässig*", "fehlerhaft*"),
        es=("roto", "rota", "rotos", "fallaba*", "se caía*"),
        fr=("plantent", "plantait", "cassé*", "en panne"),
    ),
    _entry(
        "chaotic",
        fits=Aspect.PROCESSES,
        polarity=-0.6,
        en=("chaotic", "chaos", "messy", "a mess", "disorganis*", "disorganiz*", "nobody knew"),
        de=("chaotisch*", "chaos", "niemand wusste", "durcheinander", "unorganisiert*"),
        es=("caos", "caótic*", "desorganizad*", "un desastre"),
        fr=("chaos", "chaotique*", "désorganis*", "bazar"),
    ),
    _entry(
        "boring",
        -0.5,
        en=("boring", "bored", "repetitive", "monotonous", "the same tasks"),
        de=("langweilig*", "eintönig*", "unterfordert", "monoton*"),
        es=("aburrid*", "repetitiv*", "monóton*"),
        fr=("ennuyeu*", "ennui", "routinier", "routinière", "répétiti*", "monotone*"),
    ),
    _entry(
        "too light",
        -0.4,
        after=True,
        en=("too light", "too little to do", "not enough to do"),
        de=("zu wenig zu tun",),
        es=("poco trabajo", "poco que hacer"),
        fr=("pas assez de travail", "trop peu de travail"),
    ),
    _entry(
        "not as described",
        -0.6,
        after=True,
        aspect=Aspect.ROLE,
        en=(
            "wasn't what was described",
            "not what was described",
            "not what i was hired for",
            "not as described",
            "not what was promised",
            "sold as",
            "bait and switch",
            "poor fit",
            "bad fit",
            "not a fit",
        ),
        de=("nicht wie beschrieben", "anders als versprochen", "passte nicht"),
        es=("no era lo que me prometieron", "no era lo prometido", "poco encaje"),
        fr=("pas ce qu'on m'avait promis", "ne correspondait pas", "pas ce qui était prévu"),
    ),
    _entry(
        "without prospects",
        -0.6,
        after=True,
        aspect=Aspect.CAREER_GROWTH,
        en=("didn't see a future", "don't see a future", "no future", "no prospects"),
        de=("keine zukunft", "keine perspektive*"),
        es=("no veía futuro", "sin futuro"),
        fr=("pas d'avenir", "aucun avenir", "aucune perspective*"),
    ),
    _entry(
        "limited",
        -0.5,
        after=True,
        en=("limited", "very limited", "barely possible", "hardly possible", "not much room"),
        de=("kaum möglich", "begrenzt*", "eingeschränkt*"),
        es=("limitad*", "escas*"),
        fr=("limité*", "peu possible"),
    ),
    _entry(
        "unclear",
        fits=Aspect.PROCESSES,
        polarity=-0.5,
        en=("unclear", "confusing", "vague", "nobody could explain", "no one could explain"),
        de=("unklar*", "undurchsichtig*", "niemand konnte erklären"),
        es=("poco clar*", "confus*", "nadie sabía"),
        fr=("flou*", "pas clair*", "confus*"),
    ),
    _entry(
        "unstable",
        -0.5,
        en=("kept changing", "constantly changing", "unstable", "instability", "constant reorg*"),
        de=("geändert", "instabil*", "ständig neu"),
        es=("cambiaba*", "inestab*"),
        fr=("changeait", "instab*"),
    ),
    _entry(
        "poor",
        -0.7,
        en=(
            "bad",
            "poor",
            "terrible",
            "awful",
            "horrible",
            "worst",
            "dreadful",
            "nightmare",
            "sucked",
            "lousy",
            "miserable",
            "worse",
        ),
        de=(
            "schlecht*",
            "furchtbar*",
            "schrecklich*",
            "katastroph*",
            "mies*",
            "miserabel*",
            "grauenhaft*",
        ),
        es=("mal", "malo", "mala", "horrible*", "terrible*", "pésim*", "fatal*"),
        fr=("mauvais*", "horrible*", "terrible*", "nul", "nulle*", "catastroph*"),
    ),
    _entry(
        "frustrating",
        -0.6,
        en=("frustrat*", "disappoint*", "demotivat*", "hated", "hate", "unhappy"),
        de=("frustrier*", "enttäusch*", "demotivier*", "unzufrieden*", "reicht es"),
        es=("frustra*", "decepcion*", "desmotiva*", "harta", "harto"),
        fr=("frustr*", "déçu*", "décevant*", "démotiv*"),
    ),
    _entry(
        "unfair",
        -0.6,
        en=("unfair", "unjust"),
        de=("unfair*", "ungerecht*"),
        es=("injust*",),
        fr=("injuste*",),
    ),
    _entry(
        "difficult",
        -0.5,
        en=("difficult", "hard", "painful", "tough", "struggl*", "uncomfortable"),
        de=("schwierig*", "anstrengend*", "mühsam*", "unangenehm*"),
        es=("difícil*", "duro", "dura", "complicad*", "incómod*"),
        fr=("difficile*", "dur", "dure", "compliqué*", "pénible*", "inconfortable*"),
    ),
    _entry(
        "mediocre",
        -0.25,
        after=True,
        en=("average", "mediocre", "meh", "so-so", "nothing special", "could be better"),
        de=("mittelmäßig*", "durchschnittlich*", "naja", "geht so"),
        es=("regular", "normalito", "mediocre*"),
        fr=("moyen*", "bof", "médiocre*", "sans plus"),
    ),
    _entry(
        "declining",
        -0.5,
        after=True,
        en=("dropped", "declined", "got worse", "went down", "worsened", "deteriorat*"),
        de=("gesunken", "schlechter geworden", "verschlechtert*"),
        es=("empeor*",),
        fr=("dégradé*", "empiré"),
    ),
    _entry(
        "problems",
        -0.4,
        after=True,
        en=("problem*", "issue*"),
        de=("problem*",),
        es=("problema*",),
        fr=("problème*", "souci*"),
    ),
    _entry(
        "safety concerns raised",
        -0.8,
        standalone=True,
        en=("unsafe", "dangerous", "injured", "injury", "get hurt", "gets hurt", "never serviced"),
        de=("unsicher*", "gefährlich*", "verletzt*"),
        es=("peligros*", "insegur*", "herid*"),
        fr=("dangereu*", "blessé*", "insécurit*"),
    ),
    _entry(
        "harassment reported",
        -0.9,
        aspect=Aspect.CULTURE,
        standalone=True,
        en=("harass*", "sexual comments", "groped", "bully*", "bullied"),
        de=("belästig*", "mobbing", "gemobbt"),
        es=("acoso", "acosad*"),
        fr=("harcèlement", "harcel*"),
    ),
    _entry(
        "discrimination reported",
        -0.9,
        aspect=Aspect.CULTURE,
        standalone=True,
        en=("discriminat*", "racis*", "sexis*"),
        de=("diskriminier*", "rassis*", "sexis*"),
        es=("discrimina*", "machista*", "racista*", "por ser mujer"),
        fr=("discrimin*", "sexis*", "racis*"),
    ),
    _entry(
        "asked to break the rules",
        -0.9,
        standalone=True,
        en=("falsif*", "backdate", "fraud*", "cook the books"),
        de=("fälsch*", "betrug*"),
        es=("falsific*", "fraude*"),
        fr=("falsifi*", "fraude*"),
    ),
    # --- praise --------------------------------------------------------------------------
    _entry(
        "great",
        0.7,
        en=(
            "great",
            "excellent",
            "fantastic",
            "amazing",
            "awesome",
            "wonderful",
            "brilliant",
            "best",
            "outstanding",
            "superb",
            "a pleasure",
            "incredible",
        ),
        de=(
            "toll*",
            "super",
            "großartig*",
            "hervorragend*",
            "ausgezeichnet*",
            "wunderbar*",
            "fantastisch*",
            "klasse",
            "spitze",
            "das beste",
            "genial*",
        ),
        es=(
            "genial*",
            "excelente*",
            "estupend*",
            "maravillos*",
            "fantástic*",
            "increíble*",
            "perfect*",
            "lo mejor",
            "gran",
            "lo único bueno",
        ),
        fr=(
            "génial*",
            "excellent*",
            "formidable*",
            "super",
            "fantastique*",
            "extraordinaire*",
            "parfait*",
            "adorable*",
            "la seule bonne chose",
        ),
    ),
    _entry(
        "good",
        0.5,
        en=(
            "good",
            "nice",
            "kind",
            "pleasant",
            "solid",
            "decent",
            "positive",
            "happy",
            "liked",
            "enjoy*",
            "glad",
            "helpful",
            "fun",
            "lovely",
            "loved",
            "love",
            "interesting",
        ),
        de=(
            "gut",
            "gute",
            "guter",
            "guten",
            "gutes",
            "nett*",
            "angenehm*",
            "positiv*",
            "zufrieden*",
            "mochte",
            "spaß",
            "interessant*",
            "schön*",
        ),
        es=(
            "buen",
            "buena",
            "bueno",
            "agradable*",
            "majo",
            "maja",
            "amable*",
            "simpátic*",
            "me gustaba",
            "contento",
            "contenta",
            "interesante*",
        ),
        fr=(
            "bon",
            "bonne",
            "sympa*",
            "agréable*",
            "gentil*",
            "aimable*",
            "aimais",
            "plaisait",
            "plaisir",
            "intéressant*",
            "content*",
            "heureu*",
        ),
    ),
    _entry(
        "supportive",
        about=PEOPLE,
        polarity=0.6,
        en=(
            "supportive",
            "understanding",
            "helped",
            "flexible",
            "backed me",
            "listened",
            "approachable",
            "had my back",
            "understood",
        ),
        de=(
            "hilfsbereit*",
            "verständnisvoll*",
            "unterstützend*",
            "unterstützt*",
            "flexibel*",
            "hat zugehört",
        ),
        es=("apoyo", "comprensiv*", "flexible*", "me ayudó", "ayudaba"),
        fr=("bienveillant*", "compréhensi*", "à l'écoute", "soutien", "m'a aidé*", "flexible*"),
    ),
    _entry(
        "friendly",
        about=PEOPLE,
        polarity=0.6,
        en=(
            "friendly",
            "collaborative",
            "inclusive",
            "welcoming",
            "held each other up",
            "supported each other",
            "helped each other",
            "close-knit",
            "tight-knit",
            "second family",
        ),
        de=("kollegial*", "zusammengehalten", "herzlich*", "familiär*"),
        es=("compañerismo", "unido", "unidos", "acogedor*", "colaborativ*"),
        fr=("soudé*", "chaleureu*", "accueillant*", "collaborati*"),
    ),
    _entry(
        "fair",
        0.4,
        en=("fair", "competitive", "generous", "reasonable"),
        de=("fair", "angemessen*", "ordentlich*", "großzügig*", "wettbewerbsfähig*"),
        es=("justo", "justa", "competitiv*", "razonable*", "generos*", "correct*"),
        fr=("correct*", "juste*", "compétiti*", "raisonnable*", "généreu*", "convenable*"),
    ),
    _entry(
        "okay",
        0.2,
        after=True,
        en=(
            "okay",
            "ok",
            "fine",
            "alright",
            "all right",
            "acceptable",
            "adequate",
            "normal",
            "no complaints",
        ),
        de=("okay", "ok", "in ordnung", "passt", "normal", "akzeptabel*", "alles gut"),
        es=("bien", "vale", "normal", "aceptable*", "todo bien"),
        fr=("ok", "okay", "ça va", "ça allait", "normal*", "acceptable*", "pas mal", "bien"),
    ),
    _entry(
        "manageable",
        0.3,
        after=True,
        en=("manageable", "doable", "under control", "light"),
        de=("machbar", "überschaubar*"),
        es=("llevadero", "manejable*"),
        fr=("gérable*", "supportable*"),
    ),
    _entry(
        "as expected",
        0.3,
        after=True,
        en=(
            "what i expected",
            "as expected",
            "what i signed up for",
            "matched",
            "suited me",
            "a great fit",
            "good fit",
            "fit overall",
        ),
        de=("wie erwartet", "gepasst", "passte gut", "genau richtig"),
        es=("encajaba", "lo que esperaba"),
        fr=("convenait", "correspondait", "ce que j'attendais"),
    ),
    _entry(
        "strong",
        0.5,
        en=(
            "learned a lot",
            "learned tons",
            "grew a lot",
            "plenty of",
            "many opportunities",
            "lots of opportunities",
            "progressed",
            "growing well",
            "i grew",
        ),
        de=("viel gelernt", "einiges gelernt", "viel lernen", "weiterentwickelt"),
        es=("aprendí bastante", "aprendí mucho", "he crecido", "crecido muchísimo"),
        fr=("beaucoup appris", "énormément progressé", "progressé", "beaucoup évolué"),
    ),
    _entry(
        "valued",
        0.3,
        en=("thank*", "grateful", "will miss", "i'll miss"),
        de=("danke*", "dankbar*", "vermissen", "schöne zeit"),
        es=("gracias", "agradecid*", "echaré de menos"),
        fr=("merci", "reconnaissant*", "regretterai"),
    ),
    _entry(
        "better",
        0.3,
        wish=True,
        en=("better", "higher"),
        de=("besser*", "höher*"),
        es=("mejor*",),
        fr=("meilleur*",),
    ),
)


@dataclass(frozen=True, slots=True)
class LackObject:
    """Something an employee can lack ("no training"), named in English, and the reason
    its lack points to (None when it belongs to whatever the sentence is about)."""

    noun: str
    reason: Reason | None
    terms: Terms = field(default_factory=dict)


def _lack(noun: str, reason: Reason | None, **terms: tuple[str, ...]) -> LackObject:
    return LackObject(noun, reason, terms)


LACK_OBJECTS: tuple[LackObject, ...] = (
    _lack(
        "career growth",
        Reason.CAREER_GROWTH,
        en=("path", "future", "room to grow", "lead position", "opportunit*", "chance*"),
        de=("perspektive*", "chancen", "aufstieg*"),
        es=("futuro", "oportunidad*"),
        fr=("perspective*", "opportunité*", "évolution"),
    ),
    _lack(
        "training",
        Reason.CAREER_GROWTH,
        en=("training", "training budget", "mentoring"),
        de=("weiterbildung*", "schulung*"),
        es=("formación", "formarse"),
        fr=("formation*", "former"),
    ),
    _lack("trust", None, en=("trust",), de=("vertrauen",), es=("confianza",), fr=("confiance",)),
    _lack(
        "feedback",
        None,
        en=("feedback",),
        de=("feedback", "rückmeldung*"),
        es=("feedback",),
        fr=("feedback", "retour*"),
    ),
    _lack(
        "recognition",
        None,
        en=("recognition", "credit"),
        de=("anerkennung", "wertschätzung"),
        es=("reconocimiento", "reconocía"),
        fr=("reconnaissance",),
    ),
    _lack(
        "time",
        None,
        en=("time",),
        de=("zeit",),
        es=("tiempo",),
        fr=("temps",),
    ),
    _lack(
        "staff",
        Reason.WORKLOAD,
        en=("headcount", "staff", "people"),
        de=("personal", "budget für neue leute", "neue leute", "leute"),
        es=("gente", "personal"),
        fr=("monde", "personnel"),
    ),
    _lack("pay rises", Reason.COMPENSATION, es=("aumento",), fr=("augmentation",)),
    _lack(
        "stability",
        Reason.COMPANY_DIRECTION,
        en=("stability",),
        de=("stabilität",),
        es=("estabilidad",),
        fr=("stabilité",),
    ),
    _lack(
        "remote work",
        Reason.RELOCATION,
        en=("remote option", "remote work", "working from home"),
        de=("homeoffice",),
        es=("teletrabajo",),
        fr=("télétravail",),
    ),
)

LACK_WORDS: Terms = {
    "en": (
        "no",
        "no clear",
        "no real",
        "lack of",
        "little",
        "not enough",
        "not much",
        "without",
        "zero",
        "few",
        "very few",
        "hardly any",
    ),
    "de": (
        "kein*",
        "kaum",
        "kaum noch",
        "wenig*",
        "mangel* an",
        "ohne",
        "fehlende*",
        "zu wenig",
    ),
    "es": (
        "sin",
        "ningún",
        "ninguna",
        "ninguno",
        "poco",
        "poca",
        "pocas",
        "pocos",
        "muy pocas",
        "falta de",
        "cero",
        "nunca hubo",
        "no había",
        "no hubo",
        "no veía",
        "nunca",
    ),
    "fr": (
        "pas de",
        "pas d'*",
        "pas le",
        "aucun*",
        "peu de",
        "peu d'*",
        "très peu d'*",
        "manque de",
        "manque d'*",
        "sans",
        "pas assez de",
    ),
}

NEGATIONS: Terms = {
    "en": ("not", "never", "no", "hardly", "barely", "nothing", "nobody", "none", "without"),
    "de": (
        "nicht",
        "kein",
        "keine",
        "keinen",
        "keiner",
        "nie",
        "niemals",
        "kaum",
        "nichts",
        "ohne",
    ),
    "es": ("no", "nunca", "ni", "tampoco", "apenas", "nada", "sin", "jamás"),
    "fr": ("pas", "jamais", "ne", "aucun", "aucune", "sans", "guère", "rien"),
}
NEGATED_WORD_ENDINGS = ("n't", "n’t")

INTENSIFIERS: Terms = {
    "en": (
        "very",
        "really",
        "extremely",
        "so",
        "super",
        "incredibly",
        "totally",
        "completely",
        "truly",
        "absolutely",
        "constant",
        "constantly",
    ),
    "de": ("sehr", "wirklich", "extrem", "total", "echt", "völlig", "absolut", "ständig*"),
    "es": ("muy", "realmente", "súper", "totalmente", "tan", "constante*"),
    "fr": ("très", "vraiment", "super", "extrêmement", "totalement", "tellement", "permanent*"),
}

HEDGES: Terms = {
    "en": (
        "sometimes",
        "occasionally",
        "at times",
        "a bit",
        "a little",
        "slightly",
        "somewhat",
        "kind of",
        "sort of",
        "partly",
        "most of the time",
        "otherwise",
    ),
    "de": ("manchmal", "etwas", "ein bisschen", "ein wenig", "teilweise", "zeitweise", "eher"),
    "es": ("a veces", "un poco", "algo", "en parte", "algunas épocas", "en algunas épocas"),
    "fr": ("parfois", "un peu", "de temps en temps", "en partie", "plutôt"),
}

STRESS: Terms = {
    "en": (
        "mainly",
        "mostly",
        "main reason",
        "above all",
        "especially",
        "primarily",
        "most of all",
        "biggest",
        "chiefly",
        "it was the",
        "honestly it was",
    ),
    "de": ("vor allem", "hauptsächlich", "hauptgrund", "in erster linie", "besonders"),
    "es": ("sobre todo", "principalmente", "motivo principal", "ante todo", "especialmente"),
    "fr": ("surtout", "principalement", "avant tout", "raison principale", "notamment"),
}

# Sarcasm turns an answer's praise into complaint ("Oh great, another reorg").
SARCASM: Terms = {
    "en": (
        "oh great",
        "oh joy",
        "yeah right",
        "yeah, right",
        "love how",
        "loved how",
        "just what",
        "thanks for nothing",
        "that's about it",
        "great for morale",
        "great for stability",
    ),
    "de": ("na toll", "na super", "na klasse", "klar doch", "super für die", "toll für die"),
    "es": ("qué maravilla", "claro, claro", "genial para la", "genial para el", "qué bien, otra"),
    "fr": ("génial, encore", "super, encore", "on y croit", "super pour la", "bravo"),
}
# A lone word of praise after a complaint reads as sarcasm ("Pay frozen for two years.
# Fantastic.").
LONE_PRAISE: Terms = {
    "en": ("fantastic", "great", "wonderful", "perfect", "brilliant", "lovely", "awesome"),
    "de": ("toll", "super", "klasse", "wunderbar", "prima", "fantastisch"),
    "es": ("fantástico", "genial", "perfecto", "maravilloso", "estupendo"),
    "fr": ("fantastique", "génial", "parfait", "super", "formidable", "bravo"),
}

ASPECT_WORDS: Mapping[Aspect, Terms] = {
    Aspect.TOOLS: {
        "en": ("tool*", "software", "equipment", "laptop*", "forklift*"),
        "de": ("tools", "werkzeug*", "software", "technik", "systeme"),
        "es": ("herramientas", "software", "equipos", "sistemas"),
        "fr": ("outils", "logiciel*", "matériel", "équipement*"),
    },
    Aspect.PROCESSES: {
        "en": ("process*", "meetings", "bureaucracy"),
        "de": ("prozess*", "meetings", "besprechungen", "bürokratie"),
        "es": ("procesos", "reuniones", "burocracia"),
        "fr": ("processus", "process", "réunions", "bureaucratie"),
    },
}
# Which compensation words are about benefits rather than pay.
BENEFIT_WORDS = re.compile(r"(?<!\w)(?:benefit|zusatzleistung|beneficio|avantage)", re.I)
BONUS_WORDS = re.compile(r"(?<!\w)(?:bonus|boni|prime)", re.I)
RAISE_WORDS = re.compile(r"(?:raise|gehaltserhöhung|aumento|augmentation)", re.I)
COMMUTE_WORDS = re.compile(
    r"(?<!\w)(?:commut|on the train|in traffic|arbeitsweg|pendeln|pro strecke|trayecto"
    r"|desplazamiento|horas en llegar|trajet|dans les transports)",
    re.IGNORECASE,
)
REMOTE_WORDS = re.compile(r"(?<!\w)(?:remote|homeoffice|teletrabaj|télétravail)", re.IGNORECASE)
TEAM_WORDS = re.compile(
    r"(?<!\w)(?:team|colleague|coworker|kolleg|compañer|equipo|collègue|équipe)", re.IGNORECASE
)

# An answer made only of these words says there is nothing (more) to say.
NOTHING_TO_ADD = frozenset(
    word
    for words in (
        "no nope nah nothing else more to add that's thats that is it all thanks thank you not",
        "really none n/a na from me i have everything think so for now the said",
        "nein nö nichts mehr das war ist es alles danke vielen dank sonst weiter",
        "hinzuzufügen von mir ich glaube nicht so weit war's wars",
        "nada más gracias eso es todo por mi parte muchas creo que añadir tengo lo de ya",
        "non rien à a ajouter plus c'est cest tout merci pour moi je crois pas ce sera ça ca",
        "d'autre autre",
    )
    for word in words.split()
)

# Words that make an answer concrete: numbers, spans of time, how often.
DETAIL = re.compile(
    r"\d|%|(?<!\w)(?:every|each|twice|times|hours?|days?|weeks?|months?|years?|quarter"
    r"|jede[nrs]?|zweimal|mal|stunden?|tage?n?|wochen?|monate?n?|jahre?n?"
    r"|cada|veces|horas?|días?|semanas?|mes(?:es)?|años?"
    r"|chaque|fois|heures?|jours?|semaines?|mois|ans|années?)(?!\w)",
    re.IGNORECASE,
)


def languages_for(language: str | None) -> tuple[str, ...]:
    """The languages whose words apply to an interview: its own when known (German "mal"
    is not Spanish "bad"), all four when it is not."""
    return (language,) if language in ALL_LANGUAGES else ALL_LANGUAGES


@functools.cache
def appraisal_patterns(language: str) -> tuple[tuple[re.Pattern[str], Appraisal], ...]:
    return tuple(
        (compile_terms(entry.terms[language]), entry.appraisal)
        for entry in ENTRIES
        if entry.terms.get(language)
    )


@functools.cache
def lack_patterns(language: str) -> tuple[tuple[re.Pattern[str], LackObject], ...]:
    return tuple(
        (compile_terms(item.terms[language]), item)
        for item in LACK_OBJECTS
        if item.terms.get(language)
    )


@functools.cache
def aspect_patterns(language: str) -> tuple[tuple[re.Pattern[str], Aspect], ...]:
    return tuple((compile_terms(terms[language]), aspect) for aspect, terms in ASPECT_WORDS.items())


@functools.cache
def word_pattern(table: str, language: str) -> re.Pattern[str]:
    """One of the word lists above (``NEGATIONS``, ``HEDGES``, …) as a pattern."""
    tables: Mapping[str, Terms] = {
        "lack": LACK_WORDS,
        "negation": NEGATIONS,
        "intensifier": INTENSIFIERS,
        "hedge": HEDGES,
        "stress": STRESS,
        "sarcasm": SARCASM,
        "lone_praise": LONE_PRAISE,
    }
    return compile_terms(tables[table][language])
