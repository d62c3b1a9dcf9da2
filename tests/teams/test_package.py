"""`exitbot teams-package`: the zip Teams accepts as an app upload."""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from exitbot.cli import cli

APP_ID = "0c5a1f52-8d5b-4c43-9a0e-1b2c3d4e5f60"


def _png_size_and_pixels(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, width, height, idat = 8, 0, 0, b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert (depth, colour) == (8, 6)  # 8-bit RGBA
        elif kind == b"IDAT":
            idat += body
        offset += 12 + length
    return width, height, zlib.decompress(idat)


def test_the_package_has_the_manifest_and_both_icons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MICROSOFT_APP_ID", APP_ID)
    monkeypatch.setenv("MICROSOFT_APP_PASSWORD", "app-secret")
    output = tmp_path / "exitbot-teams.zip"

    result = CliRunner().invoke(cli, ["teams-package", "--output", str(output)])

    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO(output.read_bytes())) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        color = _png_size_and_pixels(archive.read("color.png"))
        outline = _png_size_and_pixels(archive.read("outline.png"))

    assert manifest["id"] == APP_ID
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert set(bot["scopes"]) == {"personal", "team"}
    titles = {c["title"] for lst in bot["commandLists"] for c in lst["commands"]}
    assert {"help", "start", "list", "stats", "digest here"} <= titles
    assert all(len(lst["commands"]) <= 10 for lst in bot["commandLists"])
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert len(manifest["description"]["short"]) <= 80

    assert color[:2] == (192, 192)
    assert outline[:2] == (32, 32)
    # The outline icon may only hold white or fully transparent pixels, and shows a glyph.
    rows = outline[2]
    pixels = [
        rows[y * (1 + 32 * 4) + 1 + x * 4 : y * (1 + 32 * 4) + 1 + x * 4 + 4]
        for y in range(32)
        for x in range(32)
    ]
    assert set(pixels) == {b"\xff\xff\xff\xff", b"\x00\x00\x00\x00"}


def test_without_an_app_id_the_package_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MICROSOFT_APP_ID", raising=False)
    monkeypatch.delenv("MicrosoftAppId", raising=False)
    output = tmp_path / "pkg.zip"

    result = CliRunner().invoke(cli, ["teams-package", "--output", str(output)])

    assert result.exit_code != 0
    assert "MICROSOFT_APP_ID" in result.output
    assert not output.exists()
