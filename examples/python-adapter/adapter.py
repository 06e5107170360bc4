#!/usr/bin/env python3
"""A Pega Call OpenCTI adapter in Python (standard library only), Simple telephony.

It serves the HTTP Pega face (docs/pega-face.md) and speaks the CTI wire (docs/cti-wire.md) to the
CTI server each session is configured with. Certify it with:

    npx switchboard certify --adapter "cmd:python3 examples/python-adapter/adapter.py" --mode simple

Started by the harness, it serves on $SWITCHBOARD_PORT at $SWITCHBOARD_HOST (default
127.0.0.1:7010). It stops on SIGTERM or Ctrl-C, closing every session first.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

from face import serve


def main() -> int:
    parser = argparse.ArgumentParser(description="Pega Call OpenCTI example adapter (Simple telephony)")
    parser.add_argument("--host", default=os.environ.get("SWITCHBOARD_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SWITCHBOARD_PORT", "7010")))
    parser.add_argument("--verbose", action="store_true", help="log every HTTP request")
    args = parser.parse_args()
    logging.basicConfig(stream=sys.stderr, level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log = logging.getLogger("adapter")

    try:
        server, sessions = serve(args.host, args.port)
    except OSError as error:
        log.error("cannot serve the Pega face on %s:%s: %s", args.host, args.port, error)
        return 2
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    threading.Thread(target=server.serve_forever, name="face", daemon=True).start()
    log.info("Pega face listening on http://%s:%s", args.host, server.server_address[1])

    stop.wait()
    log.info("stopping: closing every session")
    server.shutdown()
    sessions.end_all()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
