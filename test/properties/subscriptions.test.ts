/** Subscription windows: when the lab holds a desktop subscribed to its extension (src/properties/subscriptions.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActivityName } from '../../src/contract/index.ts';
import type { RequestRecord, SequenceRecord } from '../../src/properties/record.ts';
import { OPEN_ENDED, windowsOf } from '../../src/properties/subscriptions.ts';

const D = 'CSR@8808';

function request(activity: ActivityName, entry: number, result: { ok: true } | { ok: false; errCode: string }): RequestRecord {
  const failure = result.ok ? {} : { errMessage: result.errCode, pyStatusMessage: result.errCode, pyPegaCTIError: result.errCode };
  return {
    desktop: D,
    extension: '8808',
    activity,
    page: activity === 'CloseAdapter' ? {} : { DN: '8808' },
    entry,
    baseline: false,
    outcome: { kind: 'result', result: { ...result, ...failure } as never },
    outcomeEntry: entry + 1,
  };
}

test('CloseAdapter ends every open window: also the one a SubscribeForEvents opened after a LogoutAgent lost under a dropped link left the first uncertain', () => {
  const record: SequenceRecord = {
    mode: 'full',
    entries: [],
    desktops: [{ name: D, extension: '8808' }],
    subscribedAtStart: new Set([D]),
    requests: [
      request('LogoutAgent', 10, { ok: false, errCode: 'OPENCTI_HTTP_ERROR_503' }),
      request('SubscribeForEvents', 20, { ok: true }),
      request('CloseAdapter', 30, { ok: true }),
    ],
    answersOrderedWithEvents: true,
    linkLost: new Map(),
  };
  const open = windowsOf(record, D, '8808').filter((w) => w.snapshotOnly !== true && w.looseEnd === OPEN_ENDED);
  assert.deepEqual(open, [], 'no window is left open after CloseAdapter');
  const subscribed = windowsOf(record, D, '8808').filter((w) => w.snapshotOnly !== true);
  assert.deepEqual(
    subscribed.map((w) => [w.loose, w.looseEnd, w.sureEnd]),
    [
      [0, 31, 10],
      [20, 31, 30],
    ],
  );
});
