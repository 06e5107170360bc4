/**
 * The certify benchmark's baseline, in its own process like a certify run: `count` no-op scenarios
 * through Cucumber's runner with the formatters certify uses (messages, HTML, JUnit).
 */
import { loadConfiguration, loadSupport, runCucumber } from '@cucumber/cucumber/api';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';

const [dir, countText] = process.argv.slice(2);
const count = Number(countText);
if (dir === undefined || !(count > 0)) {
  process.stderr.write('usage: noop-cucumber.ts <dir> <count>\n');
  process.exit(2);
}
await mkdir(join(dir, 'features'), { recursive: true });
await mkdir(join(dir, 'out'), { recursive: true });
const scenarios = Array.from({ length: count }, (_, i) => `  Scenario: no-op ${i + 1}\n    Given nothing happens\n`).join('\n');
await writeFile(join(dir, 'features', 'noop.feature'), `Feature: no-op\n\n${scenarios}`);
// The temporary folder has no node_modules: the steps import the very module the runner loads.
await writeFile(
  join(dir, 'steps.mjs'),
  `import { Given } from ${JSON.stringify(import.meta.resolve('@cucumber/cucumber'))};\nGiven('nothing happens', () => undefined);\n`,
);
const environment = { cwd: dir, stdout: new Writable({ write: (_c, _e, done) => done() }), stderr: process.stderr, env: process.env };
const { runConfiguration } = await loadConfiguration(
  {
    file: false,
    provided: {
      paths: [join(dir, 'features/**/*.feature')],
      import: [join(dir, 'steps.mjs')],
      strict: true,
      format: [
        ['message', join(dir, 'out', 'cucumber.ndjson')],
        ['html', join(dir, 'out', 'cucumber.html')],
        ['junit', join(dir, 'out', 'junit.xml')],
      ],
    },
  },
  environment,
);
const support = await loadSupport(runConfiguration, environment);
const { success } = await runCucumber({ ...runConfiguration, support }, environment);
process.exitCode = success ? 0 : 1;
