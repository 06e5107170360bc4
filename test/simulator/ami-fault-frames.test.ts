/** The fault layer reads AMI packets in the wire's words where a plan names them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newLinkMemory } from '../../simulator/faults/frames.ts';
import { AMI_FAULT_FRAMES } from '../../simulator/protocol/ami/fault-frames.ts';

test("AMI's Status action is the device snapshot a plan names SnapshotDevice; other actions keep their AMI names", () => {
  const memory = newLinkMemory(() => undefined);
  const status = AMI_FAULT_FRAMES.read('fromAdapter', 'Action: Status\r\nActionID: 7\r\nAllVariables: true\r\n\r\n', memory);
  assert.deepEqual([status.frame, status.name, status.invokeId], ['Request', 'SnapshotDevice', 7]);
  const originate = AMI_FAULT_FRAMES.read('fromAdapter', 'Action: Originate\r\nActionID: 8\r\nChannel: PJSIP/8808\r\n\r\n', memory);
  assert.deepEqual([originate.frame, originate.name, originate.deviceId], ['Request', 'Originate', '8808']);
  const answer = AMI_FAULT_FRAMES.read('toAdapter', 'Response: Error\r\nActionID: 7\r\nMessage: refused\r\n\r\n', memory);
  assert.deepEqual([answer.frame, answer.name], ['Error', 'SnapshotDevice']);
});

test("AMI's Login is the session start a plan names StartApplicationSession (a server refusing sessions, OCTI-LINK-003)", () => {
  const memory = newLinkMemory(() => undefined);
  const login = AMI_FAULT_FRAMES.read('fromAdapter', 'Action: Login\r\nActionID: 1\r\nUsername: switchboard\r\nSecret: x\r\n\r\n', memory);
  assert.deepEqual([login.frame, login.name, login.invokeId], ['Request', 'StartApplicationSession', 1]);
});

test("an item of an action's list is about a device only where the link's peer watches it: a Status listing 8808's channel on 8809's link is not about 8808", () => {
  const on8809 = newLinkMemory(
    () => undefined,
    (d) => d === '8809',
  );
  const item = 'Event: Status\r\nActionID: 7\r\nChannel: PJSIP/8808-00000001\r\n\r\n';
  assert.equal(AMI_FAULT_FRAMES.read('toAdapter', item, on8809).deviceId, null);
  const on8808 = newLinkMemory(
    () => undefined,
    (d) => d === '8808',
  );
  assert.equal(AMI_FAULT_FRAMES.read('toAdapter', item, on8808).deviceId, '8808');
  const event = 'Event: Newstate\r\nChannel: PJSIP/8808-00000001\r\nChannelState: 5\r\n\r\n';
  assert.equal(AMI_FAULT_FRAMES.read('toAdapter', event, on8809).deviceId, '8808', "a CTI event keeps its channel's device");
});
