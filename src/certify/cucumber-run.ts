/**
 * Runs the Gherkin suite in this process with Cucumber's own formatters writing the standard
 * artefacts (messages, HTML, JUnit). Support code is loaded once per process and reused, because
 * Node caches the step modules and a second import would register nothing.
 */
import { loadConfiguration, loadSupport, runCucumber } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { SuiteParameters } from '../harness/suite-context.ts';

export const SUITE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const ARTEFACTS = {
  messages: 'cucumber.ndjson',
  html: 'cucumber.html',
  junit: 'junit.xml',
} as const;

/** The `name` of the JUnit report's testsuite element. */
export const JUNIT_SUITE_NAME = 'switchboard';

export interface SuiteRun {
  readonly outDir: string;
  readonly tagExpression: string;
  readonly names: readonly string[];
  readonly parameters: SuiteParameters;
  /** Cucumber's own sharding, `<index>/<total>`: the selected scenarios dealt round-robin in file order. */
  readonly shard?: string;
  readonly onMessage: (envelope: Envelope) => void;
}

type Support = Awaited<ReturnType<typeof loadSupport>>;
let support: Promise<Support> | undefined;

export async function runSuite(run: SuiteRun): Promise<void> {
  const environment = { cwd: SUITE_ROOT, stdout: devNull(), stderr: process.stderr, env: process.env };
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        paths: ['features/**/*.feature'],
        import: ['steps/**/*.ts'],
        tags: run.tagExpression,
        name: [...run.names],
        strict: true,
        ...(run.shard === undefined ? {} : { shard: run.shard }),
        format: [
          ['message', join(run.outDir, ARTEFACTS.messages)],
          ['html', join(run.outDir, ARTEFACTS.html)],
          ['junit', join(run.outDir, ARTEFACTS.junit)],
        ],
        formatOptions: { junit: { suiteName: JUNIT_SUITE_NAME } },
        worldParameters: { ...run.parameters },
      },
    },
    environment,
  );
  support ??= loadSupport(runConfiguration, environment);
  await runCucumber({ ...runConfiguration, support: await support }, environment, run.onMessage);
}

/** Cucumber insists on a stdout; every formatter here writes to a file, so nothing goes to it. */
function devNull(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}
