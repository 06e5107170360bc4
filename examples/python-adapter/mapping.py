"""From CTI events to Pega events, for one monitored extension (docs/decisions/0003 and 0005).

Pure: no sockets, no threads. MonitorView.on_event takes one CTI event (the "event" of an Event
frame) and returns the Pega event for this extension's desktop, or None.

- Delivered is Offering where the call rings (alertingDevice is this extension), Alerting where it
  was placed; one per call per extension.
- Established once per call per extension, when the call is answered on either side.
- Each call ends with exactly one terminal event per extension: Abandoned when the extension only
  rang and the caller went away, Disconnected otherwise. Nothing follows it.
- Agent events are not mapped: Simple telephony shows none (decision 0005).

After a reconnect, missed_events compares what the desktop was told (a MonitorView) with the
switch's SnapshotDevice answer and returns the CTI events the switch would have sent meanwhile, to
replay through on_event like any other (decision 0014). snapshot_event builds the SnapshotEvents
that tell the desktop the link went down and came back.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace

# What each telephony mode shows on the desktop (FilterEvent). This example claims Simple only.
CALL_EVENTS_SHOWN = {"simple": {"Offering", "Established", "Disconnected", "Abandoned"}}
FINISHED_MEMORY = 256


@dataclass(frozen=True)
class CallRecord:
    call_id: str
    role: str  # "offered" (it rang here) or "placed" (this extension called)
    call_type: str
    ani: str
    dnis: str
    other_dn: str
    call_data: dict = field(default_factory=dict)
    established: bool = False


def _record_from(event: dict, this_dn: str) -> CallRecord:
    reached = event["alertingDevice"] if event["name"] == "Delivered" else event["answeringDevice"]
    offered = reached == this_dn
    external = "trunkUsed" in event
    if event["name"] == "Delivered":
        other = event["callingDevice"] if offered else event["calledDevice"]
    else:
        other = event["callingDevice"] if offered else event["answeringDevice"]
    return CallRecord(
        call_id=event["callId"],
        role="offered" if offered else "placed",
        call_type=("INBOUND" if offered else "OUTBOUND") if external else "INTERNAL",
        ani=event["callingDevice"],
        dnis=event["calledDevice"],
        other_dn=other,
        call_data=dict(event.get("callData") or {}),
    )


def _remember(ids: OrderedDict[str, None], call_id: str) -> None:
    """Adds the id, forgetting the oldest beyond FINISHED_MEMORY."""
    ids[call_id] = None
    while len(ids) > FINISHED_MEMORY:
        ids.popitem(last=False)


class MonitorView:
    def __init__(self, this_dn: str) -> None:
        self.this_dn = this_dn
        self._calls: dict[str, CallRecord] = {}
        self._finished: OrderedDict[str, None] = OrderedDict()
        # Ids whose CallCleared came from the switch: it may give them to a new call (PBXs recycle call ids).
        self._cleared: OrderedDict[str, None] = OrderedDict()

    def open_calls(self) -> list[CallRecord]:
        """The calls the desktop was told of and that have not ended."""
        return list(self._calls.values())

    def call(self, call_id: str) -> CallRecord | None:
        return self._calls.get(call_id)

    def has_ended(self, call_id: str) -> bool:
        return call_id in self._finished

    def switch_cleared(self, call_id: str) -> None:
        """The switch said the call is over (its own CallCleared, not a resync's inference)."""
        _remember(self._cleared, call_id)

    def on_event(self, event: dict) -> dict | None:
        name = event.get("name")
        call_id = event.get("callId")
        if not isinstance(call_id, str):
            return None  # an agent event: nothing in Simple telephony
        if call_id in self._finished:
            if name != "Delivered" or call_id not in self._cleared:
                return None  # the call already ended on this extension: a late event
            del self._finished[call_id]  # the switch gave the cleared id to a new call
            del self._cleared[call_id]
        call = self._calls.get(call_id)
        if name == "Delivered":
            if call is not None:
                self._calls[call_id] = replace(call, call_data={**call.call_data, **(event.get("callData") or {})})
                return None
            record = _record_from(event, self.this_dn)
            self._calls[call_id] = record
            return self._call_event("Offering" if record.role == "offered" else "Alerting", record)
        if name == "Established":
            if call is not None and call.established:
                return None
            base = call or _record_from(event, self.this_dn)
            other = event["callingDevice"] if event["answeringDevice"] == self.this_dn else event["answeringDevice"]
            record = replace(base, established=True, other_dn=other, call_data={**base.call_data, **(event.get("callData") or {})})
            self._calls[call_id] = record
            return self._call_event("Established", record)
        if name == "ConnectionCleared":
            if call is None or event.get("releasingDevice") != self.this_dn:
                return None  # another party left; CallCleared will end it here
            return self._end(call, caller_left=event.get("cause") == "callCancelled")
        if name == "CallCleared":
            return None if call is None else self._end(call, caller_left=True)
        return None

    def _end(self, call: CallRecord, caller_left: bool) -> dict:
        del self._calls[call.call_id]
        _remember(self._finished, call.call_id)
        only_rang = call.role == "offered" and not call.established
        return self._call_event("Abandoned" if only_rang and caller_left else "Disconnected", call)

    def _call_event(self, name: str, call: CallRecord) -> dict:
        return {
            "pyEventType": "CallStateEvent",
            "pyEventName": name,
            "pyCallId": call.call_id,
            "pyCallType": call.call_type,
            "pyMedia": "Phone",
            "pyANI": call.ani,
            "pyDNIS": call.dnis,
            "pyOtherDN": call.other_dn,
            "pyThisDN": self.this_dn,
            "pyNamedVariables": dict(call.call_data),
        }


def shown(mode: str, pega_event: dict) -> bool:
    """FilterEvent: what the telephony mode shows on the desktop."""
    return pega_event.get("pyEventName") in CALL_EVENTS_SHOWN.get(mode, set())


# ---------------------------------------------------------------------- after a reconnect (decision 0014)

def missed_events(view: MonitorView, snapshot: dict) -> list[dict]:
    """What view's extension missed while the link was down, as CTI events, from a SnapshotDevice answer.

    - A call the desktop knows and the snapshot no longer lists ended meanwhile: CallCleared
      (Abandoned if it only rang here, Disconnected otherwise).
    - A call the snapshot lists and the desktop never heard of: Delivered where it rings here (the
      one screen pop), Originated where this extension placed it; Established too if answered.
    - A call that rang here and is answered now: Established.
    - A call the desktop already ended: nothing, ever.
    Held and Retrieved are not replayed: Simple telephony shows neither.
    """
    dn = view.this_dn
    listing = snapshot.get("calls")
    calls = [c for c in listing if _is_snapshot_call(c)] if isinstance(listing, list) else []
    listed = {c["callId"] for c in calls}
    missed = [{"name": "CallCleared", "callId": record.call_id, "cause": "normal"} for record in view.open_calls() if record.call_id not in listed]
    for call in calls:
        if view.has_ended(call["callId"]):
            continue
        record = view.call(call["callId"])
        answered = call["state"] in ("connected", "held")
        common = {"callId": call["callId"], "callingDevice": call["callingDevice"], "calledDevice": call["calledDevice"],
                  "callData": call["callData"], **({"trunkUsed": call["trunkUsed"]} if "trunkUsed" in call else {})}
        if record is None:
            placed = call["state"] == "initiated" or (call["state"] != "alerting" and call["callingDevice"] == dn)
            if placed:
                missed.append({"name": "Originated", **common, "callingDevice": dn, "cause": "makeCall"})
            else:
                missed.append({"name": "Delivered", "alertingDevice": dn, **common, "cause": "newCall"})
            if answered:  # who answered a call placed here is not in the snapshot: the number dialled stands for it
                missed.append({"name": "Established", "answeringDevice": call["calledDevice"] if placed else dn, **common, "cause": "normal"})
        elif answered and not record.established:
            answering = dn if record.role == "offered" else record.other_dn or call["calledDevice"]
            missed.append({"name": "Established", "answeringDevice": answering, **common, "cause": "normal"})
    return missed


def _is_snapshot_call(call: object) -> bool:
    return (isinstance(call, dict) and all(isinstance(call.get(k), str) for k in ("callId", "state", "callingDevice", "calledDevice"))
            and isinstance(call.get("callData"), dict))


# The ACD's agent states in Pega's snapshot words (pyAgentState, pyWorkMode), as the reference adapter has them.
SNAPSHOT_STATES = {"loggedOut": ("Logout", ""), "loggedIn": ("Login", ""), "ready": ("Ready", ""), "notReady": ("NotReady", ""),
                   "workingAfterCall": ("NotReady", "ACW"), "busy": ("Busy", "BUSY")}


def snapshot_event(link_up: bool, agent_id: str, snapshot: dict | None = None) -> dict:
    """The SnapshotEvent telling a desktop the link's state. Down: DISCONNECTED, CLOSED, agent Unknown
    (the switch cannot be asked). Up: CONNECTED, OPENED, the agent as the switch's SnapshotDevice
    answer has it (logged out when it has none), or Unknown without an answer."""
    agent_state, work_mode, reason_code = "Unknown", "", ""
    if snapshot is not None:
        agent = snapshot.get("agent")
        if not isinstance(agent, dict):
            agent = {"agentId": agent_id, "state": "loggedOut"}
        agent_id = agent.get("agentId") if isinstance(agent.get("agentId"), str) else agent_id
        agent_state, work_mode = SNAPSHOT_STATES.get(agent.get("state"), ("Unknown", ""))
        reason_code = agent.get("reasonCode") if isinstance(agent.get("reasonCode"), str) else ""
    return {
        "pyEventType": "SnapshotEvent",
        "pyEventName": "Snapshot",
        "pyMedia": "Phone",
        "pyAgentId": agent_id,
        "pyAgentState": agent_state,
        "pyDeviceState": "OPENED" if link_up else "CLOSED",
        "pyLinkState": "CONNECTED" if link_up else "DISCONNECTED",
        "pyReasonCode": reason_code,
        "pyWorkMode": work_mode,
    }
