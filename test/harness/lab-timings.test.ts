/** The lab offers the adapter its short reconnect backoff through the settings, and does without it for an adapter that refuses it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { createAdapter } from '../../src/adapter/index.ts';
import type { AdapterFactory } from '../../src/contract/index.ts';
import { LAB_RECONNECT } from '../../src/harness/adapter-timings.ts';
import { Lab } from '../../src/harness/lab.ts';

/** A lab whose scenario opens the desktops of 8808 and 8809, in that order. */
async function openTwoDesktops(factory: AdapterFactory): Promise<void> {
  const lab = await Lab.start({ factory, mode: 'simple', deadlineMs: 2000, quietMs: 50, logger: pino({ level: 'silent' }) });
  try {
    await lab.desktop('8808');
    await lab.desktop('8809');
  } finally {
    await lab.stop();
  }
}

test('every desktop gets the lab reconnect timings in its settings', async () => {
  const seen: unknown[] = [];
  await openTwoDesktops((context) => {
    seen.push(context.settings);
    return createAdapter(context);
  });
  assert.equal(seen.length, 2);
  for (const settings of seen) assert.deepEqual((settings as { timeouts: object }).timeouts, { connectMs: 2000, requestMs: 2000, ...LAB_RECONNECT });
});

test('an adapter that refuses the reconnect timings gets the settings without them, from then on', async () => {
  const offered: boolean[] = [];
  await openTwoDesktops((context) => {
    const withTimings = (context.settings as { timeouts: { reconnectMinMs?: number } }).timeouts.reconnectMinMs !== undefined;
    offered.push(withTimings);
    if (withTimings) throw new Error('timeouts.reconnectMinMs: not a setting this adapter knows');
    return createAdapter(context);
  });
  assert.deepEqual(offered, [true, false, false]);
});
