"""Checks on what a model wrote before anyone sees or stores it.

A generated question reaches the employee only if it is one short, plain question; anything else
is replaced by the plan's wording. The employee's words reach the model only as data, yet a weak
model may still obey an instruction hidden in them, so a question is also refused when it reads
like such obedience: it repeats or talks about its instructions (or quotes a run of words from
the prompts), names a channel, a user or a link, asks for a password, offers to post, send or
share the conversation or to contact someone, or announces that it complies. The checks are
fixed patterns (English, German, Spanish, French) and a word-run lookup in the prompts' own
text: cheap, the same on every run, and shaped so that ordinary questions about the team, the
manager or HR pass. A false alarm costs only the plan's wording; a miss would put an attacker's
words in the bot's mouth.

JSON answers are parsed leniently (models like to wrap JSON in code fences) and then validated
strictly.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from exitbot.interviewers.llm import prompts
from exitbot.interviewers.llm.errors import InvalidOutputError

MAX_QUESTION_CHARS = 300
MIN_QUESTION_CHARS = 8
PROMPT_RUN_WORDS = 6
"""A question sharing this many consecutive words with a prompt's own text is repeating it."""

_LINK = re.compile(r"(https?://|www\.|\b[\w-]+\.(?:com|net|org|io|ly|co|me|xyz|ru)\b)", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MENTION = re.compile(r"<[@!#]|(?<!\w)@\w")
_CHANNEL = re.compile(r"(?<![\w&])#[^\W\d_][\w-]*")
_MARKUP = re.compile(
    r"[`*{}\[\]]|~~|__|<[^>]*>|&(?:[a-z]+|#\d+);|\"\s*:|\b[a-z]+_[a-z_]+\b|(?:^|\s)#{1,6}\s",
    re.I,
)
_SECRETS = re.compile(
    r"\b(?:passwords?|passwörter|passwort|contraseñas?|mots? de passe|passcodes?|credentials"
    r"|bank account|bankkonto|credit card|kreditkarte|tarjeta de crédito|carte bancaire|iban"
    r"|social security number)\b",
    re.I,
)
_SELF_TALK = re.compile(
    r"\bexit\s*bot\b|\bp?seudonym|\brules that always apply\b"
    r"|\breply with (?:the question only|json|one json)"
    r"|\bsystem(?:['’]s)?[\s-]*(?:prompt|message|instruction)|\bsystemprompt|\bsystemanweisung"
    r"|\bprompt (?:del sistema|syst[èe]me)|\binvite syst[èe]me"
    r"|\b(?:my|meine[mnrs]?|mis|mes)\s+(?:system\s+)?(?:instructions?|prompts?|rules|guidelines"
    r"|programming|directives|anweisungen|vorgaben|regeln|instruktionen|instrucciones|reglas"
    r"|directrices|consignes|règles)\b"
    r"|\bas an? (?:ai|artificial intelligence|(?:large )?language model|llm|chatbot)"
    r"(?: (?:language )?model| assistant)?(?:\s*[,;:]|\s+i\b)"
    r"|\bi(?:['’]m| am) (?:just |only )?(?:an? )?(?:ai|(?:large )?language model|llm|chatbot)"
    r"(?![\w-])"
    r"|\b(?:als|ich bin(?: eine?)?) (?:ki|sprachmodell|chatbot)(?![\w-])"
    r"|\b(?:como|soy)(?: una?)? (?:ia|modelo de lenguaje|chatbot)(?![\w-])"
    r"|\b(?:en tant qu['’]|je suis )(?:une? )?(?:ia|intelligence artificielle"
    r"|mod[èe]le de langage|chatbot)(?![\w-])"
    r"|\bi(?:\s+(?:was|am|have been|have)|['’](?:ve been|m))\s+(?:told|instructed|asked"
    r"|programmed|designed|configured|supposed|required|not allowed)\s+to\b"
    r"|\b(?:ignor|disregard|forget|overrid|bypass|vergiss|vergess|olvid|oubli)\w*\b[^.?!]{0,30}"
    r"\b(?:(?:previous|prior|above|earlier|preceding|original|initial|system|vorherigen?"
    r"|bisherigen?|obigen?)\s+(?:instructions|prompts?|rules|guidelines|anweisungen|regeln"
    r"|vorgaben)|(?:all|any|alle)\s+(?:of\s+)?(?:the\s+|your\s+)?(?:instructions|prompts?"
    r"|anweisungen))\b"
    r"|\b(?:ignor|disregard|forget)\w*\s+(?:everything|anything|all|what)\s+(?:above|before"
    r"|previously|earlier|you (?:were|have been) (?:told|given))\b"
    r"|\b(?:instrucciones|reglas|instructions|consignes|règles)\s+(?:anteriores|previas"
    r"|précédentes|antérieures|initiales|del sistema|du système)\b",
    re.I,
)
_OBEDIENCE = re.compile(
    r"\bpwn(?:ed|d)?\b|\bjail\s*br[eo]\w*|\bdan mode\b|\b(?:developer|god|unrestricted) mode\b"
    r"|^(?:sure|certainly|of course|absolutely|okay|ok|alright|yes|understood|got it|done"
    r"|klar|natürlich|gerne|claro|por supuesto|desde luego|bien sûr|d['’]accord|certainement)"
    r"\b\W*(?:here\b|i(?:\s+will|['’]ll|\s+shall|\s+am going to|['’]m going to)\s+(?:now\s+)?"
    r"(?:ignore|disregard|forget|comply|obey|follow|do|reveal|repeat|print|output|post|send"
    r"|share|act|pretend|switch)\b)"
    r"|\bas (?:you )?(?:requested|instructed|commanded)\b"
    r"|\bhere(?:['’]s| is| are)\b[^.?!]*\b(?:prompt|instructions|rules|transcript)\b"
    r"|\bi(?:\s+will|['’]ll|\s+am going to|['’]m going to|\s+shall)\s+(?:now\s+)?"
    r"(?:ignore|disregard|forget|bypass|comply|obey)\b"
    r"|\bi (?:comply|complied|obey)\b|\bignoraré\b|\bich ignoriere\b|\bvoy a ignorar\b"
    r"|\bich werde\b[^.?!]{0,30}\bignorieren\b|\bje vais ignorer\b"
    r"|\bj['’]ignore (?:mes|les|toutes)\b",
    re.I,
)
_SHOUTED = re.compile(r"\b(?:PWNED|HACKED|JAILBROKEN|DAN)\b")

# Offers come as the bot's own move ("Shall I post…", "Want me to share…", "I've sent…",
# "Should this be forwarded…"); the employee sharing something with their manager is fine.
_EN_OFFER_FRAME = (
    r"(?:(?:shall|should|can|could|may|might|must)\s+i|shall\s+we|if\s+i"
    r"|(?:want|like|need|prefer|wish)\s+(?:me|us)\s+to|let\s+(?:me|us)|how about\s+i"
    r"|i(?:\s+(?:can|could|will|would|shall|may|might|am going to|am happy to|am able to"
    r"|would be happy to|offer to)|['’](?:d like to|d be happy to|m happy to|m going to|ll|d)))"
)
_EN_OFFER_FILLER = (
    r"(?:\s+(?:also|just|quickly|now|then|gladly|happily|simply|directly|first|immediately"
    r"|automatically|go ahead and|please|maybe|perhaps))*"
)
_EN_OFFER_VERB = (
    r"(?:post|send|share|forward|e-?mail|publish|upload|cc|notify|contact|message|ping|dm"
    r"|escalate|report|inform|alert|relay|pass|flag|broadcast|leak|loop|reach out|connect you"
    r"|let|get in touch|put you in touch)"
)
_OUR_TALK = (
    r"(?:this|that|it|these|them|everything|a copy|a summary|(?:this|that|the|our|your|these"
    r"|those)\s+(?:transcript|conversation|chat|interview|answers?|responses?|feedback"
    r"|comments|information|notes|summary|messages?))"
)
_SENT = r"(?:sent|posted|shared|forwarded|e-?mailed|published|uploaded|passed on|relayed|escalated)"
_EN_OFFER = re.compile(
    rf"\b{_EN_OFFER_FRAME}{_EN_OFFER_FILLER}\s+{_EN_OFFER_VERB}\b"
    rf"|\b(?:(?:should|can|could|may|might)\s+we|we(?:\s+(?:can|could|will|would)|['’](?:ll|d))"
    rf"|if\s+we|(?:okay|ok|alright|all right|fine)\s+(?:for me\s+)?to)"
    rf"{_EN_OFFER_FILLER}\s+{_EN_OFFER_VERB}\s+{_OUR_TALK}\b"
    rf"|\byou(?:['’]d)?\s+(?:still\s+|also\s+|rather\s+)?(?:want|like|prefer)\s+{_OUR_TALK}"
    rf"\s+(?:to be\s+)?{_SENT}\b"
    rf"|\b(?:should|shall|can|could|may|must)\s+{_OUR_TALK}\s+(?:also\s+)?(?:be\s+{_SENT}"
    rf"|go\s+(?:to|out)\b)"
    rf"|\b{_OUR_TALK}\s+(?:has|have|will|is|are)\s+(?:now\s+|already\s+|just\s+)?(?:been|be"
    rf"|being)\s+{_SENT}"
    rf"|\bi(?:['’]ve| have)\s+(?:now\s+|already\s+|just\s+)?(?:{_SENT}|notified|contacted"
    rf"|informed|messaged|cc['’]?d|told (?:hr|your|the))\b"
    rf"|\bi(?:['’]m| am)\s+(?:now\s+|just\s+)?(?:posting|sending|sharing|forwarding|publishing"
    rf"|uploading|e-?mailing|contacting|notifying)\b"
    rf"|\ba copy of\s+(?:this|our|the|your)\s+(?:transcript|conversation|chat|interview|answers"
    rf"|responses)\b"
    rf"|(?:^|[.!?:]\s*)(?:post|send|forward|publish|upload|e-?mail|posting|sending|sharing"
    rf"|forwarding|publishing|uploading|e-?mailing)\s+{_OUR_TALK}\b",
    re.I,
)
# "ich … schicken" within one clause; the verbs are case-sensitive ("fürs Teilen" is a noun).
_DE_OFFER = re.compile(
    r"\b(?:ich|sollen wir)\s+(?:(?!(?:ob|was|wie|wann|warum|weshalb|wo|wer|dass|wenn|weil|als"
    r"|damit)\b)\w+\s+){0,7}?(?-i:schicken|schicke|zuschicken|senden|sende|zusenden"
    r"|weiterleiten|weiterleite|teilen|teile|posten|poste|veröffentlichen|veröffentliche"
    r"|hochladen|mailen|maile|kontaktieren|kontaktiere|informieren|informiere|benachrichtigen"
    r"|benachrichtige|weitergeben|weitergebe|übermitteln|übermittle|melden|melde|mitteilen"
    r"|mitteile|Bescheid)\b",
    re.I,
)
# "¿Quieres que envíe…?", "¿Puedo compartir…?", "¿Te envío…?": only first-person forms, so
# "¿Podría compartir un ejemplo?" (usted) passes.
_ES_CLITICS = r"(?:(?:te|le|les|os|se|lo|la|los|las|yo)\s+)*"
_ES_FIRST_PERSON = (
    r"(?:envío|envio|mando|comparto|publico|reenvío|reenvio|subo|contacto|aviso|escribo)"
)
_ES_OFFER = re.compile(
    rf"\b(?:quieres|quiere|queréis|quieren|deseas|desea|prefieres|prefiere|gustaría)\s+que\s+"
    rf"{_ES_CLITICS}(?:envíe|envie|mande|comparta|publique|reenvíe|reenvie|suba|contacte|avise"
    rf"|informe|transmita|notifique|comunique|reporte|cuelgue|escriba)\b"
    rf"|\b(?:puedo|debo|voy a|quiero)\s+{_ES_CLITICS}(?:enviar|mandar|compartir|publicar"
    rf"|reenviar|subir|contactar|avisar|informar|transmitir|notificar|comunicar|reportar"
    rf"|escribir)\w*"
    rf"|\b(?:si|yo|se lo|te lo|se la|te la|te|le|les|os)\s+{_ES_FIRST_PERSON}\b"
    rf"|¿\s*{_ES_FIRST_PERSON}\b",
    re.I,
)
# "que je publie", "je peux envoyer", "puis-je transmettre", "je vous l'envoie"; a bare
# "je partage votre avis" passes.
_FR_CLITICS = r"(?:(?:vous|te|le|la|les|lui|leur|en)\s+|l['’])*"
_FR_OFFER_VERB = (
    r"(?:publi|envoi|envoy|partag|transm|transf[ée]r|post|contact|prévien|préven|signal|écri"
    r"|f(?:ais|aire|asse) suivre|mett?(?:re|e) en ligne)\w*"
)
_FR_OFFER = re.compile(
    rf"\bque\s+(?:j(?:e\s+|['’])|nous\s+){_FR_CLITICS}{_FR_OFFER_VERB}"
    rf"|\bje\s+{_FR_CLITICS}(?:peux|pourrais|vais|dois|devrais|veux|voudrais|propose de"
    rf"|suis prête? à)\s+{_FR_CLITICS}{_FR_OFFER_VERB}"
    rf"|\b(?:puis|dois|devrais|pourrais)-je\s+{_FR_CLITICS}{_FR_OFFER_VERB}"
    rf"|\bje\s+(?:(?:vous|te|le|la|les|lui|leur|en)\s+|l['’])+{_FR_OFFER_VERB}",
    re.I,
)
_OFFER_REASON = "question offers to pass the conversation on or to contact someone"

_REJECTIONS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_LINK, "question contains a link"),
    (_EMAIL, "question contains an email address"),
    (_MENTION, "question contains a mention"),
    (_CHANNEL, "question names a channel"),
    (_MARKUP, "question contains a placeholder, code or markup"),
    (_SECRETS, "question asks for a password or account details"),
    (_SELF_TALK, "question talks about the bot's instructions"),
    (_OBEDIENCE, "question reads like an obeyed injection"),
    (_SHOUTED, "question reads like an obeyed injection"),
    (_EN_OFFER, _OFFER_REASON),
    (_DE_OFFER, _OFFER_REASON),
    (_ES_OFFER, _OFFER_REASON),
    (_FR_OFFER, _OFFER_REASON),
)
_QUESTION_MARKS = re.compile("[?？؟\u037e]")
_WRAPPING_QUOTES = "\"'“”‘’«»「」"
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.I)
_WORD = re.compile(r"[^\W_]+")
_TEMPLATE_FIELD = re.compile(r"\{[^{}]*\}")


