"""One CSR session: its CTI link, the extensions it monitors, and the Simple-telephony activities.

Activities run one at a time (op_lock). The gates that stop delivery close the moment
UnSubscribeForEvents, LogoutAgent or CloseAdapter arrives, before their requests reach the CTI
server, so no event for that extension reaches the desktop after the request.

When the link is lost (docs/decisions/0014-reconnect-and-resync.md) the subscriptions stay, each
desktop gets a DISCONNECTED snapshot, and a thread reconnects after a capped, jittered, growing wait.
Meanwhile activities that need the link fail at once with 503. Back on a new application session it
monitors every extension again, asks SnapshotDevice, replays what the desktop missed, and ends with
a CONNECTED snapshot. CloseAdapter stops all of it.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import zlib
from collections import Counter
from urllib.parse import urlsplit

from cti_link import CtiLink, LinkFailure
from events import EventPoster
from mapping import MonitorView, missed_events, shown, snapshot_event
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
    if f.kind == "reconnecting":
        return failure("OPENCTI_HTTP_ERROR_503", f"The adapter is reconnecting to the CTI server at {server} after the connection was lost{_because(f.reason)}: try again in a moment")
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


# LinkFailure kinds that are not the CTI server's answer: the link itself failed.
LINK_KINDS = ("unreachable", "connectTimeout", "requestTimeout", "linkLost", "notOpen", "malformedFrame")


def backoff_ms(attempt: int, min_ms: int, max_ms: int, rng: random.Random) -> int:
    """Retry `attempt` (0 = the first) waits a whole number of ms drawn from [min_ms, min(max_ms, min_ms * 2^(attempt+1))]."""
    ceiling = max(min_ms, min(max_ms, min_ms * 2 ** min(attempt + 1, 31)))
    return rng.randint(min_ms, ceiling)


class Monitor:
    """One subscribed extension. The subscription outlives its CTI monitor: while the link is down
    monitor_id is None, and view (what the desktop was told of its calls) carries over the reconnect."""

    def __init__(self, dn: str) -> None:
        self.dn = dn
        self.monitor_id: str | None = None
        self.last_seq = 0  # per monitor: starts again at 0 on a new one
        self.view = MonitorView(dn)
        self.agent_id = ""  # the agent last heard of on the extension, for the snapshots
        self.told_down = False  # the desktop got DISCONNECTED and not yet CONNECTED


class Outage:
    """The link is down and the session is getting it back."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        self.attempt = 0
        self.cancelled = threading.Event()
        self.ended = threading.Event()  # set when the outage's reconnect thread returns
        self.link: CtiLink | None = None  # the new link while it is being resynchronised


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
        self._outage: Outage | None = None
        self._random: random.Random | None = None

    # ------------------------------------------------------------------ activities

    def invoke(self, activity: str, page: dict) -> dict:
        handlers = {
            "OpenAdapter": lambda: self._unless_down() or self._serial(lambda: self._ensure_open()),
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
        """CloseAdapter: stops reconnecting, stops every monitor, ends the application session, closes the socket. Always succeeds."""
        with self._state_lock:
            self._closing += 1
            outage, self._outage = self._outage, None
            if outage is not None:
                outage.cancelled.set()  # no wait, no attempt, no resync goes on
                if outage.link is not None:
                    outage.link.abandon("closed by the adapter")
                self.log.info("reconnecting stopped at attempt %d: the adapter is closing", outage.attempt)
        if outage is not None:
            # An attempt already connecting finishes first (within connectMs); after this, none can start.
            if outage.ended.wait((self.settings.connect_ms + self.settings.request_ms) / 1000):
                self.log.info("the reconnect thread has ended")
            else:
                self.log.warning("the reconnect thread has not ended within connectMs + requestMs")
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
                    if monitor.monitor_id is None:
                        continue
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

    def _unless_down(self) -> dict | None:
        """While the link is down, activities that need it fail at once, without waiting their turn."""
        outage = self._outage
        if outage is None:
            return None
        return link_failure(LinkFailure("reconnecting", reason=outage.reason), self.server, self.settings.user)

    def _subscribe(self, activity: str, page: dict) -> dict:
        dn = self._read_dn(activity, page)
        if isinstance(dn, dict):
            return dn
        down = self._unless_down()
        if down is not None:
            return down
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
                    if monitor is not None and monitor.monitor_id is not None:
                        self._by_id.pop(monitor.monitor_id, None)
                if monitor is None:
                    return failure("OPENCTI_CF_INVALID_OBJECT_STATE", f"Extension {dn} is not subscribed for events")
                link = self._link
                if link is None or not link.is_open or monitor.monitor_id is None:
                    return OK  # without a link the server-side monitor is gone already
                try:
                    link.request({"type": "MonitorStop", "monitorId": monitor.monitor_id})
                except LinkFailure as f:
                    if f.kind not in LINK_KINDS:
                        # The CTI server refused: nothing changed, the desktop stays subscribed.
                        with self._state_lock:
                            if dn not in self._by_dn and monitor.monitor_id is not None:
                                self._by_dn[dn] = monitor
                                self._by_id[monitor.monitor_id] = monitor
                        return link_failure(f, self.server, self.settings.user, dn)
                    # The link failed under the request: its monitor went with it, and the desktop
                    # hears nothing more of dn (as when the link was down already).
                    self.log.warning("MonitorStop for %s got no answer (%s): unsubscribed all the same", dn, f)
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
        down = self._unless_down()
        if down is not None:
            return down
        if self._link is not None and self._link.is_open:
            return OK
        try:
            link = self._open_link()
        except LinkFailure as f:
            return link_failure(f, self.server, self.settings.user)
        with self._state_lock:
            if not link.is_open:  # lost before it was in service: nobody was told
                return link_failure(LinkFailure("linkLost", reason="the CTI server closed the connection"), self.server, self.settings.user)
            self._link = link
        return OK

    def _open_link(self) -> CtiLink:
        s = self.settings
        return CtiLink.open(s.cti_url, s.user, s.password, s.application_id, s.connect_ms, s.request_ms, self._on_event, self._on_lost)

    def _read_dn(self, activity: str, page: dict) -> str | dict:
        dn = page.get("DN")
        if dn is None or dn == "":
            return failure("OPENCTI_CF_GENERIC_OPERATION", f"{activity} needs an extension: DN is missing from the adapter page")
        if not isinstance(dn, str) or not re.fullmatch(r"\+?[0-9]{1,32}", dn):
            return failure("OPENCTI_CF_GENERIC_OPERATION", f'{activity} cannot use DN "{dn}": expected digits, optionally led by +')
        return dn

    # ------------------------------------------------------------------ the link's callbacks (reader thread)

    def _bind(self, dn: str, monitor_id: object) -> None:
        """A new monitor for dn: a new subscription, or (after a reconnect) the same one on the new link."""
        if not isinstance(monitor_id, str):
            return
        with self._state_lock:
            monitor = self._by_dn.setdefault(dn, Monitor(dn))
            if monitor.monitor_id is not None:
                self._by_id.pop(monitor.monitor_id, None)
            monitor.monitor_id = monitor_id
            monitor.last_seq = 0
            self._by_id[monitor_id] = monitor

    def _delivering(self, dn: str) -> bool:
        return self._closing == 0 and self._muted[dn] == 0 and dn in self._by_dn

    def _on_event(self, frame: dict) -> None:
        with self._state_lock:
            monitor = self._by_id.get(frame["monitorId"])  # events of a monitor from a lost link find none
            if monitor is None or not self._delivering(monitor.dn):
                return
            if frame["seq"] <= monitor.last_seq:
                self.log.warning("CTI event dropped on %s: sequence %s not above %s", monitor.dn, frame["seq"], monitor.last_seq)
                return
            monitor.last_seq = frame["seq"]
            if isinstance(frame["event"].get("agentId"), str):
                monitor.agent_id = frame["event"]["agentId"]
            if frame["event"].get("name") == "CallCleared" and isinstance(frame["event"].get("callId"), str):
                monitor.view.switch_cleared(frame["event"]["callId"])
            self._process(monitor, frame["event"])

    def _process(self, monitor: Monitor, cti_event: dict) -> None:
        """One CTI event through the mapping to the desktop. Call with state_lock held."""
        try:
            event = monitor.view.on_event(cti_event)
        except (KeyError, TypeError, ValueError, AttributeError):
            self.log.warning("malformed CTI event skipped on %s: %r", monitor.dn, cti_event.get("name"))
            return
        if event is not None and shown(self.settings.mode, event):
            # Queued inside the lock: nothing is queued for an extension after its gate closed.
            self.poster.deliver({"DN": monitor.dn, "event": event})

    def _deliver_snapshot(self, monitor: Monitor, link_up: bool, snapshot: dict | None = None) -> None:
        """Tells the desktop the link is down (once) or back. Call with state_lock held. Shown in every mode."""
        if not self._delivering(monitor.dn) or (monitor.told_down and not link_up):
            return
        monitor.told_down = not link_up
        self.poster.deliver({"DN": monitor.dn, "event": snapshot_event(link_up, monitor.agent_id, snapshot)})

    # ------------------------------------------------------------------ reconnect (decision 0014)

    def _on_lost(self, link: CtiLink, reason: str) -> None:
        """The link in service is gone: keep the subscriptions, tell the desktops, start reconnecting.
        Idempotent; on the reader thread, or on the reconnect thread when a resync fails."""
        with self._state_lock:
            if link is not self._link:
                return  # not in service: a link being opened, or one the adapter let go
            self._link = None
            for monitor in self._by_dn.values():
                monitor.monitor_id = None
            self._by_id.clear()
            if self._closing > 0:
                return  # CloseAdapter or LogoutAgent is under way: nothing to get back
            self.log.error("CTI link down (%s): reconnecting; extensions %s stay subscribed", reason, ", ".join(self._by_dn) or "(none)")
            started = None
            if self._outage is not None:
                self._outage.reason = reason  # lost again while resynchronising: the backoff goes on
            else:
                if self._random is None:
                    s = self.settings
                    seed = zlib.crc32("|".join([s.cti_url, s.user, s.application_id, *self._by_dn]).encode("utf-8"))
                    self._random = random.Random(seed)  # deterministic for this session, different between CSRs
                    self.log.info("reconnect jitter seeded with %d", seed)
                started = self._outage = Outage(reason)
            # Activities fail with 503 from here on, before any desktop hears the link is down.
            for monitor in self._by_dn.values():
                self._deliver_snapshot(monitor, link_up=False)
        if started is not None:
            threading.Thread(target=self._reconnect, args=(started,), name=f"reconnect-{self.id}", daemon=True).start()

    def _reconnect(self, outage: Outage) -> None:
        """The outage's own thread: wait, connect, resynchronise; again, for ever, until back or cancelled."""
        try:
            self._reconnect_until_done(outage)
        finally:
            outage.ended.set()

    def _reconnect_until_done(self, outage: Outage) -> None:
        s = self.settings
        while True:
            delay_ms = backoff_ms(outage.attempt, s.reconnect_min_ms, s.reconnect_max_ms, self._random)
            outage.attempt += 1
            self.log.info("reconnecting to the CTI server in %d ms (attempt %d)", delay_ms, outage.attempt)
            if outage.cancelled.wait(delay_ms / 1000):
                return
            try:
                link = self._open_link()
            except LinkFailure as f:
                self.log.warning("reconnect attempt %d failed: %s", outage.attempt, f)
                continue
            if outage.cancelled.is_set():  # CloseAdapter came while connecting
                link.close()
                return
            if self._resync(outage, link):
                return

    def _resync(self, outage: Outage, link: CtiLink) -> bool:
        """In an activity's turn: MonitorStart and SnapshotDevice for each subscribed extension, in
        subscription order. True when done (the link is back, or the adapter closing); False when
        this link failed too and the backoff goes on."""
        with self._op_lock:
            with self._state_lock:
                wanted = self._outage is outage and not outage.cancelled.is_set()
                in_service = wanted and link.is_open
                if in_service:
                    self._link = link  # a loss from now on is handled by _on_lost
                outage.link = link if in_service else None
                dns = [monitor.dn for monitor in self._by_dn.values() if monitor.monitor_id is None]
            if not wanted:
                link.abandon("the adapter is closing")
                return True
            if not in_service:
                return False  # lost before it was in service
            self.log.info("CTI link reconnected: resynchronising %s", ", ".join(dns) or "no extension")
            try:
                for dn in dns:
                    self._resync_one(link, dn)
            except LinkFailure as f:
                if outage.cancelled.is_set():
                    return True
                # Unanswered or lost: this link is no good.
                link.abandon(f"resynchronising after the reconnect failed: {f}")
                self._on_lost(link, f"resynchronising after the reconnect failed: {f}")
                return False
            with self._state_lock:
                outage.link = None
                if self._outage is not outage or self._link is not link:
                    return outage.cancelled.is_set()
                self._outage = None
            self.log.info("CTI link restored at attempt %d: every extension monitored and resynchronised", outage.attempt)
            return True

    def _resync_one(self, link: CtiLink, dn: str) -> None:
        """A new monitor for dn, then the switch's view of it, compared as its answer arrives."""
        try:
            link.request({"type": "MonitorStart", "deviceId": dn}, on_response=lambda result: self._bind(dn, result.get("monitorId")))
        except LinkFailure as f:
            if f.kind in LINK_KINDS:
                raise
            with self._state_lock:
                self._by_dn.pop(dn, None)
            self.log.error("the CTI server refused MonitorStart for %s after the reconnect (%s): no longer subscribed", dn, f)
            return
        try:
            link.request({"type": "SnapshotDevice", "deviceId": dn}, on_response=lambda result: self._resync_device(dn, result))
        except LinkFailure as f:
            if f.kind in LINK_KINDS:
                raise
            self.log.warning("the CTI server refused SnapshotDevice for %s after the reconnect (%s): calls not resynchronised", dn, f)
            with self._state_lock:
                monitor = self._by_dn.get(dn)
                if monitor is not None:
                    self._deliver_snapshot(monitor, link_up=True)

    def _resync_device(self, dn: str, snapshot: dict) -> None:
        """On the reader thread, as SnapshotDevice is answered (before any later event): what the
        desktop missed, replayed as CTI events, then the CONNECTED snapshot, last."""
        with self._state_lock:
            monitor = self._by_dn.get(dn)
            if monitor is None or not self._delivering(dn):
                return
            missed = missed_events(monitor.view, snapshot)
            self.log.info("resynchronising %s from the switch's snapshot: %s", dn, ", ".join(f"{e['name']} {e['callId']}" for e in missed) or "nothing missed")
            for event in missed:
                self._process(monitor, event)
            agent = snapshot.get("agent")
            if isinstance(agent, dict) and isinstance(agent.get("agentId"), str):
                monitor.agent_id = agent["agentId"]
            self._deliver_snapshot(monitor, link_up=True, snapshot=snapshot)
