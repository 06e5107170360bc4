/** The link faults the lab injects (src/harness/link-faults.ts): each aimed at the link of the extension's own adapter. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linkFaultRule, type LinkFault } from '../../src/harness/link-faults.ts';

const KINDS: readonly LinkFault[] = [
  { kind: 'duplicate' },
  { kind: 'delay', ms: 40 },
  { kind: 'lose' },
  { kind: 'garble' },
  { kind: 'corrupt' },
  { kind: 'reorder' },
  { kind: 'closeLink' },
];

test("every link fault matches only events about the extension: an answer to another desktop's request naming it (DropParty, a transfer) travels on that desktop's link", () => {
  for (const fault of KINDS) {
    const rule = linkFaultRule(fault, '8808');
    assert.deepEqual([rule.direction, rule.match], ['toAdapter', { frame: 'Event', deviceId: '8808' }], fault.kind);
  }
});
