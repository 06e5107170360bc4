/** What a device sees right now: the answer to SnapshotDevice. */
import { refuse, type Refused } from './errors.ts';
import { quote } from './names.ts';
import { agentOn, callsAt, connectionOf } from './state.ts';
import type { AgentId, CallData, CallId, ConnectionState, DeviceNumber, LoggedInStatus, ModelState } from './types.ts';

export interface DeviceCall {
  readonly callId: CallId;
  readonly state: ConnectionState;
  readonly callingDevice: DeviceNumber;
  readonly calledDevice: DeviceNumber;
  readonly trunkUsed?: string;
  readonly callData: CallData;
}

/** The agent logged in on the device. */
export interface DeviceAgent {
  readonly agentId: AgentId;
  readonly status: LoggedInStatus;
}

export type DeviceSnapshot =
  { readonly ok: true; readonly deviceId: DeviceNumber; readonly calls: readonly DeviceCall[]; readonly agent?: DeviceAgent } | Refused;

export function snapshotDevice(state: ModelState, deviceId: DeviceNumber): DeviceSnapshot {
  if (!state.extensions.has(deviceId)) return refuse('unknownExtension', `deviceId: ${quote(deviceId)} is not a provisioned extension`);
  const calls: DeviceCall[] = [];
  for (const call of callsAt(state, deviceId)) {
    const connection = connectionOf(call, deviceId);
    if (connection === undefined) continue;
    calls.push({
      callId: call.id,
      state: connection.state,
      callingDevice: call.callingDevice,
      calledDevice: call.calledDevice,
      ...(call.trunkUsed === undefined ? {} : { trunkUsed: call.trunkUsed }),
      callData: call.callData,
    });
  }
  const agent = agentOn(state, deviceId);
  if (agent === undefined || agent.status.kind === 'loggedOut') return { ok: true, deviceId, calls };
  return { ok: true, deviceId, calls, agent: { agentId: agent.id, status: agent.status } };
}
