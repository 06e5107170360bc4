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
