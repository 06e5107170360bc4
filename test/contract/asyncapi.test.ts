import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { parse } from 'yaml';
import { ASYNCAPI_FILE, renderAsyncApi } from '../../src/contract/cti-wire/write-asyncapi.ts';

test('the published AsyncAPI document is the one the frame schemas generate', async () => {
  const committed = await readFile(ASYNCAPI_FILE, 'utf8');
  assert.equal(committed, renderAsyncApi(), 'docs/cti-wire.asyncapi.yaml is stale: run npx tsx src/contract/cti-wire/write-asyncapi.ts');
});

test('the AsyncAPI document describes every request and every server frame', () => {
  const document: unknown = parse(renderAsyncApi());
  const text = JSON.stringify(document);
  for (const name of ['StartApplicationSession', 'MonitorStart', 'MonitorStop', 'SnapshotDevice', 'Response', 'Error', 'Event', 'SystemStatus']) {
    assert.match(text, new RegExp(`"#/channels/ctiLink/messages/${name}"`), name);
  }
});
