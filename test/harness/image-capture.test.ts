/**
 * The capture of an image: adapter's output: the file is closed when the engine ends the container's
 * log stream, and also when it never does (a stuck stream is cut off, nothing writes after the end).
 */
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { closeCapture } from '../../src/harness/drivers/image.ts';

async function capture(): Promise<{ file: string; log: ReturnType<typeof createWriteStream>; source: PassThrough }> {
  const file = join(await mkdtemp(join(tmpdir(), 'switchboard-capture-')), 'adapter-process.log');
  const log = createWriteStream(file);
  const source = new PassThrough();
  source.pipe(log);
  return { file, log, source };
}

test('a log stream the engine ended: the file holds everything and is closed', async () => {
  const { file, log, source } = await capture();
  source.end('last words\n');
  await closeCapture(log, source, 60_000);
  assert.equal(log.closed, true);
  assert.equal(await readFile(file, 'utf8'), 'last words\n');
});

test('a log stream the engine never ends is cut off after the drain time; the file is closed and a late write is dropped', async () => {
  const { file, log, source } = await capture();
  source.write('before\n');
  // Nothing else keeps this test's event loop alive: an unref'd drain timer would leave it pending.
  await closeCapture(log, source, 20);
  assert.equal(log.closed, true);
  assert.equal(source.destroyed, true);
  assert.equal(source.write('after\n'), false);
  assert.equal(await readFile(file, 'utf8'), 'before\n');
});

test('no container output was captured: the file is closed at once', async () => {
  const { log } = await capture();
  await closeCapture(log, undefined, 60_000);
  assert.equal(log.closed, true);
});
