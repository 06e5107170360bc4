/**
 * The fault engine's state per link (a lane per direction, frames held for reorder, the rules in
 * force), what a link offers it (FaultLinkIO), and how a rule matches a frame.
 */
import type { WireErrorCode } from '../../src/contract/cti-wire/frames.ts';
import { hasField, type FaultFrames, type FrameInfo, type LinkMemory } from './frames.ts';
import type { Random } from './prng.ts';
import type { FaultDirection, FaultPlan, FaultRule } from './types.ts';
export interface FaultLinkIO {
  /** `K1`, `K2`, …: names the link in records and labels its random streams. */
  readonly id: string;
  /** Hands a frame the adapter sent to the session. */
  toSession(text: string): void;
  /** Puts a frame on the socket. */
  toSocket(text: string): void;
  /** closeLink: a close handshake (1011), or abrupt: no close frame. */
  close(abrupt: boolean): void;
  /** The Error frame refusing a request, in the link's dialect. */
  refusal(invokeId: number, request: string | null, code: WireErrorCode, message: string): string;
  /** The device an open monitor watches. */
  deviceOfMonitor(monitorId: string): string | undefined;
  /** How the link's dialect reads and damages its frames. */
  readonly frames: FaultFrames;
  /** Whether the peer asked for events about the device (AMI's filters); absent: never (monitors say it). */
  watches?(deviceId: string): boolean;
}

export type Item =
  { readonly kind: 'deliver'; readonly text: string } | { readonly kind: 'wait'; readonly ms: number } | { readonly kind: 'run'; readonly fn: () => void };

export interface Lane {
  readonly queue: Item[];
  readonly out: (text: string) => void;
  cancelWait: (() => void) | null;
  pumping: boolean;
  readonly inbox: string[];
  busy: boolean;
}

interface Held {
  readonly rule: number;
  readonly direction: FaultDirection;
  readonly texts: string[];
  readonly labels: string[];
  cancel: (() => void) | null;
}

export interface LinkState {
  readonly io: FaultLinkIO;
  readonly memory: LinkMemory;
  readonly lanes: Readonly<Record<FaultDirection, Lane>>;
  /** Invoke ids of stalled requests whose reply is still to be swallowed. */
  readonly stalled: Set<number>;
  /** Reorder buffers, by `direction/rule`. */
  readonly held: Map<string, Held>;
  /** Random streams of the current plan, by label. */
  readonly streams: Map<string, Random>;
  generation: number;
  dead: boolean;
}

export interface Active {
  readonly plan: FaultPlan;
  readonly generation: number;
  readonly counts: { matched: number; applied: number }[];
  n: number;
}

export function matches(rule: FaultRule, info: FrameInfo): boolean {
  const { match } = rule;
  if (match !== undefined) {
    if (match.frame !== undefined && match.frame !== info.frame) return false;
    if (match.name !== undefined && match.name !== info.name) return false;
    if (match.deviceId !== undefined && match.deviceId !== info.deviceId) return false;
  }
  switch (rule.action.kind) {
    case 'refuse':
    case 'stall':
      return info.frame === 'Request' && info.invokeId !== null;
    case 'corrupt':
      return hasField(info.value, rule.action.field);
    default:
      return true;
  }
}

export function label(info: FrameInfo): string {
  if (info.frame === 'Event') return `${info.monitorId ?? '?'}#${info.seq ?? '?'}`;
  if (info.invokeId !== null) return `${info.frame}:${info.invokeId}`;
  return info.frame;
}
