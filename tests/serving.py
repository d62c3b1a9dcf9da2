"""``exitbot serve`` as a real child process on a free loopback port, for tests of what only
a whole process shows (start-up, logs, a kill mid-outage); its stdout is kept line by line."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field

import aiohttp

START_WITHIN = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    url: str
    process: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    """What the server printed (stdout and stderr) so far, line by line."""

    async def wait_until_answering(self, within: float = START_WITHIN) -> None:
        async with aiohttp.ClientSession() as session, asyncio.timeout(within):
            while True:
                try:
                    async with session.get(f"{self.url}/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientConnectionError:
                    if self.process.returncode is not None:
                        raise AssertionError(f"serve exited; it printed {self.lines}") from None
                    await asyncio.sleep(0.05)

    async def wait_for_line(self, needle: str, within: float = START_WITHIN) -> str:
        async with asyncio.timeout(within):
            while True:
                for line in self.lines:
                    if needle in line:
                        return line
                if self.process.returncode is not None:
                    raise AssertionError(f"serve exited; it printed {self.lines}")
                await asyncio.sleep(0.05)


@asynccontextmanager
async def serving(env: dict[str, str], *, wait_healthy: bool = True) -> AsyncIterator[Served]:
    """``exitbot serve`` with ``env``, once it answers ``/healthz`` (unless told not to
    wait); stopped with SIGTERM at the end unless the test killed it."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from exitbot.cli import main; main()",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    served = Served(f"http://127.0.0.1:{port}", process)

    async def read() -> None:
        assert process.stdout is not None
        async for raw in process.stdout:
            served.lines.append(raw.decode(errors="replace").rstrip("\n"))

    reader = asyncio.create_task(read())
    try:
        if wait_healthy:
            await served.wait_until_answering()
        yield served
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 30)
        with suppress(asyncio.TimeoutError):
            await asyncio.wait_for(reader, 5)
