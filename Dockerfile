# ExitBot: one image for `exitbot serve` (and every other exitbot command).
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY exitbot ./exitbot
COPY adapters ./adapters
RUN python -m venv /opt/exitbot && /opt/exitbot/bin/pip install .

FROM python:3.11-slim
ENV PATH=/opt/exitbot/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    LOG_FORMAT=json \
    PORT=3978 \
    DATABASE_URL=sqlite+aiosqlite:////data/exitbot.db
RUN useradd --create-home --uid 10001 exitbot && mkdir /data && chown exitbot /data
COPY --from=build /opt/exitbot /opt/exitbot
USER exitbot
WORKDIR /data
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"3978\")}/readyz', timeout=4)"
CMD ["exitbot", "serve", "--host", "0.0.0.0"]
