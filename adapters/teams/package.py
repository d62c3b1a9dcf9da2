"""The Teams app package: ``manifest.json`` plus two icons, zipped, ready to upload to Teams.

The icons are drawn here (a door with an arrow leaving it) and written as PNGs with zlib and
struct, so the package needs no imaging library.
"""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MANIFEST_VERSION = "1.16"
MANIFEST_SCHEMA = (
    "https://developer.microsoft.com/en-us/json-schemas/teams/v1.16/MicrosoftTeams.schema.json"
)
COLOR_ICON = "color.png"
OUTLINE_ICON = "outline.png"
COLOR_SIZE = 192
OUTLINE_SIZE = 32
ACCENT = (0x4F, 0x46, 0xE5)
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


class PackageError(ValueError):
    """The package cannot be built as asked; the message says which value is wrong."""


@dataclass(frozen=True, slots=True)
class BotCommand:
    title: str
    description: str


PERSONAL_COMMANDS = (
    BotCommand("help", "What you can say (and, for HR, the commands)"),
    BotCommand("pause", "Take a break from your exit interview"),
    BotCommand("resume", "Carry on where you left off"),
    BotCommand("start", "HR: start @person [dept=…] [last_day=YYYY-MM-DD]"),
    BotCommand("list", "HR: the newest interviews, with ids"),
    BotCommand("show", "HR: show ID, an interview's summary and transcript"),
    BotCommand("stats", "HR: stats [30d|90d|365d]"),
    BotCommand("ask", "HR: ask a question about the stored reports"),
    BotCommand("remind", "HR: remind ID, nudge an idle interview"),
    BotCommand("cancel", "HR: cancel ID, withdraw an invitation"),
)
TEAM_COMMANDS = (
    BotCommand("digest here", "HR: post the digest in this channel from now on"),
    BotCommand("digest now", "HR: post the digest now"),
    BotCommand("stats", "HR: counts, reasons and eNPS (answered privately)"),
    BotCommand("list", "HR: the newest interviews (answered privately)"),
    BotCommand("help", "The HR commands"),
)


@dataclass(frozen=True, slots=True)
class PackageDetails:
    """What the manifest says about the app and its publisher."""

    app_id: str
    version: str
    developer_name: str = "ExitBot"
    website_url: str = "https://github.com/exitbot/exitbot"
    privacy_url: str = "https://github.com/exitbot/exitbot#privacy"
    terms_url: str = "https://github.com/exitbot/exitbot#license"


def build_package(details: PackageDetails) -> bytes:
    """The zip (manifest.json, color.png, outline.png) as bytes."""
    manifest = build_manifest(details)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        archive.writestr(COLOR_ICON, color_icon())
        archive.writestr(OUTLINE_ICON, outline_icon())
    return buffer.getvalue()


def build_manifest(details: PackageDetails) -> dict[str, Any]:
    if not _GUID.match(details.app_id or ""):
        raise PackageError(
            f"MICROSOFT_APP_ID: {details.app_id!r} is not the bot's app id "
            "(a GUID such as 00000000-0000-0000-0000-000000000000)"
        )
    for name in ("website_url", "privacy_url", "terms_url"):
        if not str(getattr(details, name)).startswith("https://"):
            raise PackageError(f"{name.replace('_', '-')}: Teams requires an https:// address")
    return {
        "$schema": MANIFEST_SCHEMA,
        "manifestVersion": MANIFEST_VERSION,
        "version": _semver(details.version),
        "id": details.app_id,
        "developer": {
            "name": details.developer_name,
            "websiteUrl": details.website_url,
            "privacyUrl": details.privacy_url,
            "termsOfUseUrl": details.terms_url,
        },
        "name": {"short": "ExitBot", "full": "ExitBot exit interviews"},
        "description": {
            "short": "Friendly, private exit interviews in a chat.",
            "full": (
                "ExitBot runs exit interviews as a conversation in a personal chat: departing "
                "employees answer at their own pace, can skip, pause, stop or delete their "
                "answers at any time, and may stay anonymous. HR starts interviews, reads "
                "summaries and gets a weekly digest in a channel."
            ),
        },
        "icons": {"color": COLOR_ICON, "outline": OUTLINE_ICON},
        "accentColor": "#{:02X}{:02X}{:02X}".format(*ACCENT),
        "bots": [
            {
                "botId": details.app_id,
                "scopes": ["personal", "team"],
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [
                    {"scopes": ["personal"], "commands": _commands(PERSONAL_COMMANDS)},
                    {"scopes": ["team"], "commands": _commands(TEAM_COMMANDS)},
                ],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [],
    }


def color_icon(size: int = COLOR_SIZE) -> bytes:
    """Full-colour icon: the white glyph on the accent colour."""
    white = (255, 255, 255, 255)
    background = (*ACCENT, 255)
    return png(size, size, lambda u, v: white if _glyph(u, v) else background)


def outline_icon(size: int = OUTLINE_SIZE) -> bytes:
    """Outline icon: the glyph in white on transparency, as Teams requires."""
    return png(size, size, lambda u, v: (255, 255, 255, 255) if _glyph(u, v) else (0, 0, 0, 0))


def png(
    width: int, height: int, pixel: Callable[[float, float], tuple[int, int, int, int]]
) -> bytes:
    """An RGBA PNG; ``pixel(u, v)`` gets the pixel centre in 0..1 coordinates."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(pixel((x + 0.5) / width, (y + 0.5) / height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _glyph(u: float, v: float) -> bool:
    """A door frame with an arrow leaving through it."""
    stroke = 0.08
    left, right, top, bottom = 0.2, 0.52, 0.18, 0.82
    inside_frame = left <= u <= right and top <= v <= bottom
    inside_hole = left + stroke <= u <= right - stroke and top + stroke <= v <= bottom - stroke
    frame = inside_frame and not inside_hole and not (u > right - stroke and 0.38 < v < 0.62)
    shaft = 0.36 <= u <= 0.68 and abs(v - 0.5) <= stroke / 2
    head = 0.64 <= u <= 0.86 and abs(v - 0.5) <= (0.86 - u) * 0.75
    return frame or shaft or head


def _commands(commands: tuple[BotCommand, ...]) -> list[dict[str, str]]:
    return [{"title": c.title, "description": c.description} for c in commands]


def _semver(version: str) -> str:
    match = re.match(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?", version)
    if not match:
        return "1.0.0"
    return ".".join(part or "0" for part in match.groups())
