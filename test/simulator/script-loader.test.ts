import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { loadScript, parseScript } from '../../simulator/script/loader.ts';
import { renderScriptJsonSchema } from '../../simulator/script/schema.ts';
import { ScriptError, type ScriptErrorCode } from '../../simulator/script/script-error.ts';

const examples = fileURLToPath(new URL('../../simulator/script/examples/', import.meta.url));

const HEAD = `
version: 1
provision:
  extensions: ["8808", "8809"]
  queues: [{ id: sales, dialledNumber: "4000", members: ["8808"] }]
  agents: [{ id: "5501", password: pw }]
timeline:
`;

function scriptWith(...steps: string[]): string {
  return HEAD + steps.map((s) => `  - ${s}\n`).join('');
}

function rejects(text: string, code: ScriptErrorCode, path: string, expected: RegExp): ScriptError {
  try {
    parseScript(text, 'scenario.yaml');
  } catch (error) {
    assert.ok(error instanceof ScriptError, String(error));
    assert.equal(error.code, code, error.message);
    assert.ok(error.message.startsWith('scenario.yaml: '), error.message);
    assert.ok(
      error.issues.some((i) => i.path === path && expected.test(i.message)),
      `expected an issue at ${path} matching ${expected}, got: ${error.message}`,
    );
    return error;
  }
  assert.fail('expected the script to be rejected');
}

