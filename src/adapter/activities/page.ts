/** Reads the adapter-page properties an activity needs, refusing what is missing or malformed. */
import { CallData, DeviceId, Digits, Id, ReasonCode, type CallData as WireCallData } from '../../contract/cti-wire/frames.ts';
import type { AdapterPage } from '../../contract/pega/activities.ts';
import type { ActivityResult } from '../../contract/pega/errors.ts';
import { compile, formatIssues } from '../../contract/validation.ts';
import { failure } from '../errors.ts';

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly result: ActivityResult };

const isDeviceId = compile(DeviceId);
const isAgentId = compile(Id);
const isReasonCode = compile(ReasonCode);
const isCallId = compile(Id);
const isDigits = compile(Digits);
const isCallData = compile(CallData, 'CallData');

/** Wire limits (src/contract/cti-wire/frames.ts, AgentLogin). */
const MAX_PASSWORD = 256;
const MAX_QUEUE = 64;
/** Pega's request-side work mode for After Call Work (SetAgentNotReady). */
export const AFTER_CALL_WORK = 'AFTER_CALL_WORK';

// The page may come from outside TypeScript (an HTTP body): every property is read as unknown.
function property(page: AdapterPage | undefined, name: keyof AdapterPage): unknown {
  return page?.[name];
}

const absent = (value: unknown): value is undefined | null | '' => value === undefined || value === null || value === '';
const shown = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
const ok = <T>(value: T): Read<T> => ({ ok: true, value });

export function readDN(activity: string, page: AdapterPage | undefined): Read<string> {
  const dn = property(page, 'DN');
  if (absent(dn)) return { ok: false, result: failure('missingDN', { activity }) };
  const checked = isDeviceId(dn);
  if (!checked.ok) return { ok: false, result: failure('invalidDN', { activity, dn: shown(dn) }) };
  return ok(checked.value);
}

/** DN when the page has one (it must then be valid), undefined when it has none. */
export function readOptionalDN(activity: string, page: AdapterPage | undefined): Read<string | undefined> {
  return absent(property(page, 'DN')) ? ok(undefined) : readDN(activity, page);
}

/** The agent's ACD id: required (the adapter keeps no agent-per-extension table to guess it from; decision 0010). */
export function readAgentId(activity: string, page: AdapterPage | undefined): Read<string> {
  const agentId = property(page, 'AgentID');
  if (absent(agentId)) return { ok: false, result: failure('missingPageProperty', { activity, property: 'AgentID' }) };
  const checked = isAgentId(agentId);
  if (!checked.ok) {
    return {
      ok: false,
      result: failure('invalidPageProperty', { activity, property: 'AgentID', value: shown(agentId), expected: `an ACD agent id: ${Id.description ?? ''}` }),
    };
  }
  return ok(checked.value);
}

/** The agent's ACD password; absent = empty, and the ACD judges. Never echoed in a message. */
export function readAgentPassword(activity: string, page: AdapterPage | undefined): Read<string> {
  const password = property(page, 'AgentPassword');
  if (password === undefined || password === null) return ok('');
  if (typeof password !== 'string' || password.length > MAX_PASSWORD) {
    return {
      ok: false,
      result: failure('invalidPageProperty', {
        activity,
        property: 'AgentPassword',
        expected: `a string of at most ${MAX_PASSWORD} characters (value not shown)`,
      }),
    };
  }
  return ok(password);
}

/** The queue to log in to; blank = the ACD chooses (undefined, and the frame omits it). */
export function readQueue(activity: string, page: AdapterPage | undefined): Read<string | undefined> {
  const queue = property(page, 'Queue');
  if (absent(queue) || (typeof queue === 'string' && queue.trim() === '')) return ok(undefined);
  if (typeof queue !== 'string' || queue.length > MAX_QUEUE) {
    return {
      ok: false,
      result: failure('invalidPageProperty', { activity, property: 'Queue', value: shown(queue), expected: `a queue name of at most ${MAX_QUEUE} characters` }),
    };
  }
  return ok(queue);
}

