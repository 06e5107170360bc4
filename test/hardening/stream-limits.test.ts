/**
 * The simulator's TCP dialects at their connection cap (issue #15): one connection past it is told
 * why in its own dialect — AMI's banner and a `Response: Error` naming the cap, a CSTA XML
 * `CSTAErrorCode` (serviceUnavailable) — and closed, and the next is accepted once one closes.
 * Real sockets on 127.0.0.1; replies read with the fuzz client's readers (fuzz/stream-dialects.ts).
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { openStream } from '../../fuzz/raw-stream.ts';
import { STREAM_DIALECTS } from '../../fuzz/stream-dialects.ts';
import { FUZZ_CTI_USER, FUZZ_SECRETS } from '../../fuzz/secrets.ts';
import { dialectNamed } from '../../simulator/index.ts';
import { startLab, type TestLab } from '../simulator/support/lab.ts';

let lab: TestLab | null = null;
afterEach(async () => {
  await lab?.stop();
  lab = null;
});

describe('TCP dialects: the connection cap', { timeout: 30_000 }, () => {
  for (const kind of ['ami', 'csta-xml'] as const) {
    it(`${kind}: one connection past the cap is refused naming it, then closed; a place frees when one closes`, async () => {
      const lookup = dialectNamed(kind);
      assert.ok(lookup.ok);
      lab = await startLab({
        dialect: lookup.dialect,
        credentials: { user: FUZZ_CTI_USER, password: FUZZ_SECRETS.ctiPassword },
        limits: { maxConnections: 1 },
      });
      const dialect = STREAM_DIALECTS[kind];
      const port = Number(new URL(lab.url).port);
      const first = await openStream(port, dialect);
      first.send(dialect.login());
      assert.equal((await first.take(1, 5000)).replies[0]?.verdict, 'accepted');
      const refused = await openStream(port, dialect);
      const { replies, closed } = await refused.take(1, 5000);
      assert.equal(replies[0]?.verdict, 'clear', `${kind}: the refusal is an error naming the problem`);
      if (kind === 'ami') assert.match(replies[0]?.text ?? '', /at most 1 connections at once/);
      else assert.match(replies[0]?.text ?? '', /serviceUnavailable|CSTAErrorCode/);
      if (!closed) await refused.ended;
      first.destroy();
      await first.ended;
      // The server counts the place free on its own close event, a moment after ours: each try is answered, none waits on a clock.
      let verdict: string | undefined;
      for (let attempt = 0; attempt < 50 && verdict !== 'accepted'; attempt++) {
        const again = await openStream(port, dialect);
        again.send(dialect.login());
        verdict = (await again.take(1, 5000)).replies[0]?.verdict;
        again.destroy();
        await again.ended;
      }
      assert.equal(verdict, 'accepted');
    });
  }
});