describe('script files', () => {
  it('publishes a JSON Schema equal to the one the TypeBox schema generates (regenerate with simulator/script/write-schema.ts)', () => {
    const committed = readFileSync(new URL('../../simulator/script/script.schema.json', import.meta.url), 'utf8');
    assert.equal(committed, renderScriptJsonSchema());
  });

  it('loads the queue-call example (YAML)', async () => {
    const script = await loadScript(`${examples}queue-call-answered.yaml`);
    assert.deepEqual(
      script.timeline.map((s) => s.do),
      ['agentAtPhone', 'agentAtPhone', 'customerCall', 'answerAtPhone', 'hangUp'],
    );
    assert.deepEqual(script.provision.queues, [{ id: 'sales', dialledNumber: '4000', members: ['8808', '8809'] }]);
  });

  it('loads the abandoned-call example (JSON)', async () => {
    const script = await loadScript(`${examples}abandoned-call.json`);
    assert.deepEqual(
      script.timeline.map((s) => s.at),
      [0, '2s'],
    );
  });

  it('accepts every verb with its optional fields', () => {
    const script = parseScript(
      scriptWith(
        '{ at: 0, do: customerCall, from: "+1", to: { extension: "8808" }, callData: { a: b }, ref: one }',
        '{ at: 1, do: internalCall, from: "8809", to: "8808", ref: two }',
        '{ at: 1.5s, do: answerAtPhone, extension: "8808", call: one }',
        '{ at: 2s, do: hangUp, call: two, party: "8809" }',
        '{ at: 2500ms, do: agentAtPhone, agent: "5501", extension: "8808", action: notReady, reasonCode: LUNCH }',
      ),
      'ok.yaml',
    );
    assert.equal(script.timeline.length, 5);
  });

  it('loads the consult-transfer example (YAML) with a dial plan', async () => {
    const script = await loadScript(`${examples}consult-transfer.yaml`);
    assert.deepEqual(script.provision.dialPlan?.barredPrefixes, ['+1900']);
    assert.ok(script.timeline.some((s) => s.do === 'transferCall'));
  });

  it('accepts the call-control verbs and a dial plan with their optional fields', () => {
    const script = parseScript(
      `version: 1
provision:
  extensions: ["8808", "8809"]
  dialPlan:
    outside:
      - { number: "+4420", behaviour: answer, answerAfterMs: 100, hangUpAfterMs: 900 }
      - { number: "+4421", behaviour: noAnswer, noAnswerAfterMs: 5000 }
      - { number: "+4422", behaviour: ring, hangUpAfterMs: 10 }
      - { number: "+4423", behaviour: busy }
      - { number: "+4424", behaviour: invalidNumber }
    barredPrefixes: ["+1900"]
    unlisted: refused
timeline:
  - { at: 0, do: customerCall, from: "+1", to: { extension: "8808" }, ref: one }
  - { at: 1, do: answerAtPhone, extension: "8808", call: one }
  - { at: 2, do: holdAtPhone, extension: "8808", call: one }
  - { at: 3, do: retrieveAtPhone, extension: "8808" }
  - { at: 4, do: consultationCall, extension: "8808", call: one, to: "+4422", callData: { a: b }, ref: two }
  - { at: 5, do: farEndAnswers, call: two, number: "+4422" }
  - { at: 6, do: transferCall, extension: "8808", heldCall: one, activeCall: two }
  - { at: 7, do: makeCall, from: "8809", to: "+4420", callData: { c: d }, ref: three }
  - { at: 8, do: generateDigits, extension: "8809", call: three, digits: "12*#" }
  - { at: 9, do: conferenceCall, extension: "8809", heldCall: three, activeCall: one }
  - { at: 10, do: singleStepTransfer, extension: "8809", call: three, to: "8808", callData: { e: f } }
  - { at: 11, do: hangUp, call: three, party: "+4420" }
  - { at: 12, do: configureDialPlan, unlisted: { behaviour: answer, answerAfterMs: 5 }, barredPrefixes: [] }
`,
      'calls.yaml',
    );
    assert.equal(script.timeline.length, 13);
  });

  it('loads the agent-states example (YAML) with agent queues and ACD options', async () => {
    const script = await loadScript(`${examples}agent-states.yaml`);
    assert.deepEqual(script.provision.agents?.[0], { id: '5501', password: 'secret-5501', queues: ['sales'] });
    assert.deepEqual(script.provision.acd, {
      afterCallWorkMs: 5000,
      afterCallWorkEndsIn: 'ready',
      reasonCodes: ['LUNCH', 'BREAK', 'RONA'],
      ringTimeoutMs: 8000,
      ringNoAnswerReasonCode: 'RONA',
    });
    assert.ok(script.timeline.some((s) => s.do === 'supervisor'));
  });

  it('accepts the agent verbs with their optional fields', () => {
    const script = parseScript(
      `version: 1
provision:
  extensions: ["8808"]
  queues: [{ id: sales, dialledNumber: "4000", members: ["8808"] }]
  agents: [{ id: "5501", password: pw, queues: [sales] }]
  acd: { afterCallWorkMs: 0, afterCallWorkEndsIn: notReady, afterCallWorkReasonCode: WRAP, reasonCodes: [LUNCH, QA], ringTimeoutMs: 15000, ringNoAnswerReasonCode: RONA }
timeline:
  - { at: 0, do: agentAtPhone, agent: "5501", extension: "8808", action: login, queue: sales }
  - { at: 1, do: supervisor, agent: "5501", action: notReady, reasonCode: QA }
  - { at: 2, do: configureAcd, afterCallWorkMs: 2000, reasonCodes: [BREAK] }
  - { at: 3, do: supervisor, agent: "5501", action: logout, reasonCode: BREAK }
`,
      'agents.yaml',
    );
    assert.deepEqual(
      script.timeline.map((s) => s.do),
      ['agentAtPhone', 'supervisor', 'configureAcd', 'supervisor'],
    );
  });
});

