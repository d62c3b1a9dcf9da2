"""The employee's 0-10 rating and whether they would come back, read from their own words.

The same reading, by the same rule, as the engine's before it stores the figure (the last
clear number wins, "7 or 8" is no number), so the scripted summary never states a rating
other than the one stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from exitbot.engine.understanding import read_score, read_would_return


@dataclass(frozen=True, slots=True)
class EmployeeRating:
    enps: int | None
    would_return: bool | None


def employee_rating(answers: Iterable[str]) -> EmployeeRating:
    """The rating from the answers to the 0-10 topic, in the order given."""
    enps: int | None = None
    would_return: bool | None = None
    for answer in answers:
        reading = read_score(answer)
        if reading.value is not None and not reading.unclear:
            enps = reading.value
        said = read_would_return(answer)
        if said is not None:
            would_return = said
    return EmployeeRating(enps, would_return)
