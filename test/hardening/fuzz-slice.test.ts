/**
 * A small seeded slice of `npm run fuzz` (fuzz/): every hostile class against the six servers (the
 * CTI link in each of its three dialects among them), each in its own process on 127.0.0.1, a
 * well-behaved client alongside. No crash, every refusal
 * a clear error, the well-behaved client served — and then no file the run wrote (the servers'
 * logs, the reports) holds a token, a password or a raw request byte list (issue #15, items 1
 * and 4). Hangs and RSS are figures of the full run (bench/RESULTS.md), not asserted here.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { clearRate, runFuzz, table } from '../../fuzz/run.ts';
import { forbiddenTexts, TARGETS } from '../../fuzz/secrets.ts';

const SEED = 20261207;
const out = mkdtempSync(join(tmpdir(), 'switchboard-fuzz-slice-'));
after(() => rmSync(out, { recursive: true, force: true }));

test(`fuzz slice (seed ${SEED}): no crash, clear errors, the well-behaved client served, no secret in any file`, { timeout: 120_000 }, async () => {
  const reports = await runFuzz({ count: 1500, timeBudgetMs: 30_000, seed: SEED, only: TARGETS, out, workers: 2, batch: 50, onceOff: false });
  const summary = table(reports);
  for (const r of reports) {
    assert.ok(r.sent >= 1500, `${r.server}: only ${r.sent} sent\n${summary}`);
    assert.equal(r.crashes, 0, `${r.server} crashed\n${summary}`);
    assert.equal(r.wellBehavedFailed, 0, `${r.server}: the well-behaved client failed\n${summary}`);
    assert.equal(clearRate(r), 1, `${r.server}: answers without a clear error\n${summary}`);
    assert.ok(r.clear > r.sent / 2, `${r.server}: too few refusals to judge\n${summary}`);
  }
  const files = readdirSync(out);
  assert.deepEqual(files.filter((f) => f.endsWith('.log')).sort(), TARGETS.map((t) => `${t}.log`).sort());
  for (const file of files) {
    const text = readFileSync(join(out, file), 'utf8');
    for (const secret of forbiddenTexts()) assert.ok(!text.includes(secret), `${file} holds a secret (${secret.slice(0, 12)}…)`);
    assert.doesNotMatch(text, /rawPacket|(\d{1,3},){24}\d{1,3}/, `${file} holds raw request bytes`);
  }
});
