/**
 * The SnapshotEvent a desktop gets after LoginAgent and LogoutAgent: the switch's answer to
 * SnapshotDevice, in Pega's words. Pure: the session decides the device and link states it reports.
 */
import type { AgentState, ResultOf } from '../../contract/cti-wire/frames.ts';
import type { PegaEventOf, SNAPSHOT_AGENT_STATES } from '../../contract/pega/events.ts';
import type { AgentWorkMode } from '../pipeline/types.ts';

export type SnapshotEvent = PegaEventOf<'SnapshotEvent'>;
type SnapshotAgentState = (typeof SNAPSHOT_AGENT_STATES)[number];

/** The ACD's agent states in Pega's snapshot vocabulary (decision 0010). */
export const SNAPSHOT_STATES: Readonly<Record<AgentState, { readonly state: SnapshotAgentState; readonly workMode: AgentWorkMode }>> = {
  loggedOut: { state: 'Logout', workMode: '' },
  loggedIn: { state: 'Login', workMode: '' },
  ready: { state: 'Ready', workMode: '' },
  notReady: { state: 'NotReady', workMode: '' },
  workingAfterCall: { state: 'NotReady', workMode: 'ACW' },
  busy: { state: 'Busy', workMode: 'BUSY' },
};

export interface SnapshotSubject {
  /** The agent the activity was about: reported as logged out when the switch has no agent on the device. */
  readonly agentId: string;
  readonly deviceState: SnapshotEvent['pyDeviceState'];
  readonly linkState: SnapshotEvent['pyLinkState'];
}

export function snapshotEvent(result: ResultOf<'SnapshotDevice'>, subject: SnapshotSubject): SnapshotEvent {
  const agent = result.agent ?? { agentId: subject.agentId, state: 'loggedOut' as const };
  const { state, workMode } = SNAPSHOT_STATES[agent.state];
  return {
    pyEventType: 'SnapshotEvent',
    pyEventName: 'Snapshot',
    pyMedia: 'Phone',
    pyAgentId: agent.agentId,
    pyAgentState: state,
    pyDeviceState: subject.deviceState,
    pyLinkState: subject.linkState,
    pyReasonCode: 'reasonCode' in agent ? (agent.reasonCode ?? '') : '',
    pyWorkMode: workMode,
  };
}

/**
 * A SnapshotEvent without the switch's answer (decision 0014): the link went down (device CLOSED,
 * link DISCONNECTED), or came back and the switch refused SnapshotDevice (OPENED, CONNECTED). The
 * agent's state is not invented: it is Unknown.
 */
export function agentUnknownSnapshotEvent(agentId: string, link: 'down' | 'up'): SnapshotEvent {
  return {
    pyEventType: 'SnapshotEvent',
    pyEventName: 'Snapshot',
    pyMedia: 'Phone',
    pyAgentId: agentId,
    pyAgentState: 'Unknown',
    pyDeviceState: link === 'down' ? 'CLOSED' : 'OPENED',
    pyLinkState: link === 'down' ? 'DISCONNECTED' : 'CONNECTED',
    pyReasonCode: '',
    pyWorkMode: '',
  };
}
