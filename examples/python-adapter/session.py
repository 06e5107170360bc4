"""One CSR session: its CTI link, the extensions it monitors, and the Simple-telephony activities.

Activities run one at a time (op_lock). The gates that stop delivery close the moment
UnSubscribeForEvents, LogoutAgent or CloseAdapter arrives, before their requests reach the CTI
server, so no event for that extension reaches the desktop after the request.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from urllib.parse import urlsplit

from cti_link import CtiLink, LinkFailure
from events import EventPoster
from mapping import MonitorView, shown
from settings import Settings

# Every Pega Call activity and the first mode it belongs to (docs/pega-face.openapi.yaml, ActivityName).
ACTIVITY_MODES = {
    "OpenAdapter": "simple", "CloseAdapter": "simple", "SubscribeForEvents": "simple", "UnSubscribeForEvents": "simple",
    "LoginAgent": "simple", "LogoutAgent": "simple", "SetAgentReady": "agent-state", "SetAgentNotReady": "agent-state",
    "AnswerCall": "full", "HangUpCall": "full", "HoldCall": "full", "RetrieveCall": "full", "MakeCall": "full",
    "SendDTMF": "full", "ConsultationCall": "full", "ConferenceInitiate": "full", "ConferenceComplete": "full",
    "DropParty": "full", "TransferInitiate": "full", "TransferComplete": "full", "BlindTransfer": "full",
}
MODE_TITLES = {"simple": "Simple telephony", "agent-state": "Simple telephony with agent state", "full": "Full telephony"}
WHY_ABSENT = {"agent-state": "agent state is managed at the phone", "full": "calls are controlled at the phone"}
OK = {"ok": True}


def failure(code: str, message: str) -> dict:
    """An activity failure: the same text in all three fields (Pega's server-side guide, step 8)."""
    return {"ok": False, "errCode": code, "errMessage": message, "pyStatusMessage": message, "pyPegaCTIError": message}


def _because(reason: str | None) -> str:
    return f" ({reason})" if reason else ""


def link_failure(f: LinkFailure, server: str, user: str, dn: str | None = None) -> dict:
    """The OPENCTI_* code and message of a CTI failure (docs/error-codes.md)."""
    subject = f"{f.request or 'the request'}{'' if dn is None else f' for extension {dn}'}"
    at = f"The CTI server at {server}"
    if f.kind == "unreachable":
        return failure("OPENCTI_HTTP_ERROR_503", f"{at} cannot be reached{_because(f.reason)}")
    if f.kind == "connectTimeout":
        return failure("OPENCTI_HTTP_ERROR_504", f"{at} did not accept the connection within {f.timeout_ms} ms")
    if f.kind == "requestTimeout":
        return failure("OPENCTI_HTTP_ERROR_408", f"{at} did not answer {subject} within {f.timeout_ms} ms")
    if f.kind == "linkLost":
        return failure("OPENCTI_HTTP_ERROR_503", f"The connection to the CTI server at {server} was lost{_because(f.reason)}")
    if f.kind == "notOpen":
        return failure("OPENCTI_HTTP_ERROR_503", f"The adapter is not connected to the CTI server at {server}")
    if f.kind == "authenticationFailed":
        return failure("OPENCTI_HTTP_ERROR_401", f'{at} refused the CTI link user "{user}": check the user name and password')
    if f.kind == "invalidDeviceId":
        return failure("OPENCTI_HTTP_ERROR_404", f"Extension {dn or '(unknown)'} is not known to the CTI server")
    if f.kind == "serviceUnavailable":
        return failure("OPENCTI_HTTP_ERROR_503", f"{at} cannot serve {subject} now{_because(f.reason)}")
    # The adapter and the server disagree: nothing the CSR can fix.
    return failure("OPENCTI_CF_GENERIC_OPERATION", f"{at} refused {subject}{_because(f.reason)}")


class Monitor:
    def __init__(self, dn: str, monitor_id: str) -> None:
        self.dn = dn
        self.monitor_id = monitor_id
        self.last_seq = 0
        self.view = MonitorView(dn)


class Session:
    def __init__(self, session_id: str, settings: Settings, poster: EventPoster) -> None:
        self.id = session_id
        self.settings = settings
        self.poster = poster
        self.log = logging.getLogger(f"session.{session_id}")
        self.server = urlsplit(settings.cti_url).netloc.rpartition("@")[2] or "the configured address"
        self._op_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._link: CtiLink | None = None
        self._by_dn: dict[str, Monitor] = {}
        self._by_id: dict[str, Monitor] = {}
        self._muted: Counter[str] = Counter()
        self._closing = 0

    # ------------------------------------------------------------------ activities

    def invoke(self, activity: str, page: dict) -> dict:
        handlers = {
            "OpenAdapter": lambda: self._serial(lambda: self._ensure_open()),
            "CloseAdapter": self.close,
            "SubscribeForEvents": lambda: self._subscribe(activity, page),
            "LoginAgent": lambda: self._subscribe(activity, page),  # Simple: monitor only, no ACD login (decision 0005)
            "UnSubscribeForEvents": lambda: self._unsubscribe(activity, page),
            "LogoutAgent": lambda: self._logout(page),
        }
        handler = handlers.get(activity)
        if handler is None:
            introduced = ACTIVITY_MODES[activity]
            result = failure("OPENCTI_HTTP_ERROR_405",
                             f"{activity} is not available in {MODE_TITLES[self.settings.mode]}: {WHY_ABSENT.get(introduced, '')}")
        else:
            try:
                result = handler()
            except Exception:
                self.log.exception("%s failed: adapter bug", activity)
                result = failure("OPENCTI_CF_GENERIC_OPERATION", f"{activity} failed inside the Python example adapter; see its log")
        # Only what identifies the request: the page may carry AgentPassword.
        if result["ok"]:
            self.log.info("%s succeeded (DN %s)", activity, page.get("DN"))
        else:
            self.log.info("%s failed (DN %s): %s %s", activity, page.get("DN"), result["errCode"], result["errMessage"])
        return result

    def close(self) -> dict:
        """CloseAdapter: stops every monitor, ends the application session, closes the socket. Always succeeds."""
        with self._state_lock:
            self._closing += 1
        try:
            with self._op_lock:
                with self._state_lock:
                    link, self._link = self._link, None
                    monitors = list(self._by_dn.values())
                    self._by_dn.clear()
                    self._by_id.clear()
                if link is None or not link.is_open:
                    return OK
                for monitor in monitors:
                    try:
                        link.request({"type": "MonitorStop", "monitorId": monitor.monitor_id})
                    except LinkFailure as f:
                        self.log.warning("MonitorStop for %s failed while closing: %s", monitor.dn, f)
                link.close()
                self.log.info("adapter closed")
                return OK
        finally:
            with self._state_lock:
                self._closing -= 1

    def end(self) -> None:
        """DELETE /sessions/{id}: no more events, and the link closed."""
        self.poster.stop()
        self.close()

    def _serial(self, action):
        with self._op_lock:
            return action()

    def _subscribe(self, activity: str, page: dict) -> dict:
        dn = self._read_dn(activity, page)
        if isinstance(dn, dict):
            return dn
        with self._op_lock:
            if dn in self._by_dn:
                return OK
            opened = self._ensure_open()
            if not opened["ok"]:
                return opened
            link = self._link
            if link is None:
                return link_failure(LinkFailure("notOpen", request="MonitorStart"), self.server, self.settings.user, dn)
            try:
                # Bound on the reader thread, before the monitor's first event is handled.
                link.request({"type": "MonitorStart", "deviceId": dn}, on_response=lambda result: self._bind(dn, result.get("monitorId")))
            except LinkFailure as f:
                return link_failure(f, self.server, self.settings.user, dn)
            self.log.info("extension %s monitored", dn)
            return OK

    def _unsubscribe(self, activity: str, page: dict) -> dict:
        dn = self._read_dn(activity, page)
        if isinstance(dn, dict):
            return dn
        with self._state_lock:
            self._muted[dn] += 1  # the gate closes now
        try:
            with self._op_lock:
                with self._state_lock:
                    monitor = self._by_dn.pop(dn, None)
                    if monitor is not None:
                        self._by_id.pop(monitor.monitor_id, None)
                if monitor is None:
                    return failure("OPENCTI_CF_INVALID_OBJECT_STATE", f"Extension {dn} is not subscribed for events")
                link = self._link
                if link is None or not link.is_open:
                    return OK  # without a link the server-side monitor is gone already
                try:
                    link.request({"type": "MonitorStop", "monitorId": monitor.monitor_id})
                except LinkFailure as f:
                    return link_failure(f, self.server, self.settings.user, dn)
                self.log.info("extension %s no longer monitored", dn)
                return OK
        finally:
            with self._state_lock:
                self._muted[dn] -= 1
                if self._muted[dn] <= 0:
                    del self._muted[dn]

    def _logout(self, page: dict) -> dict:
        """Simple telephony: stop monitoring DN, then close (Pega's LogoutAgent triggers both)."""
        with self._state_lock:
            self._closing += 1  # every gate closes now
        try:
            unsubscribed = self._unsubscribe("LogoutAgent", page)
            closed = self.close()
            return closed if unsubscribed["ok"] else unsubscribed
        finally:
            with self._state_lock:
                self._closing -= 1

    def _ensure_open(self) -> dict:
        """Connects and starts the application session, unless open already. Call with op_lock held."""
        if self._link is not None and self._link.is_open:
            return OK
        s = self.settings
        try:
            link = CtiLink.open(s.cti_url, s.user, s.password, s.application_id, s.connect_ms, s.request_ms, self._on_event, self._on_lost)
        except LinkFailure as f:
            return link_failure(f, self.server, s.user)
        with self._state_lock:
            self._link = link
        return OK

    def _read_dn(self, activity: str, page: dict) -> str | dict:
        dn = page.get("DN")
        if dn is None or dn == "":
            return failure("OPENCTI_CF_GENERIC_OPERATION", f"{activity} needs an extension: DN is missing from the adapter page")
        if not isinstance(dn, str) or not re.fullmatch(r"\+?[0-9]{1,32}", dn):
            return failure("OPENCTI_CF_GENERIC_OPERATION", f'{activity} cannot use DN "{dn}": expected digits, optionally led by +')
        return dn

    # ------------------------------------------------------------------ the link's callbacks (reader thread)

    def _bind(self, dn: str, monitor_id: object) -> None:
        if not isinstance(monitor_id, str):
            return
        monitor = Monitor(dn, monitor_id)
        with self._state_lock:
            self._by_dn[dn] = monitor
            self._by_id[monitor_id] = monitor

    def _on_event(self, frame: dict) -> None:
        with self._state_lock:
            monitor = self._by_id.get(frame["monitorId"])
            if monitor is None or self._closing > 0 or self._muted[monitor.dn] > 0:
                return
            if frame["seq"] <= monitor.last_seq:
                self.log.warning("CTI event dropped on %s: sequence %s not above %s", monitor.dn, frame["seq"], monitor.last_seq)
                return
            monitor.last_seq = frame["seq"]
            try:
                event = monitor.view.on_event(frame["event"])
            except (KeyError, TypeError, ValueError):
                self.log.warning("malformed CTI event skipped on %s: %r", monitor.dn, frame["event"].get("name"))
                return
            if event is not None and shown(self.settings.mode, event):
                # Queued inside the lock: nothing is queued for an extension after its gate closed.
                self.poster.deliver({"DN": monitor.dn, "event": event})

    def _on_lost(self, reason: str) -> None:
        with self._state_lock:
            dropped = list(self._by_dn)
            self._by_dn.clear()
            self._by_id.clear()
            self._link = None
        self.log.error("CTI link down (%s): extensions %s are no longer monitored", reason, ", ".join(dropped) or "(none)")
