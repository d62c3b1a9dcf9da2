"""Container health probe: exit 0 when ``exitbot serve`` answers PATH (default ``/healthz``).

The slim image has no curl or wget, and a probe written as ``python -c "…"`` inside a
Dockerfile or compose file is hard to read and to quote; this file is copied into the image
and used by both. It asks the server on loopback at ``PORT``, as the container sees it.

    python /opt/exitbot/healthcheck.py            # liveness: the process answers
    python /opt/exitbot/healthcheck.py /readyz    # readiness: the database answers too
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else "/healthz"
    url = f"http://127.0.0.1:{os.environ.get('PORT', '3978')}{path}"
    try:
        with urllib.request.urlopen(url, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"{url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
