"""Store: migrations match the models, encryption at rest, tokens, inbox."""

from __future__ import annotations

from datetime import timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from cryptography.fernet import Fernet
from sqlalchemy import insert, select, text

from exitbot.store import Database, TextCipher
from exitbot.store.interviews import SqlInterviewStore
from exitbot.store.models import Base, InboxEvent
from exitbot.store.tokens import TokenRole, TokenService
from tests.support import employee, message, say, stored_messages


async def test_migrations_match_the_models(database):
    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        return compare_metadata(context, Base.metadata)

    async with database.engine.connect() as conn:
        differences = await conn.run_sync(diff)
    # The trigram search indexes (migration 0009) exist only on PostgreSQL, and only where
    # pg_trgm may be created: an optional speed-up the models do not declare.
    differences = [
        d for d in differences if not (d[0] == "remove_index" and d[1].name.endswith("_trgm"))
    ]
    assert differences == []


async def test_message_text_is_encrypted_at_rest(make_engine, database):
    key = Fernet.generate_key().decode()
    engine = await make_engine(settings={"exitbot_encryption_key": key})
    user = employee()
    await say(engine, user, "hi")
    started = await say(engine, user, "yes")
    await say(engine, user, "The salary was far too low for the role.")
    async with database.engine.connect() as conn:
        raw = (await conn.execute(text("SELECT text FROM messages"))).scalars().all()
        queued = (await conn.execute(text("SELECT payload FROM outbox"))).scalars().all()
    assert raw and all(value.startswith("fernet:") for value in raw)
    assert queued and all(value.startswith("fernet:") for value in queued), "replies too"
    readable = [m.text for m in await stored_messages(database, started.interview_id)]
    assert any(value.startswith("fernet:") for value in readable)
    with_key = Database(database.url, cipher=TextCipher(key))
    try:
        snapshot = await SqlInterviewStore(with_key).load_turn(user)
    finally:
        await with_key.dispose()
    assert snapshot.interview is not None
    assert "The salary was far too low for the role." in [
        e.text for e in snapshot.interview.transcript
    ]


async def test_tokens_verify_and_revoke(database, clock):
    service = TokenService(database)
    token = await service.create("dash", TokenRole.HR_VIEWER, clock.now())
    info = await service.verify(token, clock.now())
    assert info is not None and info.role is TokenRole.HR_VIEWER
    assert await service.verify(token + "x", clock.now()) is None
    await service.revoke("dash", clock.now())
    assert await service.verify(token, clock.now()) is None


async def test_inbox_records_once_and_replays_unfinished_events(make_bot, clock):
    bot = await make_bot()
    user = employee()
    event = message(user, "hi", "evt-100")
    assert await bot.inbox.record([event], clock.now()) == [True]
    assert await bot.inbox.record([event], clock.now()) == [False]
    assert await bot.pipeline.replay(timedelta(minutes=1)) == 0, "too young: maybe running"
    clock.advance(minutes=5)
    assert await bot.pipeline.replay(timedelta(minutes=1)) == 1
    await bot.settle()
    assert await bot.pipeline.replay(timedelta(0)) == 0
    assert (await bot.interviews.handle(event)).duplicate


async def test_a_damaged_inbox_row_does_not_stop_the_replay(make_bot, database, clock):
    bot = await make_bot()
    await database.transaction(
        lambda session: session.execute(
            insert(InboxEvent).values(
                platform="slack",
                event_id="broken",
                kind="message",
                payload={"platform": "slack", "text": "no ids"},
                attempts=0,
                received_at=clock.now(),
            )
        )
    )
    await bot.inbox.record([message(employee(), "hello", "good")], clock.now())
    clock.advance(minutes=1)
    assert await bot.pipeline.replay(timedelta(0)) == 1
    await bot.settle()
    async with database.session() as session:
        rows = {row.event_id: row for row in (await session.execute(select(InboxEvent))).scalars()}
    assert rows["good"].processed_at is not None
    assert rows["broken"].processed_at is None and rows["broken"].error
