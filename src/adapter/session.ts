/**
 * One CSR's adapter session: the CTI link, the monitored extensions, and the operations the
 * activities are made of. Operations run one at a time; the gates that stop delivery are closed
 * synchronously, the moment UnSubscribeForEvents or CloseAdapter is called. The jobs are in
 * session/: the shared state and operations (core.ts), the reconnect (reconnect.ts, decision 0014),
 * the agent activities (agent.ts); here the entry points and call control.
 */
import type { CallData, SnapshotCall } from '../contract/cti-wire/frames.ts';
import { ACTIVITY_SUCCESS, type ActivityResult } from '../contract/pega/errors.ts';
import type { FailureFacts } from './errors.ts';
import type { CallControlBody } from './link/link.ts';
import { AgentSession } from './session/agent.ts';

export type { SessionDeps } from './session/core.ts';
export type { AgentLoginRequest, AgentLogoutRequest, AgentStateRequest } from './session/agent.ts';

/** What a call-control activity may do on the link, one operation at a time (Full telephony, decision 0013). */
export interface CallControlOps {
  /** The switch's view of the extension's calls now (SnapshotDevice). */
  calls(): Promise<readonly SnapshotCall[]>;
  /** The call data this adapter has seen on `callId` at the extension, from the switch's events; {} if none. */
  knownCallData(callId: string): CallData;
  /** Sends one call-control request; resolves once the switch accepted it (the effect arrives as events). */
  send(body: CallControlBody, facts: Pick<FailureFacts, 'callId' | 'heldCallId' | 'destination'>): Promise<void>;
}

export class AdapterSession extends AgentSession {
  /** Connects and starts the application session; succeeds at once when already open. */
  open(activity: string): Promise<ActivityResult> {
    return this.whenUp(activity, {}, () => this.ensureOpen(activity));
  }

  /** Monitors `dn`, opening the link first if needed. Subscribing twice is one subscription. */
  subscribe(activity: string, dn: string): Promise<ActivityResult> {
    return this.whenUp(activity, { dn }, () => this.subscribeNow(activity, dn));
  }

  /** Stops monitoring `dn`; no event for it is delivered from this call on. */
  unsubscribe(activity: string, dn: string): Promise<ActivityResult> {
    const unmute = this.monitors.mute(dn);
    return this.queue.run(async () => {
      try {
        return await this.unsubscribeNow(activity, dn);
      } finally {
        unmute();
      }
    });
  }

  /**
   * Stops every monitor, ends the application session and closes the socket; best effort, always
   * succeeds. Stops reconnecting at once: no attempt starts after this call.
   */
  close(): Promise<ActivityResult> {
    const unmute = this.monitors.muteAll();
    const cancelled = this.cancelOutage();
    return this.queue.run(async () => {
      try {
        await this.closeNow(cancelled);
        return ACTIVITY_SUCCESS;
      } finally {
        unmute();
      }
    });
  }

  /**
   * A call-control activity on the open link for extension `dn`: `act` reads the switch's view if
   * it must find a call, and sends its request. Like SetAgentState it does not open a link (without
   * the monitor the events it causes could not reach the desktop), and success only means the
   * switch accepted: Held, Established… reach the desktop as the switch's events.
   */
  callControl(activity: string, dn: string, act: (ops: CallControlOps) => Promise<ActivityResult>): Promise<ActivityResult> {
    return this.whenUp(activity, { dn }, async () => {
      try {
        const link = this.requireLink();
        const { logger } = this.deps;
        return await act({
          calls: async () => (await link.snapshotDevice(dn)).calls,
          knownCallData: (callId) => ({ ...this.monitors.forDn(dn)?.calls.get(callId)?.callData }),
          send: async (body, facts) => {
            const response = await link.callControl(body, { dn, ...facts });
            logger.info({ activity, DN: dn, request: body.type, ...facts, result: response.result }, `${body.type} accepted by the CTI server`);
          },
        });
      } catch (error) {
        return this.failed(activity, error, { dn });
      }
    });
  }
}
