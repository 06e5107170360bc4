/**
 * Runs the Gherkin suite in this process with Cucumber's own formatters writing the standard
 * artefacts (messages, HTML, JUnit). Support code is loaded once per process and reused, because
 * Node caches the step modules and a second import would register nothing.
 */
import { loadConfiguration, loadSources, loadSupport, runCucumber } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { SuiteParameters } from '../harness/suite-context.ts';
import { CUCUMBER_REPORTS } from '../report/cucumber-reports.ts';

export const SUITE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

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
// Process-wide on purpose (docs/decisions/0040): it mirrors Node's module cache, which registers the
// steps on the first import only; the finished library is read-only and holds no run's state.
let support: Promise<Support> | undefined;

/** The scenarios a run would execute, with the same selection (mode tags, names, shard) as `runSuite`. */
export async function plannedScenarios(selection: Pick<SuiteRun, 'tagExpression' | 'names' | 'shard'>): Promise<{ name: string; uri: string; line: number }[]> {
  const environment = suiteEnvironment();
  const { runConfiguration } = await loadConfiguration({ file: false, provided: selected(selection) }, environment);
  const { plan } = await loadSources(runConfiguration.sources, environment);
  return plan.map((p) => ({ name: p.name, uri: p.uri, line: p.location.line }));
}

function suiteEnvironment() {
  return { cwd: SUITE_ROOT, stdout: devNull(), stderr: process.stderr, env: process.env };
}

function selected(selection: Pick<SuiteRun, 'tagExpression' | 'names' | 'shard'>) {
  return {
    paths: ['features/**/*.feature'],
    import: ['steps/**/*.ts'],
    tags: selection.tagExpression,
    name: [...selection.names],
    ...(selection.shard === undefined ? {} : { shard: selection.shard }),
  };
}

export async function runSuite(run: SuiteRun): Promise<void> {
  const environment = suiteEnvironment();
  const { runConfiguration } = await loadConfiguration(
    {
      file: false,
      provided: {
        ...selected(run),
        strict: true,
        // The HTML and JUnit reports are rendered from these messages once the verdict is known (report/cucumber-reports.ts).
        format: [['message', join(run.outDir, CUCUMBER_REPORTS.messages)]],
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
