"""What the bot says. Kept together so wording can be reviewed (and translated) in one place."""

from __future__ import annotations

from exitbot.core.messages import Choice

CONSENT_CHOICES = (
    Choice("Start", "yes"),
    Choice("Start anonymously", "anonymous"),
    Choice("Not now", "no"),
)
QUESTION_CHOICES = (Choice("Skip", "skip"),)
SUMMARY_CHOICES = (Choice("Looks right, save it", "yes"),)
ERASE_CHOICES = (Choice("Yes, delete everything", "yes"), Choice("No, keep it", "no"))

WORDS_HELP = (
    "You can say these at any time:\n"
    "• help: this list\n"
    "• skip: move on to the next topic\n"
    "• pause / resume: take a break and pick up later, even days later\n"
    "• stop: end the interview now\n"
    "• delete my data: erase your answers and the report"
)


def invitation(name: str | None, retention_days: int) -> str:
    greeting = f"Hi {name}!" if name else "Hi!"
    return (
        f"{greeting} I'm ExitBot, the exit-interview assistant. Before you go, we'd like to "
        "hear about your time here, so we can make it better for the people who stay.\n\n"
        "It takes about 10 minutes, in this chat, at your own pace. Your answers are read only "
        "by the HR team. The conversation is kept for "
        f"{retention_days} days and then deleted; a short summary stays. If you choose "
        "*anonymous*, HR sees only your department, never your name.\n\n"
        "You can say help, skip, pause, resume, stop or delete my data at any time.\n\n"
        "Shall we begin? Say *yes*, *anonymous* or *no*."
    )


CONSENT_REMINDER = "To begin, say *yes* (or *anonymous* to keep your name out of it), or *no*."
STARTED = "Thank you! Let's start. There are no right or wrong answers."
STARTED_ANONYMOUS = (
    "Thank you! Your name won't appear anywhere HR looks: only your department. Let's start."
)
DECLINED = (
    "No problem, thank you for letting me know. If you change your mind before you leave, "
    "just message me *yes*."
)
PAUSED = "Paused. Take your time; say *resume* (or anything) whenever you want to carry on."
ALREADY_PAUSED = "We're already paused. Say *resume* when you're ready."
WELCOME_BACK = "Welcome back! Here's where we were:"
NOT_PAUSED = "We're not paused; here's where we are:"
STOPPED = (
    "Understood, I've stopped the interview. The answers you already gave are kept; "
    "say *delete my data* if you'd like them erased."
)
SKIPPED = "No problem, let's move on."
ERASE_CONFIRM = (
    "Do you want me to delete your answers and the report of this interview? "
    "This cannot be undone. Say *yes* to delete or *no* to keep them."
)
ERASED = (
    "Done. Your answers and the report have been deleted; "
    "only a note that they were erased remains."
)
ERASE_KEPT = "OK, nothing was deleted."
NOTHING_TO_ERASE = "There is nothing of yours stored to delete."
FINISHED = (
    "Your exit interview is finished. Thank you again! If you'd like your answers erased, "
    "say *delete my data*."
)
ALREADY_ERASED = "Your interview data has been erased; nothing more is stored about it."
CLOSED = (
    "This exit interview is closed. If you'd like to talk, ask HR to start a new one, "
    "or say *delete my data* to erase what was stored."
)
FILE_NOTE = (
    "I can only read text, so I can't open files or images. "
    "Could you type what you wanted to share?"
)
EMPTY_MESSAGE = "I didn't catch anything there. Could you type your answer?"
CLOSING = (
    "Thank you for taking the time; this really helps. Your answers are saved. "
    "All the best in what comes next!"
)
BUDGET_REACHED = "We've covered a lot, thank you. Let's wrap up."
SUMMARY_PROMPT = (
    "Say *yes* to save it, or *remove* and a number (for example *remove 2*) to leave a part out."
)
SUMMARY_REMOVE_HOW = "Which part should I leave out? Say *remove* and its number, e.g. *remove 2*."
SUMMARY_NO_SUCH_PART = "There's no part with that number."


def too_long(length: int, limit: int) -> str:
    return (
        f"That message is {length:,} characters, more than the {limit:,} I can take at once. "
        "Could you split it into a few shorter messages? Nothing from it was saved yet."
    )


REMINDER = (
    "Hi again! A gentle nudge about your exit interview: whenever you have a few minutes, "
    "we'd love to hear from you. Here's where we are:"
)
WITHDRAWN = "HR has withdrawn this exit interview, so there's nothing more to do. Thank you!"
