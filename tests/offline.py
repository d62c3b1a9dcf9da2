"""The offline guard: a test may reach 127.0.0.1 and ::1, and nothing else.

pytest-socket refuses every ``connect()`` to another address (``--allow-hosts`` in pyproject's
``addopts``, so ``python -m pytest`` always applies it). This plugin closes its two gaps:

- a refused connection fails the test even when the code under test swallowed the error (an LLM
  chain falling back to its next provider, a delivery loop retrying), because the attempt is
  recorded and reported when the test ends;
- host names other than ``localhost`` are not resolved at all: the resolver's query would itself
  leave the machine, and pytest-socket only watches ``connect()``.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytest_socket import SocketBlockedError, SocketConnectBlockedError

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


class OfflineGuard:
    """Records what a test tried to reach beyond loopback while it is installed."""

    def __init__(self) -> None:
        self.blocked: list[str] = []
        # What was in place before ``install`` (pytest-socket's connect guard, the real resolver).
        self._connect: Any = None
        self._getaddrinfo: Any = None
        self._gethostbyname: Any = None
        # Bound once, so that ``uninstall`` can tell its own functions by identity.
        self._guarded_connect = self._connect_guard()
        self._guarded_getaddrinfo = self._resolve_guarded
        self._guarded_gethostbyname = self._gethostbyname_guarded

    @property
    def installed(self) -> bool:
        return socket.getaddrinfo is self._guarded_getaddrinfo

    def take_blocked(self) -> list[str]:
        """What was refused so far, forgotten so that it no longer fails the test."""
        blocked, self.blocked = self.blocked, []
        return blocked

    def install(self) -> None:
        self._connect = socket.socket.connect
        self._getaddrinfo = socket.getaddrinfo
        self._gethostbyname = socket.gethostbyname
        socket.socket.connect = self._guarded_connect  # type: ignore[method-assign]
        socket.getaddrinfo = self._guarded_getaddrinfo
        socket.gethostbyname = self._guarded_gethostbyname

    def uninstall(self) -> None:
        # pytest-socket may already have put its own functions back; leave those alone.
        if socket.socket.connect is self._guarded_connect:
            socket.socket.connect = self._connect  # type: ignore[method-assign]
        if self.installed:
            socket.getaddrinfo = self._getaddrinfo
        if socket.gethostbyname is self._guarded_gethostbyname:
            socket.gethostbyname = self._gethostbyname

    def _connect_guard(self) -> Callable[..., Any]:
        """A ``socket.connect`` (a plain function, so that it binds to the socket) recording
        what the connect it wraps refused."""

        def guarded_connect(sock: socket.socket, *args: Any) -> Any:
            try:
                return self._connect(sock, *args)
            except SocketConnectBlockedError:
                self.blocked.append(f"a connection to {args[0]!r}")
                raise

        return guarded_connect

    def _resolve_guarded(self, host: Any, *args: Any, **kwargs: Any) -> Any:
        self._refuse_name(host)
        return self._getaddrinfo(host, *args, **kwargs)

    def _gethostbyname_guarded(self, host: str) -> str:
        self._refuse_name(host)
        return str(self._gethostbyname(host))

    def _refuse_name(self, host: Any) -> None:
        name = host.decode() if isinstance(host, bytes) else host
        if name is None or name == "" or _is_address(name) or _is_loopback_name(name):
            return
        self.blocked.append(f"a name lookup of {name!r}")
        raise SocketBlockedError(f"A test tried to resolve {name!r}; only loopback is allowed.")


@pytest.fixture(autouse=True)
def offline_guard() -> Iterator[OfflineGuard]:
    """Every test runs behind the guard; it fails if it tried to reach beyond loopback."""
    guard = OfflineGuard()
    guard.install()
    try:
        yield guard
    finally:
        guard.uninstall()
    if guard.blocked:
        pytest.fail(
            "the test tried to reach beyond 127.0.0.1 / ::1: " + "; ".join(guard.blocked),
            pytrace=False,
        )


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _is_loopback_name(name: str) -> bool:
    lowered = name.lower().rstrip(".")
    return lowered in LOOPBACK_NAMES or lowered.endswith(".localhost")
