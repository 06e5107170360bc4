"""The settings of one session (the `settings` of POST /sessions), checked field by field.

The schema is AdapterSettingsSchema (docs/pega-face.openapi.yaml, CreateSessionRequest). A refusal
names every bad field and what was expected, and never shows a password.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MODES = ("simple", "agent-state", "full")
SUPPORTED_MODES = ("simple",)
DEFAULT_APPLICATION_ID = "switchboard-python-example"
# The reconnect backoff (docs/decisions/0014-reconnect-and-resync.md), as the reference adapter has it.
DEFAULT_RECONNECT_MIN_MS = 500
DEFAULT_RECONNECT_MAX_MS = 30_000


_MISSING = object()


class SettingsError(Exception):
    """Settings this adapter refuses; the message names each bad field."""


@dataclass(frozen=True)
class Settings:
    mode: str
    cti_url: str
    user: str
    password: str
    application_id: str
    connect_ms: int
    request_ms: int
    reconnect_min_ms: int = DEFAULT_RECONNECT_MIN_MS
    reconnect_max_ms: int = DEFAULT_RECONNECT_MAX_MS


def _describe(value: object, secret: bool = False) -> str:
    if value is _MISSING:
        return "nothing"
    if secret:
        return "a value (not shown)"
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "..."


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_settings(raw: object) -> Settings:
    issues: list[str] = []

    def bad(path: str, expected: str, value: object, secret: bool = False) -> None:
        issues.append(f"{path}: expected {expected}, got {_describe(value, secret)}")

    def obj(value: object, path: str, keys: tuple[str, ...]) -> dict | None:
        if not isinstance(value, dict):
            bad(path, f"an object with {', '.join(keys)}", value)
            return None
        for key in value:
            if key not in keys:
                issues.append(f"{path}.{key}: unexpected property; expected only {', '.join(keys)}")
        return value

    settings = obj(raw, "settings", ("mode", "ctiUrl", "credentials", "applicationId", "timeouts"))
    if settings is None:
        raise SettingsError("The Python example adapter refuses its settings: " + "; ".join(issues))

    mode = settings.get("mode", _MISSING)
    if mode not in MODES:
        bad("settings.mode", f"one of {', '.join(MODES)}", mode)
    elif mode not in SUPPORTED_MODES:
        issues.append(f"settings.mode: this adapter implements {', '.join(SUPPORTED_MODES)} telephony only, got \"{mode}\"")

    url = settings.get("ctiUrl", _MISSING)
    if not isinstance(url, str) or not re.fullmatch(r"wss?://\S+", url):
        bad("settings.ctiUrl", "a ws:// or wss:// URL of the CTI server", url)

    user = password = None
    checked = obj(settings.get("credentials", _MISSING), "settings.credentials", ("user", "password"))
    if checked is not None:
        user = checked.get("user", _MISSING)
        if not isinstance(user, str) or user == "":
            bad("settings.credentials.user", "a non-empty user name", user)
        password = checked.get("password", _MISSING)
        if not isinstance(password, str):
            bad("settings.credentials.password", "a string", password, secret=True)

    application_id = settings.get("applicationId", DEFAULT_APPLICATION_ID)
    if not isinstance(application_id, str) or not 1 <= len(application_id) <= 128:
        bad("settings.applicationId", "a string of 1-128 characters", application_id)

    connect_ms = request_ms = None
    reconnect_min = reconnect_max = _MISSING
    timeouts = obj(settings.get("timeouts", _MISSING), "settings.timeouts", ("connectMs", "requestMs", "reconnectMinMs", "reconnectMaxMs"))
    if timeouts is not None:
        connect_ms = timeouts.get("connectMs", _MISSING)
        request_ms = timeouts.get("requestMs", _MISSING)
        reconnect_min = timeouts.get("reconnectMinMs", _MISSING)
        reconnect_max = timeouts.get("reconnectMaxMs", _MISSING)
        for name, value, optional in (("connectMs", connect_ms, False), ("requestMs", request_ms, False),
                                      ("reconnectMinMs", reconnect_min, True), ("reconnectMaxMs", reconnect_max, True)):
            if optional and value is _MISSING:
                continue
            if not _is_int(value) or not 1 <= value <= 600_000:
                bad(f"settings.timeouts.{name}", "milliseconds, 1 to 600000", value)
        if _is_int(reconnect_min) and _is_int(reconnect_max) and reconnect_max < reconnect_min:
            bad("settings.timeouts.reconnectMaxMs", f"at least settings.timeouts.reconnectMinMs ({reconnect_min})", reconnect_max)

    if issues:
        raise SettingsError("The Python example adapter refuses its settings: " + "; ".join(issues))
    # One bound given alone moves the other's default out of its way (as the reference adapter does).
    min_ms = DEFAULT_RECONNECT_MIN_MS if reconnect_min is _MISSING else reconnect_min
    max_ms = DEFAULT_RECONNECT_MAX_MS if reconnect_max is _MISSING else reconnect_max
    if reconnect_min is _MISSING:
        min_ms = min(min_ms, max_ms)
    if reconnect_max is _MISSING:
        max_ms = max(max_ms, min_ms)
    return Settings(mode=mode, cti_url=url, user=user, password=password, application_id=application_id,
                    connect_ms=connect_ms, request_ms=request_ms, reconnect_min_ms=min_ms, reconnect_max_ms=max_ms)