def check_question(text: str, *, max_questions: int = 1) -> str:
    """The question, trimmed, if it is fit to send to the employee; else InvalidOutputError.

    ``max_questions`` is raised only where the plan's own wording asks two things at once."""
    question = " ".join(text.split()).strip().strip(_WRAPPING_QUOTES).strip()
    question = re.sub(r"^(question|q)\s*[:：]\s*", "", question, flags=re.I)
    if not MIN_QUESTION_CHARS <= len(question) <= MAX_QUESTION_CHARS:
        raise InvalidOutputError(f"question length {len(question)} out of range")
    if "\n" in text.strip():
        raise InvalidOutputError("question spans several lines")
    # Look-alike and invisible characters must not slip a word or a sign past the patterns.
    plain = "".join(
        c for c in unicodedata.normalize("NFKC", question) if unicodedata.category(c) != "Cf"
    )
    for pattern, reason in _REJECTIONS:
        if pattern.search(plain):
            raise InvalidOutputError(reason)
    if _repeats_prompt(plain):
        raise InvalidOutputError("question repeats the bot's instructions")
    # A short lead-in is fine ("Thanks for sharing. What ...?"), a second question is not.
    marks = len(_QUESTION_MARKS.findall(question))
    if not 1 <= marks <= max_questions or not _QUESTION_MARKS.match(question[-1]):
        raise InvalidOutputError("not one question ending in a question mark")
    return question


