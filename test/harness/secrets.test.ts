import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SecretWatch } from '../../src/harness/secrets.ts';
import type { TraceEntry } from '../../src/harness/trace.ts';

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

test('a credential in a log line, an answer or an event is found, named without the secret itself', () => {
  const watch = new SecretWatch();
  watch.note('agent-pw-5501x');
  const logger = watch.logger(silent);
  logger.info({ page: { AgentPassword: 'agent-pw-5501x' } }, 'LoginAgent');
  logger.info({ DN: '8808' }, 'fine');
  const entries: TraceEntry[] = [
    {
      kind: 'outcome',
      at: 0,
      desktop: 'CSR@8808',
      activity: 'LoginAgent',
      result: { ok: false, errCode: 'OPENCTI_HTTP_ERROR_401', errMessage: 'bad password agent-pw-5501x', pyStatusMessage: '', pyPegaCTIError: '' },
    },
    { kind: 'delivered', at: 0, desktop: 'CSR@8808', DN: '8808', event: { pyEventType: 'AgentStateEvent', note: 'agent-pw-5501x' }, issues: [] },
  ];
  const leaks = watch.leaks(entries);
  assert.equal(leaks.length, 3);
  assert.ok(leaks.every((l) => !l.includes('agent-pw-5501x')));
  assert.match(leaks.join('\n'), /log line #1.*\n.*answer to LoginAgent.*\n.*an event for 8808/);
});

test('values too short to tell from other data are not watched', () => {
  const watch = new SecretWatch();
  watch.note('1234');
  watch.note(undefined);
  watch.logger(silent).info({ digits: '1234#' });
  assert.deepEqual(watch.leaks([]), []);
});
