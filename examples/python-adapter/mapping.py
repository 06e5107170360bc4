"""From CTI events to Pega events, for one monitored extension (docs/decisions/0003 and 0005).

Pure: no sockets, no threads. MonitorView.on_event takes one CTI event (the "event" of an Event
frame) and returns the Pega event for this extension's desktop, or None.

- Delivered is Offering where the call rings (alertingDevice is this extension), Alerting where it
  was placed; one per call per extension.
- Established once per call per extension, when the call is answered on either side.
- Each call ends with exactly one terminal event per extension: Abandoned when the extension only
  rang and the caller went away, Disconnected otherwise. Nothing follows it.
- Agent events are not mapped: Simple telephony shows none (decision 0005).
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


class MonitorView:
    def __init__(self, this_dn: str) -> None:
        self.this_dn = this_dn
        self._calls: dict[str, CallRecord] = {}
        self._finished: OrderedDict[str, None] = OrderedDict()

    def on_event(self, event: dict) -> dict | None:
        name = event.get("name")
        call_id = event.get("callId")
        if not isinstance(call_id, str):
            return None  # an agent event: nothing in Simple telephony
        if call_id in self._finished:
            return None  # the call already ended on this extension
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
        self._finished[call.call_id] = None
        while len(self._finished) > FINISHED_MEMORY:
            self._finished.popitem(last=False)
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
