# syntax=docker/dockerfile:1
# ExitBot: one image for `exitbot serve` and every other exitbot command
# (`docker run IMAGE db upgrade`, `docker run -it IMAGE chat`).
#
# Every runtime dependency installs from a binary wheel (--only-binary=:all: enforces it), so
# neither stage needs a compiler. Versions come from constraints.txt, which CI keeps in step
# with pyproject.toml (tools/constraints.py).

ARG PYTHON_VERSION=3.11.14

FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ONLY_BINARY=:all:
WORKDIR /src
RUN python -m venv /opt/exitbot
# Dependencies first: this layer is rebuilt only when constraints.txt changes.
COPY constraints.txt ./
RUN /opt/exitbot/bin/pip install --no-cache-dir --requirement constraints.txt
COPY pyproject.toml README.md LICENSE ./
COPY exitbot ./exitbot
COPY adapters ./adapters
RUN /opt/exitbot/bin/pip install --no-cache-dir --constraint constraints.txt . \
    && /opt/exitbot/bin/pip check

FROM python:${PYTHON_VERSION}-slim-bookworm
LABEL org.opencontainers.image.title="ExitBot" \
      org.opencontainers.image.description="Exit interviews in Slack and Microsoft Teams" \
      org.opencontainers.image.licenses="MIT"
ENV PATH=/opt/exitbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    LOG_FORMAT=json \
    PORT=3978 \
    DATABASE_URL=sqlite+aiosqlite:////data/exitbot.db
RUN groupadd --system --gid 10001 exitbot \
    && useradd --system --uid 10001 --gid exitbot --create-home --home-dir /home/exitbot \
       --shell /usr/sbin/nologin exitbot \
    && mkdir /data \
    && chown exitbot:exitbot /data
COPY --from=build /opt/exitbot /opt/exitbot
COPY deploy/healthcheck.py /opt/exitbot/healthcheck.py
USER 10001:10001
WORKDIR /data
# SQLite's database (the default DATABASE_URL); unused when DATABASE_URL names PostgreSQL.
VOLUME ["/data"]
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "/opt/exitbot/healthcheck.py", "/healthz"]
ENTRYPOINT ["exitbot"]
CMD ["serve", "--host", "0.0.0.0"]
