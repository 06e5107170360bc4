/** Request handlers for the fake CTI server's call-control side. */
import type { ConnectionState, SnapshotCall } from '../../../src/contract/cti-wire/frames.ts';
import type { RequestHandler } from './fake-cti-server.ts';

/** SnapshotDevice answers with these calls at the device: [callId, state at the device]. */
export function switchShows(...calls: readonly (readonly [callId: string, state: ConnectionState])[]): RequestHandler {
  return (frame, peer) => {
    if (frame.type !== 'SnapshotDevice') throw new Error(`switchShows used for ${frame.type}`);
    const listed: SnapshotCall[] = calls.map(([callId, state]) => ({
      callId,
      state,
      callingDevice: '6175551212',
      calledDevice: frame.deviceId,
      trunkUsed: 'T1',
      callData: {},
    }));
    peer.respond({ deviceId: frame.deviceId, calls: listed });
  };
}
