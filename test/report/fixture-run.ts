/**
 * Runs Cucumber in-process on the fixture features once per test process and hands out the real
 * messages it wrote. Once, because Cucumber's support code registers on import, and a module
 * imports once per process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import type { TelephonyMode } from '../../src/contract/pega/modes.ts';
import { readRunSummary, type RunSummary } from '../../src/report/messages.ts';
import { modeTagExpression } from '../../src/report/tags.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FEATURES = 'test/report/fixtures/features/**/*.feature';
export const CALLS_URI = 'test/report/fixtures/features/calls.feature';
export const MODES_URI = 'test/report/fixtures/features/modes.feature';

export interface FixtureRun {
  readonly dir: string;
  readonly ndjsonPath: string;
  readonly summary: RunSummary;
}

let run: Promise<FixtureRun> | undefined;

async function runOnce(mode: TelephonyMode): Promise<FixtureRun> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-report-'));
  const ndjsonPath = join(dir, 'cucumber.ndjson');
  const sink = new PassThrough();
  sink.resume();
  const environment = { cwd: PROJECT_ROOT, stdout: sink, stderr: sink, env: {} };
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: [FEATURES],
        import: ['test/report/fixtures/steps/*.mjs'],
        format: [`message:${ndjsonPath}`],
        tags: modeTagExpression(mode),
        retry: 1,
        retryTagFilter: '@flaky',
      },
    },
    environment,
  );
  await runCucumber(runConfiguration, environment);
  return { dir, ndjsonPath, summary: await readRunSummary(ndjsonPath) };
}

/** The fixture run in Simple telephony: one pass, one failure with a trace, one undefined step, one retried pass, one `@only:simple` pass. */
export function fixtureRun(): Promise<FixtureRun> {
  run ??= runOnce('simple');
  return run;
}

export async function removeFixtureRun(): Promise<void> {
  if (run !== undefined) await rm((await run).dir, { recursive: true, force: true });
}