/** AgentOptions.pyOpenCTI.pyReasonCode, the reason the CSR chose; blank = none. */
export function readReasonCode(activity: string, page: AdapterPage | undefined): Read<string | undefined> {
  const options = property(page, 'AgentOptions');
  const openCti: unknown = isRecord(options) ? options['pyOpenCTI'] : undefined;
  const reason: unknown = isRecord(openCti) ? openCti['pyReasonCode'] : undefined;
  if (absent(reason) || (typeof reason === 'string' && reason.trim() === '')) return ok(undefined);
  const checked = isReasonCode(reason);
  if (!checked.ok) {
    return {
      ok: false,
      result: failure('invalidPageProperty', {
        activity,
        property: 'AgentOptions.pyOpenCTI.pyReasonCode',
        value: shown(reason),
        expected: ReasonCode.description ?? 'a reason code',
      }),
    };
  }
  return ok(checked.value);
}

/** True when Pega asks for After Call Work (WorkMode AFTER_CALL_WORK); any other work mode is a plain Not Ready. */
export function readAfterCallWork(page: AdapterPage | undefined): boolean {
  return property(page, 'WorkMode') === AFTER_CALL_WORK;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A call id property (CallID, HeldCallId): undefined when blank, so the adapter may find the call itself. */
export function readCallId(activity: string, page: AdapterPage | undefined, name: 'CallID' | 'HeldCallId'): Read<string | undefined> {
  const callId = property(page, name);
  if (absent(callId) || (typeof callId === 'string' && callId.trim() === '')) return ok(undefined);
  const checked = isCallId(callId);
  if (!checked.ok) {
    return {
      ok: false,
      result: failure('invalidPageProperty', { activity, property: name, value: shown(callId), expected: `a call id: ${Id.description ?? ''}` }),
    };
  }
  return ok(checked.value);
}

/** Separators a CSR may type inside a number; the switch dials digits only. */
const NUMBER_SEPARATORS = /[\s().-]/g;

/**
 * Destination: the number to dial or transfer to, or the party to drop; required. Spaces, dots,
 * dashes and brackets are dropped ("+1 (617) 555-1212" dials +16175551212); anything else that is
 * not digits, optionally led by +, cannot be dialled.
 */
export function readDestination(activity: string, page: AdapterPage | undefined): Read<string> {
  const destination = property(page, 'Destination');
  if (absent(destination) || (typeof destination === 'string' && destination.trim() === '')) {
    return { ok: false, result: failure('missingPageProperty', { activity, property: 'Destination' }) };
  }
  const dialled = typeof destination === 'string' ? destination.replace(NUMBER_SEPARATORS, '') : destination;
  const checked = isDeviceId(dialled);
  if (!checked.ok) return { ok: false, result: failure('undialable', { activity, value: shown(destination) }) };
  return ok(checked.value);
}

/** Digits for SendDTMF; required. Never echoed in a message: a CSR may key a customer's PIN. */
export function readDigits(activity: string, page: AdapterPage | undefined): Read<string> {
  const digits = property(page, 'Digits');
  if (absent(digits)) return { ok: false, result: failure('missingPageProperty', { activity, property: 'Digits' }) };
  const checked = isDigits(digits);
  if (!checked.ok)
    return {
      ok: false,
      result: failure('invalidPageProperty', { activity, property: 'Digits', expected: `${Digits.description ?? 'DTMF digits'} (value not shown)` }),
    };
  return ok(checked.value);
}

/** CallData to attach to a call; absent = none. Names and values must fit the CTI wire. */
export function readCallData(activity: string, page: AdapterPage | undefined): Read<WireCallData> {
  const data = property(page, 'CallData');
  if (absent(data)) return ok({});
  const checked = isCallData(data);
  if (!checked.ok) {
    return {
      ok: false,
      result: failure('invalidPageProperty', {
        activity,
        property: 'CallData',
        expected: `names of 1-64 letters, digits, _ . - starting with a letter, with string values of at most 1024 characters (${formatIssues(checked.issues)})`,
      }),
    };
  }
  return ok(checked.value);
}
