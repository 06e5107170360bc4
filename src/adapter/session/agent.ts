/**
 * The agent activities (agent-state and Full telephony). They never report a state change
 * themselves: the AgentStateEvents come from the CTI server's events; the only events the session
 * makes are the SnapshotEvents after LoginAgent and LogoutAgent, built from the server's
 * SnapshotDevice answer.
 */
import { ACTIVITY_SUCCESS, type ActivityResult } from '../../contract/pega/errors.ts';
import { snapshotEvent } from '../agent/snapshot.ts';
import type { RequestedState } from '../errors.ts';
import { agentInSnapshot } from '../monitors/resync.ts';
import { isRefusal, type Facts } from './core.ts';
import { ReconnectingSession } from './reconnect.ts';

export interface AgentLoginRequest {
  readonly dn: string;
  readonly agentId: string;
  /** Sent to the CTI server only; never logged. */
  readonly password: string;
  readonly queue: string | undefined;
}

export interface AgentLogoutRequest {
  readonly dn: string;
  readonly agentId: string;
  readonly reasonCode: string | undefined;
}

export interface AgentStateRequest {
  readonly dn: string | undefined;
  readonly agentId: string;
  readonly state: RequestedState;
  /** Sent only with notReady. */
  readonly reasonCode: string | undefined;
}

export abstract class AgentSession extends ReconnectingSession {
  /**
   * LoginAgent above Simple telephony: open the link if needed, monitor `dn` if not yet (so the
   * server's AgentLoggedOn reaches the desktop), AgentLogin, then SnapshotDevice and a
   * SnapshotEvent with the switch's answer. A refused login stops the monitor it started.
   */
  loginAgent(activity: string, login: AgentLoginRequest): Promise<ActivityResult> {
    const { dn, agentId } = login;
    return this.whenUp(activity, { dn, agentId }, async () => {
      const wasMonitored = this.monitors.forDn(dn) !== undefined;
      const subscribed = await this.subscribeNow(activity, dn);
      if (!subscribed.ok) return subscribed;
      try {
        await this.requireLink().agentLogin({ agentId, password: login.password, deviceId: dn, queue: login.queue });
      } catch (error) {
        // Refused: leave the adapter as it was. Unanswered: the ACD may have logged the agent in,
        // so the monitor stays and whatever it did still reaches the desktop.
        if (!wasMonitored && isRefusal(error)) await this.stopMonitorQuietly(activity, dn);
        return this.failed(activity, error, { dn, agentId });
      }
      this.deps.logger.info({ DN: dn, agentId }, 'agent logged in');
      // Delivered as the answer is handled, so no agent event the switch sends after it can be overtaken.
      await this.readSnapshot(dn, (snapshot) => {
        const monitor = this.monitors.forDn(dn);
        if (monitor !== undefined) monitor.agent = agentInSnapshot(snapshot, { agentId, state: 'loggedOut' });
        if (this.monitors.isDelivering(dn)) this.deliverSnapshot(dn, snapshotEvent(snapshot, { agentId, deviceState: 'OPENED', linkState: 'CONNECTED' }));
      });
      return ACTIVITY_SUCCESS;
    });
  }

  /**
   * LogoutAgent above Simple telephony, in this order: AgentLogout; SnapshotDevice (its answer
   * also comes after the AgentLoggedOff the logout caused, so that event has reached the desktop);
   * close the gate for `dn`; deliver the SnapshotEvent (Logout, CLOSED, DISCONNECTED: the state
   * LogoutAgent leaves) as the last event for `dn`; MonitorStop; CloseAdapter. A refused logout
   * changes nothing.
   */
  logoutAgent(activity: string, logout: AgentLogoutRequest): Promise<ActivityResult> {
    const { dn, agentId, reasonCode } = logout;
    return this.whenUp(activity, { dn, agentId }, async () => {
      const opened = await this.ensureOpen(activity);
      if (!opened.ok) return opened;
      try {
        await this.requireLink().agentLogout(agentId, reasonCode, { dn });
      } catch (error) {
        return this.failed(activity, error, { dn, agentId, reasonCode });
      }
      this.deps.logger.info({ DN: dn, agentId, reasonCode }, 'agent logged out');
      // The ACD logged the agent out: from here LogoutAgent only winds down, and succeeds.
      const snapshot = await this.readSnapshot(dn);
      const unmute = this.monitors.mute(dn);
      const unmuteAll = this.monitors.muteAll();
      try {
        if (snapshot !== null) this.deliverSnapshot(dn, snapshotEvent(snapshot, { agentId, deviceState: 'CLOSED', linkState: 'DISCONNECTED' }));
        if (this.monitors.forDn(dn) !== undefined) {
          const unsubscribed = await this.unsubscribeNow(activity, dn);
          if (!unsubscribed.ok)
            this.deps.logger.warn({ DN: dn, errCode: unsubscribed.errCode }, `MonitorStop failed after the logout: ${unsubscribed.errMessage}`);
        }
        await this.closeNow(this.cancelOutage());
        return ACTIVITY_SUCCESS;
      } finally {
        unmuteAll();
        unmute();
      }
    });
  }

  /**
   * SetAgentReady / SetAgentNotReady: one SetAgentState on the open link. Success only means the
   * ACD accepted; the new state reaches the desktop when the server's agent event does.
   */
  setAgentState(activity: string, change: AgentStateRequest): Promise<ActivityResult> {
    const { dn, agentId, state, reasonCode } = change;
    const facts: Facts = { ...(dn === undefined ? {} : { dn }), agentId, agentState: state, ...(reasonCode === undefined ? {} : { reasonCode }) };
    return this.whenUp(activity, facts, async () => {
      try {
        await this.requireLink().setAgentState(agentId, state, reasonCode, dn === undefined ? {} : { dn });
        return ACTIVITY_SUCCESS;
      } catch (error) {
        return this.failed(activity, error, facts);
      }
    });
  }
}