describe('script errors name the file, the path and what was expected', () => {
  it('reports a file it cannot read', async () => {
    await assert.rejects(
      loadScript('/nonexistent/dir/script.yaml'),
      (error: unknown) =>
        error instanceof ScriptError && error.code === 'unreadable' && error.message.includes('/nonexistent/dir/script.yaml: (file): cannot read'),
    );
  });

  it('reports text that is neither YAML nor JSON with its line', () => {
    rejects('version: 1\nprovision: { extensions: [\n', 'syntax', 'line 3, column 1', /Expected YAML or JSON/);
  });

  it('reports duplicate keys', () => {
    rejects('version: 1\nversion: 1\nprovision: { extensions: [] }\ntimeline: []\n', 'syntax', 'line 2, column 1', /unique/i);
  });

  it('reports an unknown version', () => {
    rejects('version: 2\nprovision: { extensions: [] }\ntimeline: []\n', 'schema', 'version', /Expected 1 .*got 2/);
  });

  it('reports a missing timeline', () => {
    rejects('version: 1\nprovision: { extensions: [] }\n', 'schema', 'timeline', /Expected required property/);
  });

  it('reports a malformed extension in provisioning', () => {
    rejects('version: 1\nprovision: { extensions: ["88-08"] }\ntimeline: []\n', 'schema', 'provision.extensions[0]', /digits, optionally led by \+/);
  });

  it('reports an unknown verb, listing the known ones', () => {
    rejects(
      scriptWith('{ at: 0, do: teleport }'),
      'schema',
      'timeline[0].do',
      /Expected one of customerCall, internalCall, answerAtPhone, hangUp, agentAtPhone, supervisor, configureAcd, configureDialPlan, makeCall, holdAtPhone, retrieveAtPhone, consultationCall, transferCall, conferenceCall, singleStepTransfer, generateDigits, farEndAnswers, setFaults, clearFaults, got "teleport"/,
    );
  });

  it('reports a malformed at', () => {
    rejects(
      scriptWith('{ at: soon, do: answerAtPhone, extension: "8808" }'),
      'schema',
      'timeline[0].at',
      /milliseconds as a number, or a string like "250ms" or "2s"/,
    );
  });

  it('reports a target with both queue and extension', () => {
    rejects(scriptWith('{ at: 0, do: customerCall, from: "+1", to: { queue: sales, extension: "8808" } }'), 'schema', 'timeline[0].to', /exactly one of/);
  });

  it('reports a misspelt field', () => {
    rejects(scriptWith('{ at: 0, do: answerAtPhone, extenson: "8808" }'), 'schema', 'timeline[0].extension', /Expected required property/);
  });

  it('reports call data that is not a map of strings', () => {
    rejects(
      scriptWith('{ at: 0, do: customerCall, from: "+1", to: { queue: sales }, callData: { n: 5 } }'),
      'schema',
      'timeline[0].callData.n',
      /Expected string/,
    );
  });

  it('reports an unknown queue at timeline[i].to.queue, listing the known ones', () => {
    rejects(
      scriptWith(
        '{ at: 0, do: answerAtPhone, extension: "8808" }',
        '{ at: 0, do: answerAtPhone, extension: "8808" }',
        '{ at: 0, do: customerCall, from: "+1", to: { queue: salez } }',
      ),
      'semantic',
      'timeline[2].to.queue',
      /salez is not a provisioned queue; expected one of sales/,
    );
  });

  it('reports an unknown extension', () => {
    rejects(
      scriptWith('{ at: 0, do: customerCall, from: "+1", to: { extension: "7777" } }'),
      'semantic',
      'timeline[0].to.extension',
      /7777 is not a provisioned extension; expected one of 8808, 8809/,
    );
  });

  it('reports a customer calling from an extension', () => {
    rejects(scriptWith('{ at: 0, do: customerCall, from: "8808", to: { queue: sales } }'), 'semantic', 'timeline[0].from', /expected an external number/);
  });

  it('reports an unknown agent', () => {
    rejects(
      scriptWith('{ at: 0, do: agentAtPhone, agent: "9999", extension: "8808", action: login }'),
      'semantic',
      'timeline[0].agent',
      /9999 is not a provisioned agent/,
    );
  });

  it('reports a reason code on an action that takes none', () => {
    rejects(
      scriptWith('{ at: 0, do: agentAtPhone, agent: "5501", extension: "8808", action: ready, reasonCode: X }'),
      'semantic',
      'timeline[0].reasonCode',
      /only notReady and logout/,
    );
  });

  it('reports an unknown ACD option and a negative duration', () => {
    rejects('version: 1\nprovision: { extensions: [], acd: { wrapUpMs: 5 } }\ntimeline: []\n', 'schema', 'provision.acd.wrapUpMs', /Unexpected property/);
    rejects(
      'version: 1\nprovision: { extensions: [], acd: { ringTimeoutMs: -1 } }\ntimeline: []\n',
      'schema',
      'provision.acd.ringTimeoutMs',
      /greater or equal to 0/,
    );
  });

  it('reports a reason code listed twice', () => {
    rejects('version: 1\nprovision: { extensions: [], acd: { reasonCodes: [A, A] } }\ntimeline: []\n', 'schema', 'provision.acd.reasonCodes', /unique/i);
  });

  it('reports an agent serving a queue that is not provisioned', () => {
    rejects(
      'version: 1\nprovision: { extensions: [], agents: [{ id: a, password: p, queues: [billing] }] }\ntimeline: []\n',
      'semantic',
      'provision.agents[0].queues[0]',
      /billing is not a provisioned queue/,
    );
  });

  it('reports a supervisor acting on an unknown agent, and an unknown supervisor action', () => {
    rejects(
      scriptWith('{ at: 0, do: supervisor, agent: "9999", action: logout }'),
      'semantic',
      'timeline[0].agent',
      /9999 is not a provisioned agent; expected one of 5501/,
    );
    rejects(scriptWith('{ at: 0, do: supervisor, agent: "5501", action: ready }'), 'schema', 'timeline[0].action', /notReady or logout/);
  });

  it('reports a reason code that is not configured, following configureAcd steps', () => {
    const head = 'version: 1\nprovision: { extensions: ["8808"], agents: [{ id: "5501", password: pw }], acd: { reasonCodes: [LUNCH] } }\ntimeline:\n';
    rejects(
      `${head}  - { at: 0, do: agentAtPhone, agent: "5501", extension: "8808", action: notReady, reasonCode: NAP }\n`,
      'semantic',
      'timeline[0].reasonCode',
      /NAP is not a configured reason code; expected one of LUNCH/,
    );
    rejects(
      `${head}  - { at: 0, do: configureAcd, reasonCodes: [NAP] }\n  - { at: 1, do: supervisor, agent: "5501", action: notReady, reasonCode: LUNCH }\n`,
      'semantic',
      'timeline[1].reasonCode',
      /LUNCH is not a configured reason code; expected one of NAP/,
    );
  });

  it('reports a login queue that is unknown, not served, or given with another action', () => {
    rejects(
      scriptWith('{ at: 0, do: agentAtPhone, agent: "5501", extension: "8808", action: login, queue: billing }'),
      'semantic',
      'timeline[0].queue',
      /billing is not a provisioned queue/,
    );
    rejects(
      scriptWith('{ at: 0, do: agentAtPhone, agent: "5501", extension: "8808", action: ready, queue: sales }'),
      'semantic',
      'timeline[0].queue',
      /only login names a queue, not ready/,
    );
    const text =
      'version: 1\nprovision:\n  extensions: ["8808"]\n  queues: [{ id: sales, dialledNumber: "4000", members: [] }, { id: support, dialledNumber: "4001", members: [] }]\n  agents: [{ id: "5501", password: pw, queues: [support] }]\ntimeline:\n  - { at: 0, do: agentAtPhone, agent: "5501", extension: "8808", action: login, queue: sales }\n';
    rejects(text, 'semantic', 'timeline[0].queue', /agent 5501 does not serve sales; expected one of support/);
  });

  it('reports a far-end timing that does not go with its behaviour, and an outside number that is an extension', () => {
    const head = 'version: 1\nprovision:\n  extensions: ["8808"]\n  dialPlan: { outside: [';
    rejects(
      `${head}{ number: "+4420", behaviour: busy, answerAfterMs: 5 }] }\ntimeline: []\n`,
      'semantic',
      'provision.dialPlan.outside[0].answerAfterMs',
      /a busy far end takes no timing; expected no answerAfterMs/,
    );
    rejects(
      `${head}{ number: "8808", behaviour: ring }] }\ntimeline: []\n`,
      'semantic',
      'provision.dialPlan.outside[0].number',
      /8808 is already used at provision.extensions\[0\]; expected an outside number/,
    );
    rejects(`${head}{ number: "+4420", behaviour: sing }] }\ntimeline: []\n`, 'schema', 'provision.dialPlan.outside[0].behaviour', /answer: rings/);
    rejects(
      scriptWith('{ at: 0, do: configureDialPlan, unlisted: { behaviour: noAnswer, hangUpAfterMs: 5 } }'),
      'semantic',
      'timeline[0].unlisted.hangUpAfterMs',
      /a noAnswer far end takes noAnswerAfterMs/,
    );
  });

  it('reports a party that is neither an extension nor an outside number the script knows', () => {
    rejects(
      scriptWith('{ at: 0, do: customerCall, from: "+1", to: { extension: "8808" }, ref: a }', '{ at: 1, do: hangUp, call: a, party: "+2" }'),
      'semantic',
      'timeline[1].party',
      /\+2 is neither a provisioned extension \(8808, 8809\) nor an outside number the script calls from, dials or lists/,
    );
  });

  it('reports call-control steps naming refs nobody defined, the same call twice, and an extension as a far end', () => {
    rejects(
      scriptWith('{ at: 0, do: transferCall, extension: "8808", heldCall: a, activeCall: b }'),
      'semantic',
      'timeline[0].heldCall',
      /no earlier step defines ref "a"/,
    );
    rejects(
      scriptWith(
        '{ at: 0, do: customerCall, from: "+1", to: { extension: "8808" }, ref: a }',
        '{ at: 1, do: conferenceCall, extension: "8808", heldCall: a, activeCall: a }',
      ),
      'semantic',
      'timeline[1].activeCall',
      /both a; expected two calls/,
    );
    rejects(
      scriptWith('{ at: 0, do: makeCall, from: "8808", to: "8809", ref: a }', '{ at: 1, do: farEndAnswers, call: a, number: "8809" }'),
      'semantic',
      'timeline[1].number',
      /8809 is an extension/,
    );
    rejects(scriptWith('{ at: 0, do: makeCall, from: "7777", to: "8809" }'), 'semantic', 'timeline[0].from', /7777 is not a provisioned extension/);
    rejects(
      scriptWith('{ at: 0, do: makeCall, from: "8808", to: "8809", ref: a }', '{ at: 1, do: generateDigits, extension: "8808", call: a, digits: "12x" }'),
      'schema',
      'timeline[1].digits',
      /DTMF/,
    );
  });

  it('reports a ref nobody defined', () => {
    rejects(
      scriptWith('{ at: 0, do: customerCall, from: "+1", to: { queue: sales }, ref: first }', '{ at: 1, do: hangUp, call: frist, party: caller }'),
      'semantic',
      'timeline[1].call',
      /no earlier step defines ref "frist"; expected one of first/,
    );
  });

  it('reports a ref used before the step that defines it', () => {
    rejects(
      scriptWith('{ at: 0, do: answerAtPhone, extension: "8808", call: later }', '{ at: 0, do: customerCall, from: "+1", to: { queue: sales }, ref: later }'),
      'semantic',
      'timeline[0].call',
      /no earlier step defines ref "later"/,
    );
  });

  it('reports a duplicate ref', () => {
    rejects(
      scriptWith('{ at: 0, do: customerCall, from: "+1", to: { queue: sales }, ref: a }', '{ at: 0, do: internalCall, from: "8809", to: "8808", ref: a }'),
      'semantic',
      'timeline[1].ref',
      /already defined at timeline\[0\]/,
    );
  });

  it('reports a timeline not sorted by at', () => {
    rejects(
      scriptWith('{ at: 2s, do: answerAtPhone, extension: "8808" }', '{ at: 1500, do: answerAtPhone, extension: "8808" }'),
      'semantic',
      'timeline[1].at',
      /1500ms comes before the previous step's 2000ms/,
    );
  });

  it('reports a queue member that is not provisioned, and a duplicate extension', () => {
    const error = rejects(
      'version: 1\nprovision:\n  extensions: ["8808", "8808"]\n  queues: [{ id: q, dialledNumber: "4000", members: ["8809"] }]\ntimeline: []\n',
      'semantic',
      'provision.queues[0].members[0]',
      /8809 is not a provisioned extension/,
    );
    assert.ok(error.issues.some((i) => i.path === 'provision.extensions[1]' && /already listed at provision.extensions\[0\]/.test(i.message)));
  });

  it('accepts call waiting on provisioned extensions and reports one that is not (decision 0061)', () => {
    const script = parseScript('version: 1\nprovision:\n  extensions: ["8808"]\n  callWaiting: ["8808"]\ntimeline: []\n', 'waiting.yaml');
    assert.deepEqual(script.provision.callWaiting, ['8808']);
    rejects(
      'version: 1\nprovision:\n  extensions: ["8808"]\n  callWaiting: ["8809"]\ntimeline: []\n',
      'semantic',
      'provision.callWaiting[0]',
      /8809 is not a provisioned extension/,
    );
  });
});
