/** Request handlers for the fake CTI server's agent side, and the Pega events the desktop should get. */
import type { AgentState, CtiEvent, RequestFrame, WireErrorCode } from '../../../src/contract/cti-wire/frames.ts';
import type { PegaEventOf } from '../../../src/contract/pega/events.ts';
import type { Peer, RequestHandler } from './fake-cti-server.ts';

/** Emits `events` on the monitor of `dn` (as the ACD does when a request changes the agent), then accepts. */
export function emitsThenAccepts(dn: string, ...events: CtiEvent[]): RequestHandler {
  return (_frame, peer) => {
    for (const event of events) peer.emit(dn, event);
    peer.respond({});
  };
}

/** Accepts first, and only then emits `events` (a server whose events trail its answers). */
export function acceptsThenEmits(dn: string, ...events: CtiEvent[]): RequestHandler {
  return (_frame, peer) => {
    peer.respond({});
    for (const event of events) peer.emit(dn, event);
  };
}

export function refuses(code: WireErrorCode, message: string): RequestHandler {
  return (_frame, peer) => peer.fail(code, message);
}

export interface SnapshotAgent {
  readonly agentId: string;
  readonly state: AgentState;
  readonly reasonCode?: string;
}

/** Frames the switch pushes around an answer. */
export interface AroundAnswer {
  readonly before?: (peer: Peer) => void;
  readonly after?: (peer: Peer) => void;
}

/**
 * SnapshotDevice answers: no calls, and `agent` logged in on the device (none when undefined).
 * `around` pushes frames just before and just behind the answer, all in one TCP write: the adapter
 * handles them in one turn of its event loop, an event behind the answer before any continuation
 * of the request's promise.
 */
export function snapshotReports(agent: SnapshotAgent | undefined, around: AroundAnswer = {}): RequestHandler {
  return (frame, peer) => {
    if (frame.type !== 'SnapshotDevice') throw new Error(`snapshotReports used for ${frame.type}`);
    peer.together(() => {
      around.before?.(peer);
      peer.respond({ deviceId: frame.deviceId, calls: [], ...(agent === undefined ? {} : { agent }) });
      around.after?.(peer);
    });
  };
}

/** Request frames without their invoke ids, for exact comparisons. */
export function sent(frames: readonly RequestFrame[]): object[] {
  return frames.map(({ invokeId: _invokeId, ...rest }) => rest);
}

type AgentStateEvent = PegaEventOf<'AgentStateEvent'>;
type SnapshotEvent = PegaEventOf<'SnapshotEvent'>;

export function agentStateEvent(name: AgentStateEvent['pyEventName'], pyReasonCode = '', pyWorkMode: AgentStateEvent['pyWorkMode'] = ''): AgentStateEvent {
  return { pyEventType: 'AgentStateEvent', pyEventName: name, pyMedia: 'Phone', pyReasonCode, pyWorkMode };
}

export function snapshotEvent(
  fields: Pick<SnapshotEvent, 'pyAgentId' | 'pyAgentState' | 'pyDeviceState' | 'pyLinkState'> & Partial<Pick<SnapshotEvent, 'pyReasonCode' | 'pyWorkMode'>>,
): SnapshotEvent {
  return { pyEventType: 'SnapshotEvent', pyEventName: 'Snapshot', pyMedia: 'Phone', pyReasonCode: '', pyWorkMode: '', ...fields };
}
