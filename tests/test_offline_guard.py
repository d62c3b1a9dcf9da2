"""No test reaches beyond 127.0.0.1 / ::1: pytest-socket refuses the connection, tests/offline.py
refuses name lookups and fails a test that swallowed a refusal.

Every attempt here is harmless even if the guard were gone: a UDP ``connect()`` sends nothing
(it only sets the peer address), 127.0.0.2 is still this machine, and the name lookup is only
tried once the guard is known to be installed.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import aiohttp
import pytest
from pytest_socket import SocketBlockedError, SocketConnectBlockedError

from tests.offline import OfflineGuard

pytestmark = pytest.mark.filterwarnings("ignore:A test tried to:UserWarning")  # pytest-socket's

REPO = Path(__file__).resolve().parents[1]
DOCUMENTATION_ADDRESS = "192.0.2.1"  # TEST-NET-1 (RFC 5737): routed nowhere


def test_a_connection_beyond_loopback_is_refused(offline_guard: OfflineGuard) -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp,
        pytest.raises(SocketConnectBlockedError),
    ):
        udp.connect((DOCUMENTATION_ADDRESS, 9))
    assert offline_guard.take_blocked() == [f"a connection to ('{DOCUMENTATION_ADDRESS}', 9)"]


async def test_only_127_0_0_1_itself_is_allowed_not_all_of_127_0_0_0_8(
    offline_guard: OfflineGuard,
) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(SocketConnectBlockedError):
            await session.get("http://127.0.0.2:9/")
    assert offline_guard.take_blocked() == ["a connection to ('127.0.0.2', 9)"]


async def test_names_other_than_localhost_are_not_resolved(offline_guard: OfflineGuard) -> None:
    assert offline_guard.installed  # else the lookup below would query a real resolver
    with pytest.raises(SocketBlockedError):
        socket.getaddrinfo("api.groq.com", 443)
    with pytest.raises(SocketBlockedError):
        await asyncio.get_running_loop().getaddrinfo("slack.com", 443)
    assert offline_guard.take_blocked() == [
        "a name lookup of 'api.groq.com'",
        "a name lookup of 'slack.com'",
    ]
    assert {a[4][0] for a in socket.getaddrinfo("localhost", 80)} <= {"127.0.0.1", "::1"}


def test_a_refusal_the_code_swallowed_still_fails_the_test(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(
        test_swallows=f"""
        import socket

        def test_swallows_the_refusal():
            try:
                socket.socket(socket.AF_INET, socket.SOCK_DGRAM).connect(
                    ("{DOCUMENTATION_ADDRESS}", 9)
                )
            except Exception:
                pass  # as a client falling back to its next provider would

        def test_stays_on_loopback():
            socket.getaddrinfo("127.0.0.1", 80)
        """
    )
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    result = pytester.runpytest_subprocess(
        "-p",
        "tests.offline",
        "--allow-hosts=127.0.0.1,::1",
        "-o",
        "asyncio_default_fixture_loop_scope=function",
    )
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of test_swallows_the_refusal*",
            f"*tried to reach beyond 127.0.0.1 / ::1: a connection to ('{DOCUMENTATION_ADDRESS}'*",
        ]
    )
