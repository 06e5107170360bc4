/** Each failure's replay line in certificate.md: whole, in its own folder, whatever the run's command line held. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { renderMarkdown } from '../../src/report/markdown.ts';
import type { RunSummary } from '../../src/report/messages.ts';
import { certify } from '../report/certificate-input.ts';
import { fixtureRun, removeFixtureRun } from '../report/fixture-run.ts';

function replayOf(summary: RunSummary, replayCommand: string, scenario: string): string {
  const markdown = renderMarkdown(certify(summary, { replayCommand }));
  const section = markdown.split('\n### ').find((s) => s.split('\n')[0]?.endsWith(scenario)) ?? '';
  return /^- Replay: `(.*)`$/m.exec(section)?.[1] ?? '(no replay line)';
}

describe('certificate.md replay lines', () => {
  let summary: RunSummary;
  before(async () => {
    summary = (await fixtureRun()).summary;
  });
  after(removeFixtureRun);

  it('replace --out with a folder of the scenario inside it, and select the scenario by an anchored --name', () => {
    assert.equal(
      replayOf(summary, 'npx switchboard certify --adapter reference --mode simple --out reports/simple --no-properties', "An event that breaks Pega's schema"),
      "npx switchboard certify --adapter reference --mode simple --out reports/simple/replay-an-event-that-breaks-pega-s-schema --no-properties --name '^An event that breaks Pega'\\''s schema$'",
    );
  });

  it('keep a quoted --out quoted, with the folder inside the quotes', () => {
    assert.match(
      replayOf(
        summary,
        "npx switchboard certify --adapter 'cmd:python3 a.py' --mode simple --out 'my reports/it'\\''s' --seed 4",
        "An event that breaks Pega's schema",
      ),
      /--adapter 'cmd:python3 a\.py' --mode simple --out 'my reports\/it'\\''s\/replay-an-event-that-breaks-pega-s-schema' --seed 4 --name /,
    );
  });

  it("drop a shard's --shard (the slice is dealt after --name selects) and, without --out, write under reports/", () => {
    const line = replayOf(summary, 'npx switchboard certify --adapter reference --mode simple --seed 4', "An event that breaks Pega's schema");
    assert.match(line, / --seed 4 --out reports\/replay-an-event-that-breaks-pega-s-schema --name /);
    const shard = replayOf(
      summary,
      'npx switchboard certify --adapter reference --mode simple --out reports/s2 --shard 2/3 --no-properties',
      "An event that breaks Pega's schema",
    );
    assert.ok(!shard.includes('--shard'), shard);
    assert.match(shard, /--out reports\/s2\/replay-an-event-that-breaks-pega-s-schema --no-properties --name /);
  });
});
