"""What the bot says to employees, in their language.

English is the source: each text is written here once as a gettext message id, and the
catalogs under ``exitbot/locales`` translate it (``Catalogs`` loads them). Placeholders are
``str.format`` fields, kept as they are in every translation. HR-facing text stays English.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

from exitbot.core.messages import Choice

Translate = Callable[[str], str]


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class ErasableInterview:
    """One interview that "delete my data" would erase, as the employee is told about it."""

    started: date
    status: str


@dataclass(frozen=True, slots=True)
class Texts:
    """The bot's fixed texts in one language (``gettext`` translates an English message)."""

    language: str = "en"
    gettext: Translate = _identity

    def _(self, message: str, **fields: object) -> str:
        text = self.gettext(message)
        return text.format(**fields) if fields else text

    # --- choices (button labels; the values stay the words the recogniser knows) ----------

    @property
    def consent_choices(self) -> tuple[Choice, ...]:
        return (
            Choice(self._("Start"), "yes"),
            Choice(self._("Start anonymously"), "anonymous"),
            Choice(self._("Not now"), "no"),
        )

    @property
    def question_choices(self) -> tuple[Choice, ...]:
        return (Choice(self._("Skip"), "skip"),)

    @property
    def summary_choices(self) -> tuple[Choice, ...]:
        return (Choice(self._("Looks right, save it"), "yes"),)

    @property
    def erase_choices(self) -> tuple[Choice, ...]:
        return (
            Choice(self._("Yes, delete everything"), "yes"),
            Choice(self._("No, keep it"), "no"),
        )

    # --- invitation and consent -----------------------------------------------------------

    def invitation(self, name: str | None, retention_days: int) -> str:
        greeting = self._("Hi {name}!", name=name) if name else self._("Hi!")
        body = self._(
            "I'm ExitBot, the exit-interview assistant. Before you go, we'd like to hear about "
            "your time here, so we can make it better for the people who stay.\n\n"
            "It takes about 10 minutes, in this chat, at your own pace. Your answers are read "
            "only by the HR team. The conversation is kept for {days} days and then deleted; a "
            "short summary stays. If you choose *anonymous*, HR sees only your department, "
            "never your name.\n\n"
            "You can say help, skip, pause, resume, stop or delete my data at any time.\n\n"
            "Shall we begin? Say *yes*, *anonymous* or *no*.",
            days=retention_days,
        )
        return f"{greeting} {body}"

    @property
    def consent_reminder(self) -> str:
        return self._("To begin, say *yes* (or *anonymous* to keep your name out of it), or *no*.")

    @property
    def consent_options(self) -> str:
        return self._(
            "Sorry, I didn't get that. Reply with a number: *1* to start, "
            "*2* to start anonymously, *3* for not now."
        )

    @property
    def started(self) -> str:
        return self._("Thank you! Let's start. There are no right or wrong answers.")

    @property
    def started_anonymous(self) -> str:
        return self._(
            "Thank you! Your name won't appear anywhere HR looks: only your department. "
            "Let's start."
        )

    @property
    def declined(self) -> str:
        return self._(
            "No problem, thank you for letting me know. If you change your mind before you "
            "leave, just message me *yes*."
        )

    @property
    def consent_later(self) -> str:
        return self._(
            "Of course, whenever suits you. Just message me *yes* when you'd like to start."
        )

    # --- control words --------------------------------------------------------------------

    @property
    def words_help(self) -> str:
        return self._(
            "You can say these at any time:\n"
            "• help: this list\n"
            "• skip: move on to the next topic\n"
            "• pause / resume: take a break and pick up later, even days later\n"
            "• stop: end the interview now\n"
            "• what do you have about me: see what is stored about you\n"
            "• delete my data: erase your answers and the report"
        )

    @property
    def paused(self) -> str:
        return self._(
            "Paused. Take your time; say *resume* (or anything) whenever you want to carry on."
        )

    @property
    def already_paused(self) -> str:
        return self._("We're already paused. Say *resume* when you're ready.")

    @property
    def welcome_back(self) -> str:
        return self._("Welcome back! Here's where we were:")

    @property
    def not_paused(self) -> str:
        return self._("We're not paused; here's where we are:")

    @property
    def stopped(self) -> str:
        return self._(
            "Understood, I've stopped the interview. The answers you already gave are kept; "
            "say *delete my data* if you'd like them erased."
        )

    @property
    def skipped(self) -> str:
        return self._("No problem, let's move on.")

    # --- erasure and data rights ----------------------------------------------------------

    def erase_confirm(self, interviews: Sequence[ErasableInterview]) -> str:
        listed = self._and([self._interview_phrase(i) for i in interviews])
        return self._(
            "Do you want me to delete {what}: the answers and the report? This cannot be "
            "undone. Say *yes* to delete or *no* to keep them.",
            what=listed,
        )

    def _interview_phrase(self, interview: ErasableInterview) -> str:
        day = format_date(interview.started, format="long", locale=self.language)
        return self._(
            "your interview of {day} ({status})", day=day, status=self.status(interview.status)
        )

    def status(self, status: str) -> str:
        names = {
            "invited": self._("not started"),
            "in_progress": self._("in progress"),
            "paused": self._("paused"),
            "completed": self._("completed"),
            "declined": self._("stopped"),
            "expired": self._("expired"),
            "cancelled": self._("withdrawn"),
        }
        return names.get(status, status)

    def _and(self, items: list[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return self._("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])

    @property
    def erase_reminder(self) -> str:
        return self._("Say *yes* to delete it all, or *no* to keep it.")

    @property
    def erase_options(self) -> str:
        return self._(
            "Sorry, I didn't get that. Reply with a number: *1* to delete, *2* to keep it."
        )

    @property
    def erased(self) -> str:
        return self._(
            "Done. Your answers and the report have been deleted; "
            "only a note that they were erased remains."
        )

    @property
    def erase_kept(self) -> str:
        return self._("OK, nothing was deleted.")

    @property
    def nothing_to_erase(self) -> str:
        return self._("There is nothing of yours stored to delete.")

    @property
    def nothing_stored(self) -> str:
        return self._("Nothing about you is stored apart from your name and chat id.")

    @property
    def stored_heading(self) -> str:
        return self._("Here is what is stored about you:")

    def stored_interview(self, started: date, status: str) -> str:
        day = format_date(started, format="long", locale=self.language)
        return self._("Interview of {day} ({status})", day=day, status=self.status(status))

    @property
    def stored_report(self) -> str:
        return self._("The report HR sees (in English):")

    @property
    def stored_transcript(self) -> str:
        return self._("What you wrote:")

    @property
    def stored_footer(self) -> str:
        return self._("Say *delete my data* if you'd like it erased.")

    # --- ends -----------------------------------------------------------------------------

    @property
    def finished(self) -> str:
        return self._(
            "Your exit interview is finished. Thank you again! If you'd like your answers "
            "erased, say *delete my data*."
        )

    @property
    def already_erased(self) -> str:
        return self._("Your interview data has been erased; nothing more is stored about it.")

    @property
    def closed(self) -> str:
        return self._(
            "This exit interview is closed. If you'd like to talk, ask HR to start a new one, "
            "or say *delete my data* to erase what was stored."
        )

    @property
    def closing(self) -> str:
        return self._(
            "Thank you for taking the time; this really helps. Your answers are saved. "
            "All the best in what comes next!"
        )

    @property
    def withdrawn(self) -> str:
        return self._(
            "HR has withdrawn this exit interview, so there's nothing more to do. Thank you!"
        )

    @property
    def reminder(self) -> str:
        return self._(
            "Hi again! A gentle nudge about your exit interview: whenever you have a few "
            "minutes, we'd love to hear from you. Here's where we are:"
        )

    # --- input problems -------------------------------------------------------------------

    @property
    def file_note(self) -> str:
        return self._(
            "I can only read text, so I can't open files or images. "
            "Could you type what you wanted to share?"
        )

    @property
    def empty_message(self) -> str:
        return self._("I didn't catch anything there. Could you type your answer?")

    def too_long(self, length: int, limit: int) -> str:
        return self._(
            "That message is {length} characters, more than the {limit} I can take at once. "
            "Could you split it into a few shorter messages? Nothing from it was saved yet.",
            length=format_decimal(length, locale=self.language),
            limit=format_decimal(limit, locale=self.language),
        )

    # --- questions and the summary --------------------------------------------------------

    @property
    def flood_note(self) -> str:
        return self._(
            "That's a lot of messages at once, so I'm keeping them together as your answer. "
            "Take your time; when you're done, I'll carry on."
        )

    @property
    def budget_reached(self) -> str:
        return self._("We've covered a lot, thank you. Let's wrap up.")

    @property
    def score_unclear(self) -> str:
        return self._("Just so I record it right: which one number from 0 to 10 would you give?")

    @property
    def summary_heading(self) -> str:
        return self._("Here is what I'll record:")

    @property
    def summary_prompt(self) -> str:
        return self._(
            "Say *yes* to save it, or tell me what to leave out (for example *remove 2* "
            "or *remove the quotes*)."
        )

    @property
    def summary_remove_how(self) -> str:
        return self._(
            "Which part should I leave out? Say *remove* and its number, e.g. *remove 2*."
        )

    @property
    def summary_options(self) -> str:
        return self._(
            "Sorry, I didn't get that. Reply with a number: *1* to save it, "
            "*2* to change something."
        )

    @property
    def summary_no_such_part(self) -> str:
        return self._("There's no part with that number.")

    def summary_part(self, part: str, content: str) -> str:
        labels = {
            "summary": self._("Summary: {content}", content=content),
            "reasons": self._("Main reasons: {content}", content=content),
            "themes": self._("Themes: {content}", content=content),
            "quote": self._('Quote: "{content}"', content=content),
            "suggestions": self._("Suggestions: {content}", content=content),
        }
        return labels[part]

    def reason(self, reason: str) -> str:
        names = {
            "compensation": self._("pay and benefits"),
            "career_growth": self._("career growth"),
            "management": self._("management"),
            "culture": self._("culture"),
            "workload": self._("workload"),
            "role_fit": self._("role fit"),
            "relocation": self._("relocation"),
            "personal": self._("personal reasons"),
            "company_direction": self._("company direction"),
            "other": self._("other reasons"),
        }
        return names.get(reason, reason.replace("_", " "))

    def summary_rating(self, enps: int) -> str:
        return self._("Your 0-10 rating: {enps}.", enps=enps)

    def summary_would_return(self, would_return: bool) -> str:
        if would_return:
            return self._("You would consider coming back.")
        return self._("You would not consider coming back.")


ENGLISH = Texts()
"""The source texts, for code that only ever speaks English (tests, HR-facing previews)."""
