/**
 * The fuzz campaign counts what the server did, not what it was never asked (issue #15, the AMI
 * run's 97 "no reply (connection closed)"): a hostile worker whose connection the server refuses at
 * its cap (an AMI `Response: Error` naming the cap, read where the login's answer was expected) sends
 * no frame on it, counts the refusal and tries again; no frame is tallied unanswered. An AMI server
 * in this process with a cap of 3 connections and 4 hostile workers, so refusals happen throughout.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { runCampaign } from '../../fuzz/campaign.ts';
import { table } from '../../fuzz/run.ts';
import { FUZZ_CTI_USER, FUZZ_SECRETS } from '../../fuzz/secrets.ts';
import { dialectNamed } from '../../simulator/index.ts';
import { startLab } from '../simulator/support/lab.ts';

const lookup = dialectNamed('ami');
assert.ok(lookup.ok);
const lab = await startLab({
  dialect: lookup.dialect,
  credentials: { user: FUZZ_CTI_USER, password: FUZZ_SECRETS.ctiPassword },
  limits: { maxConnections: 3 },
});
after(() => lab.stop());

test('a hostile worker refused at the cap sends nothing on that connection: refusals counted, no frame unanswered', { timeout: 60_000 }, async () => {
  const report = await runCampaign({
    target: { kind: 'ami', url: lab.url },
    pid: process.pid,
    count: 2000,
    timeBudgetMs: 30_000,
    seed: 15150017,
    workers: 4,
    batch: 50,
    warmUp: 0,
    onceOff: false,
    died: new Promise<string>(() => undefined),
    memory: () => process.memoryUsage(),
    collected: () => Promise.resolve(process.memoryUsage()),
  });
  const summary = table([report]);
  assert.ok(report.sent >= 2000, summary);
  assert.equal(report.unclear, 0, summary);
  assert.ok(report.refusedConnections > 0, `expected workers refused at the cap of 3\n${summary}`);
});
