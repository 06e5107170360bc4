/**
 * What a command does, as plain data: the property run generates these, the live system acts on
 * them, and a counterexample is rendered from them (words, Gherkin, a simulator script). Calls are
 * named by ordinal in the sequence (1 = the first call born in it), never by switch id.
 */
import type { ActivityName } from '../contract/index.ts';
import type { LinkFault } from '../harness/link-faults.ts';
import type { Extension } from './world.ts';

export type StimulusSpec =
  | { readonly kind: 'customerCall'; readonly from: string; readonly to: 'queue' | Extension }
  | { readonly kind: 'internalCall'; readonly from: Extension; readonly to: Extension }
  | { readonly kind: 'answerAtPhone'; readonly extension: Extension; readonly call: number }
  /** `caller`: whoever placed the call; an extension; or `farEnd`: the outside number the call reached. */
  | { readonly kind: 'hangUp'; readonly call: number; readonly party: 'caller' | 'farEnd' | Extension }
  | { readonly kind: 'holdAtPhone'; readonly extension: Extension }
  | { readonly kind: 'retrieveAtPhone'; readonly extension: Extension }
  | {
      readonly kind: 'agentAtPhone';
      readonly extension: Extension;
      readonly action: 'login' | 'ready' | 'notReady' | 'afterCallWork' | 'logout';
      readonly reason?: string;
    }
  | { readonly kind: 'supervisor'; readonly extension: Extension; readonly action: 'notReady' | 'logout'; readonly reason?: string }
  | { readonly kind: 'farEndAnswers'; readonly call: number };

export interface RequestSpec {
  readonly kind: 'request';
  /** The desktop (the CSR's extension, also its DN). */
  readonly extension: Extension;
  readonly activity: ActivityName;
  /** The call the request is about: an ordinal, or blank (the adapter must find it). */
  readonly call?: number | 'blank';
  /** TransferComplete / ConferenceComplete: the held call. */
  readonly held?: number;
  readonly destination?: string;
  readonly digits?: string;
  readonly reason?: string;
  readonly afterCallWork?: true;
  readonly password?: 'right' | 'wrong';
}

export type FaultKind = 'duplicate' | 'reorder' | 'delay' | 'closeLink';

/** A fault on the CTI link for the next event to an extension's monitor (a link drop: the next frame about it) (simulator/faults). */
export interface FaultSpec {
  readonly kind: 'fault';
  readonly fault: FaultKind;
  readonly extension: Extension;
}

/** How long a delay fault holds an event back: a few event-loop turns, so the switch and the other link may move on meanwhile. */
export const DELAY_MS = 3;

/** The fault a command injects (src/harness/link-faults.ts): what the lab's steps inject too. */
export function linkFaultOf(kind: FaultKind): LinkFault {
  return kind === 'delay' ? { kind, ms: DELAY_MS } : { kind };
}

export type CommandSpec = StimulusSpec | RequestSpec | FaultSpec;

export function isRequest(spec: CommandSpec): spec is RequestSpec {
  return spec.kind === 'request';
}

export function isFault(spec: CommandSpec): spec is FaultSpec {
  return spec.kind === 'fault';
}

function callWords(call: number | 'blank' | undefined): string {
  return call === undefined ? '' : call === 'blank' ? ' without naming the call' : ` for call #${call}`;
}

/** The command in domain words: what a counterexample lists. */
export function describe(spec: CommandSpec): string {
  switch (spec.kind) {
    case 'customerCall':
      return spec.to === 'queue' ? `a customer calls queue Sales from ${spec.from}` : `a customer calls extension ${spec.to} directly from ${spec.from}`;
    case 'internalCall':
      return `extension ${spec.from} calls extension ${spec.to}`;
    case 'answerAtPhone':
      return `${spec.extension} answers call #${spec.call} at the phone`;
    case 'hangUp':
      return spec.party === 'caller'
        ? `the caller of call #${spec.call} hangs up`
        : spec.party === 'farEnd'
          ? `the far end of call #${spec.call} hangs up`
          : `${spec.party} hangs up call #${spec.call} at the phone`;
    case 'holdAtPhone':
      return `${spec.extension} puts its call on hold at the phone`;
    case 'retrieveAtPhone':
      return `${spec.extension} retrieves its held call at the phone`;
    case 'agentAtPhone':
      return `the agent on ${spec.extension} ${spec.action === 'login' ? 'logs in' : spec.action === 'logout' ? 'logs out' : spec.action === 'ready' ? 'goes Ready' : spec.action === 'afterCallWork' ? 'starts after-call work' : `goes Not Ready${spec.reason === undefined ? '' : ` (${spec.reason})`}`} at the phone`;
    case 'supervisor':
      return `a supervisor ${spec.action === 'logout' ? 'logs out' : `makes Not Ready${spec.reason === undefined ? '' : ` (${spec.reason})`}`} the agent on ${spec.extension}`;
    case 'farEndAnswers':
      return `the far end of call #${spec.call} answers`;
    case 'fault':
      return {
        duplicate: `the link duplicates the next event to ${spec.extension}`,
        reorder: `the link swaps the next two events to ${spec.extension}`,
        delay: `the link delays the next event to ${spec.extension}`,
        closeLink: `the link to ${spec.extension}'s adapter drops at its next frame about ${spec.extension}`,
      }[spec.fault];
    case 'request': {
      const extras = [
        spec.held === undefined ? '' : ` with held call #${spec.held}`,
        spec.destination === undefined ? '' : ` to ${spec.destination}`,
        spec.digits === undefined ? '' : ` digits ${spec.digits}`,
        spec.reason === undefined ? '' : ` reason ${spec.reason}`,
        spec.afterCallWork === true ? ' (after-call work)' : '',
        spec.password === 'wrong' ? ' with a wrong password' : '',
      ].join('');
      return `the CSR on ${spec.extension} asks for ${spec.activity}${callWords(spec.call)}${extras}`;
    }
  }
}
