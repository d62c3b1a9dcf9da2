"""Store: migrations match the models, encryption at rest, tokens, inbox."""

from __future__ import annotations

from datetime import timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from cryptography.fernet import Fernet
from sqlalchemy import text

from exitbot.delivery.inbox import Inbox
from exitbot.interviewers.scripted.interviewer import ScriptedInterviewer
from exitbot.store.models import Base
from exitbot.store.tokens import TokenRole, TokenService
from tests.support import employee, message, say, stored_messages


async def test_migrations_match_the_models(database):
    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        return compare_metadata(context, Base.metadata)

    async with database.engine.connect() as conn:
        differences = await conn.run_sync(diff)
    assert differences == []


async def test_message_text_is_encrypted_at_rest(encrypted_database_factory, make_engine, clock):
    key = Fernet.generate_key().decode()
    encrypted = encrypted_database_factory(key)
    try:
        engine = make_engine(db=encrypted)
        user = employee()
        await say(engine, user, "hi")
        started = await say(engine, user, "yes")
        await say(engine, user, "The salary was far too low for the role.")
        async with encrypted.engine.connect() as conn:
            raw = (await conn.execute(text("SELECT text FROM messages"))).scalars().all()
        assert raw and all(value.startswith("fernet:") for value in raw)
        readable = [m.text for m in await stored_messages(encrypted, started.interview_id)]
        assert any(value.startswith("fernet:") for value in readable)
        from exitbot.store.repository import InterviewRepository

        async with encrypted.session() as session:
            transcript = await InterviewRepository(session, encrypted.cipher).transcript(
                started.interview_id
            )
        assert "The salary was far too low for the role." in [e.text for e in transcript]
        assert ScriptedInterviewer  # the interviewer reads decrypted text through the repository
    finally:
        await encrypted.dispose()


async def test_tokens_verify_and_revoke(database, clock):
    service = TokenService(database)
    token = await service.create("dash", TokenRole.HR_VIEWER, clock.now())
    info = await service.verify(token, clock.now())
    assert info is not None and info.role is TokenRole.HR_VIEWER
    assert await service.verify(token + "x", clock.now()) is None
    await service.revoke("dash", clock.now())
    assert await service.verify(token, clock.now()) is None


async def test_inbox_records_once_and_lists_unfinished_events(database, engine, clock):
    inbox = Inbox(database, clock)
    user = employee()
    event = message(user, "hi", "evt-100")
    assert await inbox.record(event) is True
    assert await inbox.record(event) is False
    clock.advance(minutes=5)
    pending = await inbox.unfinished(older_than=timedelta(minutes=1))
    assert [m.message_id for m in pending] == ["evt-100"] and pending[0].text == "hi"
    outcome = await engine.handle(pending[0])
    assert outcome.replies and not outcome.duplicate
    assert await inbox.unfinished() == []
    assert (await engine.handle(event)).duplicate


async def test_a_damaged_inbox_row_does_not_stop_the_replay(database, clock):
    from exitbot.store.repository import InboxRepository

    inbox = Inbox(database, clock)
    await database.transaction(
        lambda session: InboxRepository(session).record(
            "slack", "broken", clock.now(), payload={"platform": "slack", "text": "no ids"}
        )
    )
    await inbox.record(message(employee(), "hello", "good"))
    clock.advance(minutes=1)
    assert [m.message_id for m in await inbox.unfinished()] == ["good"]
