"""The HTTP Pega face (docs/pega-face.md, docs/pega-face.openapi.yaml) on http.server.

    GET    /health                                     200 {"status": "ok", ...}
    POST   /sessions                                   201 {"sessionId", "sessionSecret"} | 400 {"error"}
    DELETE /sessions/{sessionId}                       204 | 404
    POST   /sessions/{sessionId}/activities/{activity} 200 {"ok": true} | 422 failure | 400/404 {"error"}

Every body is JSON of at most 64 KiB and is checked before use; a refusal names the field. Bodies
are never logged (they carry passwords). Session ids are random, and every call on a session must
carry the X-Session-Secret its POST /sessions answered: no other client can drive or end it.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from events import EventPoster
from session import ACTIVITY_MODES, Session
from settings import SettingsError, parse_settings

NAME, VERSION = "switchboard-python-example", "0.1.0"
MAX_BODY_BYTES = 64 * 1024
FAILED_STATUS = 422
STRING_FIELDS = ("DN", "CallID", "HeldCallId", "AgentID", "AgentPassword", "Queue", "WorkMode", "Destination", "Digits")
SECRET_FIELDS = ("AgentPassword", "password")

log = logging.getLogger("face")


class BadRequest(Exception):
    def __init__(self, status: int, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error


def check_page(page: object) -> dict:
    """The adapter-page properties (ActivityRequest): a flat object of known fields."""
    if not isinstance(page, dict):
        raise BadRequest(400, "(root): expected an object of adapter-page properties")
    for key, value in page.items():
        shown = "a value (not shown)" if key in SECRET_FIELDS else json.dumps(value)[:60]
        if key in STRING_FIELDS:
            if not isinstance(value, str):
                raise BadRequest(400, f"{key}: expected a string, got {shown}")
        elif key == "CallData":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise BadRequest(400, f"CallData: expected an object of string values, got {shown}")
        elif key == "AgentOptions":
            options = value.get("pyOpenCTI", {}) if isinstance(value, dict) else None
            if not isinstance(options, dict) or not isinstance(options.get("pyReasonCode", ""), str):
                raise BadRequest(400, f"AgentOptions: expected {{\"pyOpenCTI\": {{\"pyReasonCode\": string}}}}, got {shown}")
        else:
            raise BadRequest(400, f"{key}: unexpected property; expected only {', '.join(STRING_FIELDS)}, AgentOptions, CallData")
    return page


class Sessions:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sessions: dict[str, tuple[Session, str]] = {}

    def create(self, body: object) -> tuple[str, str]:
        if not isinstance(body, dict):
            raise BadRequest(400, "(root): expected an object with eventServiceUrl and settings")
        for key in body:
            if key not in ("eventServiceUrl", "settings"):
                raise BadRequest(400, f"{key}: unexpected property; expected only eventServiceUrl, settings")
        url = body.get("eventServiceUrl")
        if not isinstance(url, str) or len(url) > 2048 or not re.fullmatch(r"https?://\S+", url):
            raise BadRequest(400, f"eventServiceUrl: expected an http:// or https:// URL, got {json.dumps(url)[:60] if url is not None else 'nothing'}")
        if "settings" not in body:
            raise BadRequest(400, "settings: expected the adapter settings, got nothing")
        try:
            settings = parse_settings(body["settings"])
        except SettingsError as error:
            raise BadRequest(400, str(error)) from None
        session_id, secret = secrets.token_urlsafe(16), secrets.token_urlsafe(24)
        session = Session(session_id, settings, EventPoster(url, session_id))
        with self._lock:
            self._sessions[session_id] = (session, secret)
        log.info("session %s opened (%s telephony, CTI server %s)", session_id, settings.mode, session.server)
        return session_id, secret

    def _held(self, session_id: str, presented: str | None) -> bool:
        entry = self._sessions.get(session_id)
        return entry is not None and presented is not None and hmac.compare_digest(entry[1].encode(), presented.encode())

    def get(self, session_id: str, presented: str | None) -> Session:
        with self._lock:
            if not self._held(session_id, presented):
                raise BadRequest(404, f"sessionId: no session {json.dumps(session_id[:64])} for this X-Session-Secret (ended, never opened, or opened by another client); open one with POST /sessions")
            return self._sessions[session_id][0]

    def end(self, session_id: str, presented: str | None) -> None:
        with self._lock:
            if not self._held(session_id, presented):
                raise BadRequest(404, f"sessionId: no session {json.dumps(session_id[:64])} for this X-Session-Secret (ended, never opened, or opened by another client)")
            session, _ = self._sessions.pop(session_id)
        session.end()
        log.info("session %s ended", session_id)

    def end_all(self) -> None:
        with self._lock:
            entries = list(self._sessions.items())
        for session_id, (_, secret) in entries:
            try:
                self.end(session_id, secret)
            except BadRequest:
                pass


class FaceHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave as separate writes; do not wait for ACKs between
    server_version = f"{NAME}/{VERSION}"
    sessions: Sessions  # set on the class by serve()

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def _handle(self, method: str) -> None:
        self._body_read = False  # one handler serves every request of a keep-alive connection
        parts = [unquote(p) for p in urlsplit(self.path).path.split("/")[1:]]
        try:
            if parts == ["health"]:
                self._allow(method, "GET")
                return self._send(200, {"status": "ok", "name": NAME, "version": VERSION})
            if parts == ["sessions"]:
                self._allow(method, "POST")
                session_id, secret = self.sessions.create(self._body())
                return self._send(201, {"sessionId": session_id, "sessionSecret": secret})
            if len(parts) == 2 and parts[0] == "sessions":
                self._allow(method, "DELETE")
                self._drain()
                self.sessions.end(parts[1], self.headers.get("X-Session-Secret"))
                return self._send(204, None)
            if len(parts) == 4 and parts[0] == "sessions" and parts[2] == "activities":
                self._allow(method, "POST")
                session = self.sessions.get(parts[1], self.headers.get("X-Session-Secret"))
                if parts[3] not in ACTIVITY_MODES:
                    raise BadRequest(404, f"activity: \"{parts[3]}\" is not a Pega Call activity")
                result = session.invoke(parts[3], check_page(self._body()))
                return self._send(200 if result["ok"] else FAILED_STATUS, result)
            raise BadRequest(404, f"no route {method} {urlsplit(self.path).path}")
        except BadRequest as refusal:
            self._drain()
            self._send(refusal.status, {"error": refusal.error})
        except Exception:
            log.exception("%s %s failed", method, urlsplit(self.path).path)
            self._drain()
            self._send(500, {"error": "the adapter failed on this request; see its log"})

    def _allow(self, method: str, allowed: str) -> None:
        if method != allowed:
            raise BadRequest(405, f"{method} is not served on {urlsplit(self.path).path}; use {allowed}")

    _body_read = False

    def _body(self) -> object:
        self._body_read = True
        if not self.headers.get("Content-Type", "").lower().startswith("application/json"):
            self._skip()
            raise BadRequest(415, "the body must be JSON with Content-Type: application/json")
        if self.headers.get("Transfer-Encoding") is not None:
            self.close_connection = True
            raise BadRequest(411, "send the body with a Content-Length, not chunked")
        length = self.headers.get("Content-Length", "0")
        if not length.isdigit():
            self.close_connection = True
            raise BadRequest(400, f"Content-Length: expected a number of bytes, got {length!r}")
        if int(length) > MAX_BODY_BYTES:
            self.close_connection = True
            raise BadRequest(413, f"the body is {length} bytes; at most {MAX_BODY_BYTES} are accepted")
        try:
            return json.loads(self.rfile.read(int(length)).decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            raise BadRequest(400, f"(root): the body is not JSON ({error})") from None

    def _skip(self) -> None:
        if self.headers.get("Transfer-Encoding") is not None:
            self.close_connection = True
            return
        length = self.headers.get("Content-Length", "0")
        if length.isdigit() and int(length) <= MAX_BODY_BYTES:
            self.rfile.read(int(length))
        else:
            self.close_connection = True

    def _drain(self) -> None:
        """Reads an unread body so the connection can carry the next request."""
        if not self._body_read:
            self._body_read = True
            self._skip()

    def _send(self, status: int, body: object) -> None:
        data = b"" if body is None else json.dumps(body).encode("utf-8")
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        log.debug("%s - %s", self.address_string(), format % args)


class FaceServer(ThreadingHTTPServer):
    daemon_threads = True


def serve(host: str, port: int) -> tuple[FaceServer, Sessions]:
    sessions = Sessions()
    handler = type("BoundFaceHandler", (FaceHandler,), {"sessions": sessions})
    return FaceServer((host, port), handler), sessions
