/**
 * Finding the call an activity is about when the adapter page does not name it (decision 0013):
 * from the switch's own view of the extension (SnapshotDevice), never from the adapter's memory,
 * and only when exactly one call fits. Pure.
 */
import type { ConnectionState, SnapshotCall } from '../../contract/cti-wire/frames.ts';

/** Connection states in a CSR's words, for messages. */
const WORDS: Readonly<Record<ConnectionState, string>> = {
  alerting: 'ringing',
  initiated: 'dialling',
  connected: 'connected',
  held: 'on hold',
};

/**
 * The states that fit, best first: the first tier with any call decides; several calls in it is
 * ambiguous. E.g. hang up: [[connected, initiated, alerting], [held]] takes the one call not on
 * hold, else the one held call.
 */
export type Tiers = readonly (readonly ConnectionState[])[];

export type Pick =
  | { readonly kind: 'found'; readonly callId: string }
  | { readonly kind: 'none'; readonly callState: string }
  | { readonly kind: 'several'; readonly callState: string; readonly candidates: readonly string[] };

export function pickCall(calls: readonly SnapshotCall[], tiers: Tiers, exclude?: string): Pick {
  const usable = calls.filter((c) => c.callId !== exclude);
  for (const tier of tiers) {
    const fitting = usable.filter((c) => tier.includes(c.state));
    const [only] = fitting;
    if (fitting.length === 1 && only !== undefined) return { kind: 'found', callId: only.callId };
    if (fitting.length > 1) return { kind: 'several', callState: words(tier), candidates: fitting.map((c) => c.callId) };
  }
  return { kind: 'none', callState: words(tiers.flat()) };
}

/** "ringing", "connected or on hold", "connected, dialling or ringing". */
export function words(states: readonly ConnectionState[]): string {
  const said = states.map((s) => WORDS[s]);
  if (said.length <= 1) return said.join('');
  return `${said.slice(0, -1).join(', ')} or ${said.at(-1) ?? ''}`;
}

/** The state of `callId` at the device, if the switch lists it. */
export function stateOf(calls: readonly SnapshotCall[], callId: string): ConnectionState | undefined {
  return calls.find((c) => c.callId === callId)?.state;
}
