"""One application session on the CTI link (docs/cti-wire.md): StartApplicationSession, requests
correlated with their Response or Error by invokeId, events handed to a callback, and the link
declared lost when the server closes it or nothing is heard for two heartbeat intervals.

A reader thread owns the socket's input. on_event and on_lost run on that thread, in frame order;
they must be quick and must not wait for a response (they would wait for themselves). A frame that
does not decode, or is not one the wire defines, is logged and skipped: the server cannot crash us.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Callable

from ws_client import ConnectTimeout, Unreachable, WebSocket, WebSocketError

PROTOCOL_VERSION = "1"
MAX_FRAME_BYTES = 64 * 1024
MAX_INVOKE_ID = 2**31 - 1
HEARTBEATS_MISSED = 2

log = logging.getLogger("cti-link")


class LinkFailure(Exception):
    """Why a request got no answer, in the words of docs/error-codes.md.

    kind: unreachable | connectTimeout | requestTimeout | linkLost | notOpen, or the CTI server's
    own error code (authenticationFailed, invalidDeviceId, ...).
    """

    def __init__(self, kind: str, request: str | None = None, reason: str | None = None, timeout_ms: int | None = None) -> None:
        super().__init__(f"{kind}{'' if request is None else f' on {request}'}{'' if not reason else f' ({reason})'}")
        self.kind = kind
        self.request = request
        self.reason = reason
        self.timeout_ms = timeout_ms


class _Pending:
    def __init__(self, request: str, on_response: Callable[[dict], None] | None) -> None:
        self.request = request
        self.on_response = on_response
        self.done = threading.Event()
        self.result: dict | None = None
        self.failure: LinkFailure | None = None


class CtiLink:
    def __init__(self, ws: WebSocket, request_ms: int, on_event: Callable[[dict], None], on_lost: Callable[["CtiLink", str], None]) -> None:
        self._ws = ws
        self._request_ms = request_ms
        self._on_event = on_event
        self._on_lost = on_lost
        self._lock = threading.Lock()
        self._pending: dict[int, _Pending] = {}
        self._last_invoke_id = 0
        self._state = "starting"  # starting | open | closing | closed | lost
        self._silence_s: float | None = None
        self._reader = threading.Thread(target=self._read_loop, name="cti-link-reader", daemon=True)

    @classmethod
    def open(cls, url: str, user: str, password: str, application_id: str, connect_ms: int, request_ms: int,
             on_event: Callable[[dict], None], on_lost: Callable[["CtiLink", str], None]) -> "CtiLink":
        """Connects and starts the application session. on_lost(link, reason) is called once if the
        link, once open, is lost (not when the adapter closes or abandons it)."""
        try:
            ws = WebSocket.connect(url, connect_ms / 1000, MAX_FRAME_BYTES)
        except ConnectTimeout:
            raise LinkFailure("connectTimeout", timeout_ms=connect_ms) from None
        except Unreachable as error:
            raise LinkFailure("unreachable", reason=str(error)) from None
        except WebSocketError as error:
            raise LinkFailure("unreachable", reason=str(error)) from None
        link = cls(ws, request_ms, on_event, on_lost)
        link._reader.start()
        try:
            result = link.request({"type": "StartApplicationSession", "applicationId": application_id, "user": user,
                                   "password": password, "protocolVersion": PROTOCOL_VERSION}, on_response=link._heed_heartbeat)
        except LinkFailure:
            link._lose("the application session did not start", notify=False)
            raise
        with link._lock:
            if link._state != "starting":  # lost right after the answer
                raise LinkFailure("linkLost", request="StartApplicationSession", reason="the CTI server closed the connection")
            link._state = "open"
        log.info("CTI application session %s started", result.get("sessionId"))
        return link

    @property
    def is_open(self) -> bool:
        return self._state == "open"

    def request(self, frame: dict, on_response: Callable[[dict], None] | None = None) -> dict:
        """Sends a request and waits for its Response (returns the result) or Error (raises LinkFailure)."""
        kind = frame["type"]
        with self._lock:
            if self._state not in ("starting", "open", "closing"):
                raise LinkFailure("notOpen", request=kind)
            self._last_invoke_id = 1 if self._last_invoke_id >= MAX_INVOKE_ID else self._last_invoke_id + 1
            invoke_id = self._last_invoke_id
            pending = _Pending(kind, on_response)
            self._pending[invoke_id] = pending
        try:
            self._ws.send_text(json.dumps({**frame, "invokeId": invoke_id}))
        except (OSError, WebSocketError) as error:
            with self._lock:
                self._pending.pop(invoke_id, None)
            raise LinkFailure("linkLost", request=kind, reason=str(error)) from None
        if not pending.done.wait(self._request_ms / 1000):
            with self._lock:
                self._pending.pop(invoke_id, None)
            raise LinkFailure("requestTimeout", request=kind, timeout_ms=self._request_ms)
        if pending.failure is not None:
            raise pending.failure
        return pending.result or {}

    def close(self) -> None:
        """StopApplicationSession, then the closing handshake. Best effort; never raises."""
        with self._lock:
            was_open = self._state == "open"
            if self._state in ("closed", "lost"):
                return
            self._state = "closing"
        if was_open:
            try:
                self.request({"type": "StopApplicationSession"})
            except LinkFailure as failure:
                log.warning("StopApplicationSession failed (%s); closing the link anyway", failure)
        self._ws.close(wait_s=self._request_ms / 1000)
        with self._lock:
            self._state = "closed"
        self._fail_all("closed by the adapter")

    def abandon(self, reason: str) -> None:
        """Drops the socket without ceremony and fails what waits; on_lost is not called."""
        self._lose(reason, notify=False)

    # ------------------------------------------------------------------ the reader

    def _heed_heartbeat(self, result: dict) -> None:
        """On the reader thread, before it waits for the next frame: from now on silence is bounded."""
        interval = result.get("heartbeatIntervalMs")
        if isinstance(interval, int) and not isinstance(interval, bool) and interval > 0:
            self._silence_s = HEARTBEATS_MISSED * interval / 1000

    def _read_loop(self) -> None:
        while True:
            try:
                text = self._ws.receive(timeout_s=self._silence_s)
            except TimeoutError:
                self._lose(f"nothing heard from the CTI server for {int((self._silence_s or 0) * 1000)} ms: heartbeats missed", notify=True)
                return
            if text is None:
                self._lose("the CTI server closed the connection", notify=True)
                return
            try:
                frame = json.loads(text)
            except ValueError:
                log.warning("malformed CTI frame skipped: not JSON")
                continue
            try:
                self._dispatch(frame)
            except Exception:  # a bad frame must never take the link down
                log.exception("handling a CTI frame failed; frame skipped")

    def _dispatch(self, frame: object) -> None:
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            log.warning("malformed CTI frame skipped: expected an object with a type")
            return
        kind = frame["type"]
        if kind == "Response":
            pending = self._take(frame.get("invokeId"))
            result = frame.get("result")
            if pending is None:
                log.warning("CTI response %r skipped: no request waits for it", frame.get("invokeId"))
            elif frame.get("request") != pending.request or not isinstance(result, dict):
                pending.failure = LinkFailure("malformedFrame", request=pending.request,
                                              reason=f"the CTI server answered {pending.request} with {frame.get('request')!r}")
                pending.done.set()
            else:
                try:
                    if pending.on_response is not None:
                        pending.on_response(result)  # before any later event frame is handled
                except Exception:
                    log.exception("handling the answer to %s failed", pending.request)
                finally:
                    pending.result = result
                    pending.done.set()
        elif kind == "Error":
            error = frame.get("error")
            code = error.get("code") if isinstance(error, dict) else None
            message = error.get("message") if isinstance(error, dict) else None
            pending = self._take(frame.get("invokeId"))
            if pending is None:
                log.warning("CTI error not tied to a waiting request: %s %s", code, message)
                return
            pending.failure = LinkFailure(code if isinstance(code, str) else "malformedFrame", request=pending.request,
                                          reason=message if isinstance(message, str) else None)
            pending.done.set()
        elif kind == "Event":
            if isinstance(frame.get("monitorId"), str) and isinstance(frame.get("seq"), int) and isinstance(frame.get("event"), dict):
                self._on_event(frame)
            else:
                log.warning("malformed CTI event skipped: expected monitorId, seq and event")
        elif kind == "SystemStatus":
            pass
        else:
            log.warning("CTI frame of unknown type %r skipped", kind)

    def _take(self, invoke_id: object) -> _Pending | None:
        if not isinstance(invoke_id, int):
            return None
        with self._lock:
            return self._pending.pop(invoke_id, None)

    def _fail_all(self, reason: str) -> None:
        with self._lock:
            pending = list(self._pending.values())
            self._pending.clear()
        for entry in pending:
            entry.failure = LinkFailure("linkLost", request=entry.request, reason=reason)
            entry.done.set()

    def _lose(self, reason: str, notify: bool) -> None:
        with self._lock:
            state = self._state
            if state in ("closed", "lost"):
                return
            if state != "closing":
                self._state = "lost"
        self._fail_all(reason)
        if state == "closing":
            return  # close() finishes the job
        self._ws.abort()
        if state == "open" and notify:
            log.warning("CTI link lost: %s", reason)
            self._on_lost(self, reason)