def _prompt_texts() -> Iterator[str]:
    """The fixed wording of every prompt: the upper-case string constants and string tables of
    ``prompts``, with their ``{fields}`` cut out (those hold the plan's wording and data)."""
    for name, value in vars(prompts).items():
        if not name.lstrip("_").isupper():
            continue
        for text in value.values() if isinstance(value, dict) else (value,):
            if isinstance(text, str):
                yield from _TEMPLATE_FIELD.split(text)


def _word_runs(text: str) -> Iterator[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    for start in range(len(words) - PROMPT_RUN_WORDS + 1):
        yield tuple(words[start : start + PROMPT_RUN_WORDS])


_PROMPT_RUNS = frozenset(run for text in _prompt_texts() for run in _word_runs(text))


def _repeats_prompt(text: str) -> bool:
    return any(run in _PROMPT_RUNS for run in _word_runs(text))


def parse_json_object(text: str) -> dict[str, Any]:
    """The JSON object in ``text`` (code fences and surrounding prose tolerated)."""
    stripped = _FENCE.sub("", text.strip())
    start, end = stripped.find("{"), stripped.rfind("}")
    if start < 0 or end <= start:
        raise InvalidOutputError("no JSON object in the answer")
    try:
        value = json.loads(stripped[start : end + 1])
    except ValueError as exc:
        raise InvalidOutputError(f"invalid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise InvalidOutputError("JSON is not an object")
    return value
