/** The wire log writer (src/harness/wire-log.ts): one JSON line per frame in the order heard, credentials censored, stopped at its cap with a line saying so. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WireLog } from '../../src/harness/wire-log.ts';

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'switchboard-wire-log-'));
}

async function lines(path: string): Promise<Record<string, unknown>[]> {
  return (await readFile(path, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the wire log', () => {
  it('writes one line per frame, in order, with the scenario, link, direction, time and censored frame', async () => {
    const path = join(await folder(), 'wire.jsonl');
    const log = WireLog.open(path, 'json');
    let now = 0;
    const first = log.scenario('First scenario', () => now);
    first({ link: 1, direction: 'to-switch', text: '{"type":"StartApplicationSession","user":"u","password":"p4ssw0rd-x"}' });
    now = 2.5;
    first({ link: 1, direction: 'to-adapter', text: '{"type":"Response"}' });
    log.scenario('Second scenario', () => 0.25)({ link: 2, direction: 'to-switch', text: '{"type":"MonitorStart"}' });
    assert.deepEqual(await log.close(), { file: 'wire.jsonl', frames: 3, bytes: Buffer.byteLength(await readFile(path, 'utf8')), cut: false });
    assert.deepEqual(await lines(path), [
      { scenario: 'First scenario', link: 'L1', direction: 'to-switch', at: 0, frame: '{"type":"StartApplicationSession","user":"u","password":"***"}' },
      { scenario: 'First scenario', link: 'L1', direction: 'to-adapter', at: 2.5, frame: '{"type":"Response"}' },
      { scenario: 'Second scenario', link: 'L2', direction: 'to-switch', at: 0.25, frame: '{"type":"MonitorStart"}' },
    ]);
  });

  it('stops at its cap with a last line saying the log was cut, and holds no more', async () => {
    const path = join(await folder(), 'wire.jsonl');
    const log = WireLog.open(path, 'ami', 1000);
    const heard = log.scenario('Busy', () => 1);
    for (let i = 0; i < 100; i += 1) heard({ link: 1, direction: 'to-adapter', text: `Event: Newstate\r\nUniqueid: ${i}\r\n\r\n` });
    const summary = await log.close();
    const written = await lines(path);
    assert.equal(summary.cut, true);
    assert.ok(summary.bytes <= 1000, `${summary.bytes} bytes of frames, over the cap`);
    assert.equal(written.length, summary.frames + 1);
    assert.match(String(written.at(-1)?.['cut']), /reached its cap of 1000 bytes after \d+ frames/);
    assert.ok(written.slice(0, -1).every((line) => line['scenario'] === 'Busy'));
  });

  it('refuses a cap that is not a positive whole number of bytes', () => {
    assert.throws(() => WireLog.open('/nonexistent/wire.jsonl', 'json', 0), RangeError);
  });

  it('reports a log it could not write when closed', async () => {
    const log = WireLog.open(join(await folder(), 'missing-dir', 'wire.jsonl'), 'json');
    log.scenario('S', () => 0)({ link: 1, direction: 'to-switch', text: '{}' });
    await assert.rejects(log.close(), /could not be written/);
  });
});
