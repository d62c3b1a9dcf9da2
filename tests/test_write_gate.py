"""SQLite's write gate: one writer at a time, urgent writers (acks) first."""

from __future__ import annotations

import asyncio

from exitbot.store.database import WriteGate


async def _writer(gate: WriteGate, name: str, order: list[str], urgent: bool = False) -> None:
    async with gate.held(urgent):
        order.append(name)
        await asyncio.sleep(0)


async def _queued(
    gate: WriteGate, *writers: tuple[str, bool], order: list[str]
) -> list[asyncio.Task[None]]:
    """Start ``writers`` one after another while the gate is held, each queued before the next."""
    tasks = []
    for name, urgent in writers:
        tasks.append(asyncio.create_task(_writer(gate, name, order, urgent)))
        await asyncio.sleep(0)  # the task reaches the gate and queues
    return tasks


async def test_writers_take_turns_in_arrival_order() -> None:
    gate, order = WriteGate(), list[str]()
    async with gate.held():
        tasks = await _queued(gate, ("a", False), ("b", False), ("c", False), order=order)
        assert order == []  # nobody writes while the gate is held
    await asyncio.gather(*tasks)
    assert order == ["a", "b", "c"]


async def test_an_urgent_writer_goes_before_ordinary_ones_already_waiting() -> None:
    gate, order = WriteGate(), list[str]()
    async with gate.held():
        tasks = await _queued(
            gate, ("turn-1", False), ("turn-2", False), ("ack", True), order=order
        )
    await asyncio.gather(*tasks)
    assert order == ["ack", "turn-1", "turn-2"]


async def test_a_writer_cancelled_while_waiting_is_skipped() -> None:
    gate, order = WriteGate(), list[str]()
    async with gate.held():
        tasks = await _queued(gate, ("a", False), ("b", False), order=order)
        tasks[0].cancel()
        await asyncio.sleep(0)
    await asyncio.gather(*tasks, return_exceptions=True)
    assert order == ["b"]


async def test_a_writer_cancelled_just_as_it_is_handed_the_gate_passes_it_on() -> None:
    gate, order = WriteGate(), list[str]()
    async with gate.held():
        tasks = await _queued(gate, ("a", False), ("b", False), order=order)
    tasks[0].cancel()  # the gate was handed to "a" on release, before "a" could run
    async with asyncio.timeout(1):  # "b" is not left waiting for a gate nobody holds
        results = await asyncio.gather(*tasks, return_exceptions=True)
    assert isinstance(results[0], asyncio.CancelledError)
    assert order == ["b"]
    async with asyncio.timeout(1):  # and the gate is open again
        async with gate.held():
            pass
