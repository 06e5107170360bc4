"""Posts a session's events to its eventServiceUrl: one at a time, in order, each only after the
previous one was answered (docs/pega-face.md). A post that fails is logged and the event dropped.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import urllib.error
import urllib.request

POST_TIMEOUT_S = 5
# Loopback calls must not go through a proxy from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class EventPoster:
    def __init__(self, url: str, name: str) -> None:
        self._url = url
        self._queue: queue.Queue[dict | None] = queue.Queue()
        self._stopped = threading.Event()
        self._log = logging.getLogger(f"events.{name}")
        threading.Thread(target=self._run, name=f"events-{name}", daemon=True).start()

    def deliver(self, delivery: dict) -> None:
        if not self._stopped.is_set():
            self._queue.put(delivery)

    def stop(self) -> None:
        """Drops what is not posted yet, and everything later."""
        self._stopped.set()
        self._queue.put(None)

    def _run(self) -> None:
        while True:
            delivery = self._queue.get()
            if delivery is None or self._stopped.is_set():
                return
            self._post(delivery)

    def _post(self, delivery: dict) -> None:
        body = json.dumps(delivery).encode("utf-8")
        request = urllib.request.Request(self._url, data=body, method="POST", headers={"Content-Type": "application/json"})
        what = f"{delivery['event'].get('pyEventName')} for {delivery['DN']}"
        try:
            with _opener.open(request, timeout=POST_TIMEOUT_S) as answer:
                answer.read()
        except urllib.error.HTTPError as error:
            text = error.read().decode("utf-8", "replace")[:300]
            if error.code == 404:
                self._log.debug("event %s dropped: the session is over", what)
            else:
                self._log.warning("the event service refused %s: %s %s", what, error.code, text)
        except (urllib.error.URLError, OSError) as error:
            self._log.warning("event %s dropped: %s", what, error)
