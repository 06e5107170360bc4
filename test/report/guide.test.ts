/**
 * docs/certifying-your-adapter.md cannot rot quietly: every file it links exists, every command it
 * shows is one the CLI has with flags that command documents, and every count it states is the one
 * the features and the requirement catalogue give today.
 */
import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse as parseTagExpression } from '@cucumber/tag-expressions';
import { COMMAND_USAGE, isCommandName } from '../../src/cli/usage.ts';
import { REQUIREMENTS, TELEPHONY_MODES, type TelephonyMode } from '../../src/contract/index.ts';
import { requirementApplies } from '../../src/report/certificate.ts';
import { modeTagExpression } from '../../src/report/tags.ts';
import { loadPickles } from '../features.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GUIDE = join(ROOT, 'docs/certifying-your-adapter.md');

async function scenarioCount(mode: TelephonyMode): Promise<number> {
  const selects = parseTagExpression(modeTagExpression(mode));
  return (await loadPickles()).filter((p) => selects.evaluate([...p.tags])).length;
}

function requirementCount(mode: TelephonyMode): number {
  return REQUIREMENTS.filter((r) => requirementApplies(r, mode)).length;
}

test('every file the certification guide links to exists', async () => {
  const text = await readFile(GUIDE, 'utf8');
  const targets = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1] ?? '').filter((t) => !/^[a-z]+:/.test(t));
  assert.ok(targets.length > 10);
  const missing: string[] = [];
  for (const target of targets) {
    try {
      await access(resolve(dirname(GUIDE), target));
    } catch {
      missing.push(target);
    }
  }
  assert.deepEqual(missing, []);
});

test('every switchboard command in the guide exists, with flags that command documents', async () => {
  const text = await readFile(GUIDE, 'utf8');
  const commands = text
    .split('\n')
    .flatMap((line) => [...line.matchAll(/npx switchboard ([a-z]+(?: serve)?)([^`|#]*)/g)].map((m) => ({ command: m[1] ?? '', rest: m[2] ?? '', line })));
  assert.ok(commands.length > 15);
  const wrong = commands.flatMap(({ command, rest, line }) => {
    if (!isCommandName(command)) return [`unknown command "${command}": ${line}`];
    return [...rest.matchAll(/(?:^|\s)(--[a-z-]+)/g)]
      .map((m) => m[1] ?? '')
      .filter((flag) => !['--help', '--version'].includes(flag) && !COMMAND_USAGE[command].includes(flag))
      .map((flag) => `${command} has no ${flag}: ${line}`);
  });
  assert.deepEqual(wrong, []);
  for (const command of ['certify', 'verify', 'merge', 'init', 'adapter serve'])
    assert.ok(
      commands.some((c) => c.command === command),
      `the guide shows ${command}`,
    );
});

test("the guide's mode table gives each mode's scenario and requirement counts", async () => {
  const text = await readFile(GUIDE, 'utf8');
  for (const mode of TELEPHONY_MODES) {
    const row = new RegExp(`^\\| \`${mode}\` \\|.*\\| (\\d+) \\| (\\d+) \\|$`, 'm').exec(text);
    assert.ok(row !== null, `a row for ${mode}`);
    assert.deepEqual([Number(row[1]), Number(row[2])], [await scenarioCount(mode), requirementCount(mode)], `${mode}: scenarios, requirements`);
  }
  const invariants = /`OCTI-PROP-\*`: (\d+) in Simple telephony, (\d+) from agent state up/.exec(text);
  const properties = (mode: TelephonyMode): number => REQUIREMENTS.filter((r) => r.provedBy === 'properties' && requirementApplies(r, mode)).length;
  assert.deepEqual([Number(invariants?.[1]), Number(invariants?.[2])], [properties('simple'), properties('agent-state')]);
  assert.equal(properties('full'), properties('agent-state'));
});

test("the guide's Simple-telephony examples count today's scenarios and requirements", async () => {
  const text = await readFile(GUIDE, 'utf8');
  const scenarios = await scenarioCount('simple');
  assert.match(text, new RegExp(`\`✔ CONFORMANT\`: ${scenarios} scenarios`));
  const run = /^scenarios +(\d+) passed, (\d+) failed of (\d+)$/m.exec(text);
  assert.deepEqual([Number(run?.[1]) + Number(run?.[2]), Number(run?.[3])], [scenarios, scenarios]);
  const judged = /^requirements (\d+) passed, (\d+) failed, (\d+) blocked, (\d+) not judged of (\d+)$/m.exec(text);
  assert.ok(judged !== null);
  assert.deepEqual([judged.slice(1, 5).reduce((sum, n) => sum + Number(n), 0), Number(judged[5])], [requirementCount('simple'), requirementCount('simple')]);
  assert.match(text, new RegExp(`DIFFERS: 1 of ${scenarios} scenarios differs`));
});

test('the guide states the reconnect and resync requirements and links the glossary and the requirements', async () => {
  const text = await readFile(GUIDE, 'utf8');
  for (const id of ['OCTI-LINK-001', 'OCTI-LINK-002']) {
    const requirement = REQUIREMENTS.find((r) => r.id === id);
    assert.equal(requirement?.mode, 'simple', `${id} applies from Simple telephony up`);
    assert.match(text, new RegExp(`\\*\\*${id}\\*\\*: `));
  }
  assert.match(text, /\*\*Every mode requires reconnect and resync\.\*\*/);
  assert.match(text, /\]\(glossary\.md\)/);
  assert.match(text, /\]\(requirements\.md\)/);
});
