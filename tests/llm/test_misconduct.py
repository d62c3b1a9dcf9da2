"""The model-backed misconduct check masks names with what the answer's own interview provides,
and nothing one employee wrote ever shapes the prompt sent for another employee."""

from __future__ import annotations

from exitbot.core.misconduct import MisconductCategory
from tests.fakes.groq_server import FakeGroqServer
from tests.llm.conftest import LayerFactory
from tests.llm.contexts import context

FIRST_EMPLOYEE = "My manager Priya kept shouting at me in every single meeting."
SECOND_EMPLOYEE = "Priya from finance says people were harassed at the summer party."


async def test_no_name_is_carried_from_one_employees_check_to_anothers(
    make_layer: LayerFactory, groq_server: FakeGroqServer
) -> None:
    fresh = make_layer()
    await fresh.detector.detect(SECOND_EMPLOYEE)
    alone = groq_server.requests[-1].prompt.user_text

    layer = make_layer()
    await layer.detector.detect(FIRST_EMPLOYEE)
    assert "Priya" not in groq_server.requests[-1].prompt.user_text, "the answer's own cue masks it"
    found = await layer.detector.detect(SECOND_EMPLOYEE)
    assert groq_server.requests[-1].prompt.user_text == alone
    assert found == {MisconductCategory.HARASSMENT}


async def test_the_answers_interview_provides_the_names_to_mask(
    make_layer: LayerFactory, groq_server: FakeGroqServer
) -> None:
    layer = make_layer()
    interview = context(
        answers=[("manager", "My manager Priya never listened to anyone.")],
        topic_index=2,
        names=("Dana Smith",),
    )
    answer = "Priya harassed me and dana smith watched, then Priya laughed."
    found = await layer.detector.detect(answer, interview=interview)
    prompt = groq_server.requests[-1].prompt.user_text
    for secret in ("Priya", "dana", "smith"):
        assert secret not in prompt, secret
    assert found == {MisconductCategory.HARASSMENT}
