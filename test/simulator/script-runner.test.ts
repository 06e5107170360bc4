import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { createManualClock } from '../../simulator/clock.ts';
import { createControl } from '../../simulator/control/control.ts';
import { loadScript, parseScript } from '../../simulator/script/loader.ts';
import { runScript } from '../../simulator/script/runner.ts';
import { ScriptError } from '../../simulator/script/script-error.ts';
import type { Script } from '../../simulator/script/schema.ts';

const examples = fileURLToPath(new URL('../../simulator/script/examples/', import.meta.url));

function setup(script: Script) {
  const clock = createManualClock(10_000);
  const control = createControl({ clock, logger: pino({ level: 'silent' }), publish: () => undefined });
  const heard: string[] = [];
  control.onModelEvent((event, at) => heard.push(`${at - 10_000}:${event.name}`));
  control.provision(script.provision);
  return { clock, control, heard, run: runScript(control, script, clock, { fileName: 'test.yaml' }) };
}

describe('script runner', () => {
  it('plays the queue-call example: data-carrying call rung, answered, then hung up, each at its time', async () => {
    const script = await loadScript(`${examples}queue-call-answered.yaml`);
    const { clock, heard, run, control } = setup(script);
    clock.advance(0);
    assert.deepEqual(heard, ['0:AgentLoggedOn']);
    clock.advance(999);
    assert.deepEqual(heard, ['0:AgentLoggedOn', '100:AgentReady']);
    clock.advance(1);
    assert.equal(heard.at(-1), '1000:Delivered');
    const ringing = control.truth().calls.get('C1');
    assert.deepEqual(ringing?.callData, { AccountNumber: '12345678', Language: 'en' });
    clock.advance(9000);
    await run.done;
    assert.deepEqual(heard, [
      '0:AgentLoggedOn',
      '100:AgentReady',
      '1000:Delivered',
      '3000:Established',
      '3000:AgentBusy',
      '10000:ConnectionCleared',
      '10000:CallCleared',
      '10000:AgentWorkingAfterCall',
    ]);
    assert.equal(clock.pending(), 0);
  });

  it('plays the call-waiting example: a second call rings beside the first, answering it holds the first (decision 0061)', async () => {
    const script = await loadScript(`${examples}call-waiting.yaml`);
    const { clock, heard, run } = setup(script);
    clock.advance(20_000);
    await run.done;
    assert.deepEqual(heard, [
      '0:Delivered',
      '1000:Established',
      '5000:Delivered',
      '7000:Held',
      '7000:Established',
      '12000:ConnectionCleared',
      '12000:CallCleared',
      '13000:Retrieved',
      '20000:ConnectionCleared',
      '20000:CallCleared',
    ]);
  });

  it('plays the agent-states example: Ready-only routing, timed after-call work, ring-no-answer, a supervisor', async () => {
    const script = await loadScript(`${examples}agent-states.yaml`);
    const { clock, control, run } = setup(script);
    const seen: string[] = [];
    control.onModelEvent((event, at) => {
      const why =
        'reasonCode' in event && event.reasonCode !== undefined
          ? `(${event.reasonCode})`
          : 'cause' in event && event.name === 'ConnectionCleared'
            ? `:${event.cause}`
            : '';
      seen.push(`${(at - 10_000) / 1000}s ${event.name}${why}@${event.devices.join('+')}`);
    });
    clock.advance(60_000);
    await run.done;
    assert.deepEqual(seen, [
      '0s AgentLoggedOn@8808',
      '0s AgentLoggedOn@8809',
      '0.1s AgentReady@8808',
      '1s Delivered@8808',
      '3s Established@8808',
      '3s AgentBusy@8808',
      '10s ConnectionCleared:normal@8808',
      '10s CallCleared@8808',
      '10s AgentWorkingAfterCall@8808',
      '15s AgentReady@8808',
      '16s AgentReady@8809',
      '20s Delivered@8808',
      '28s ConnectionCleared:noAnswer@8808',
      '28s AgentNotReady(RONA)@8808',
      '28s Delivered@8809',
      '30s Established@8809',
      '30s AgentBusy@8809',
      '40s ConnectionCleared:normal@8809',
      '40s CallCleared@8809',
      '40s AgentWorkingAfterCall@8809',
      '41s AgentNotReady(BREAK)@8809',
      '42s AgentLoggedOff@8808',
    ]);
    assert.equal(clock.pending(), 0);
  });

  it('plays the consult-transfer example: hold at the phone, a consult transfer, a busy far end, a far end that answers late and hangs up by itself', async () => {
    const script = await loadScript(`${examples}consult-transfer.yaml`);
    const { clock, control, run } = setup(script);
    const seen: string[] = [];
    control.onModelEvent((event, at) => {
      const call = 'callId' in event ? `(${event.callId})` : '';
      const cause = 'cause' in event && event.name !== 'Delivered' && event.name !== 'Established' ? `:${event.cause}` : '';
      seen.push(`${(at - 10_000) / 1000}s ${event.name}${call}${cause}@${event.devices.join('+')}`);
    });
    clock.advance(40_000);
    await run.done;
    assert.deepEqual(seen, [
      '0s AgentLoggedOn@8808',
      '0s AgentLoggedOn@8809',
      '0s AgentReady@8808',
      '1s Delivered(C1)@8808',
      '2s Established(C1)@8808',
      '2s AgentBusy@8808',
      '3s Held(C1):normal@8808',
      '4s Retrieved(C1):normal@8808',
      '5s Held(C1):consultation@8808',
      '5s Originated(C2):consultation@8808',
      '5s Delivered(C2)@8808+8809',
      '6s Established(C2)@8808+8809',
      '6s AgentBusy@8809',
      '7s Transferred(C1):transfer@8808+8809',
      '7s AgentWorkingAfterCall@8808',
      '10s ConnectionCleared(C1):normal@8809',
      '10s CallCleared(C1):normal@8809',
      '10s AgentWorkingAfterCall@8809',
      '11s AgentReady@8809',
      '12s Originated(C3):makeCall@8809',
      '12s Failed(C3):busy@8809',
      '12s CallCleared(C3):busy@8809',
      '13s Originated(C4):makeCall@8809',
      '13s Delivered(C4)@8809',
      '15s Established(C4)@8809',
      '15s AgentBusy@8809',
      '16s DigitsGenerated(C4)@',
      '35s ConnectionCleared(C4):normal@8809',
      '35s CallCleared(C4):normal@8809',
      '35s AgentWorkingAfterCall@8809',
    ]);
    assert.equal(clock.pending(), 0);
  });

  it('plays a far end answering and hanging up, and a conference with a dropped party, as timeline steps', async () => {
    const script = parseScript(
      `version: 1
provision:
  extensions: ["8808", "8809"]
  dialPlan: { outside: [{ number: "+4420", behaviour: ring }] }
timeline:
  - { at: 0, do: customerCall, from: "+1", to: { extension: "8808" }, ref: a }
  - { at: 1, do: answerAtPhone, extension: "8808", call: a }
  - { at: 2, do: consultationCall, extension: "8808", call: a, to: "+4420", callData: { Note: x }, ref: b }
  - { at: 3, do: farEndAnswers, call: b }
  - { at: 4, do: conferenceCall, extension: "8808", heldCall: a, activeCall: b }
  - { at: 5, do: hangUp, call: a, party: "+4420" }
  - { at: 6, do: singleStepTransfer, extension: "8808", call: a, to: "8809" }
  - { at: 7, do: configureDialPlan, unlisted: { behaviour: busy } }
  - { at: 8, do: makeCall, from: "8808", to: "+33100" }
`,
      't.yaml',
    );
    const { clock, heard, run } = setup(script);
    clock.advance(10);
    await run.done;
    assert.deepEqual(heard, [
      '0:Delivered',
      '1:Established',
      '2:Held',
      '2:Originated',
      '2:Delivered',
      '3:Established',
      '4:Conferenced',
      '5:ConnectionCleared',
      '6:Transferred',
      '6:Delivered',
      '8:Originated',
      '8:Failed',
      '8:CallCleared',
    ]);
  });

  it('plays the abandoned-call example: the caller hangs up while it rings', async () => {
    const script = await loadScript(`${examples}abandoned-call.json`);
    const { clock, control, run } = setup(script);
    const causes: string[] = [];
    control.onModelEvent((event) => causes.push(`${event.name}:${'cause' in event ? event.cause : ''}`));
    clock.advance(2000);
    await run.done;
    assert.deepEqual(causes, ['Delivered:newCall', 'ConnectionCleared:callCancelled', 'CallCleared:callCancelled']);
  });

  it('runs steps due at the same moment together, in file order', () => {
    const script = parseScript(
      'version: 1\nprovision: { extensions: ["8808"] }\ntimeline:\n  - { at: 5, do: customerCall, from: "+1", to: { extension: "8808" }, ref: a }\n  - { at: 5, do: answerAtPhone, extension: "8808", call: a }\n  - { at: 5, do: hangUp, call: a, party: "8808" }\n',
      't.yaml',
    );
    const { clock, heard } = setup(script);
    clock.advance(4);
    assert.deepEqual(heard, []);
    clock.advance(1);
    assert.deepEqual(heard, ['5:Delivered', '5:Established', '5:ConnectionCleared', '5:CallCleared']);
  });

  it('resolves at once for an empty timeline', async () => {
    const { run } = setup(parseScript('version: 1\nprovision: { extensions: [] }\ntimeline: []\n', 'empty.yaml'));
    await run.done;
  });

  it('stops at a step the switch refuses and rejects done naming the step', async () => {
    const script = parseScript(
      'version: 1\nprovision: { extensions: ["8808"] }\ntimeline:\n  - { at: 0, do: answerAtPhone, extension: "8808" }\n  - { at: 10, do: customerCall, from: "+1", to: { extension: "8808" } }\n',
      't.yaml',
    );
    const { clock, heard, run } = setup(script);
    clock.advance(100);
    await assert.rejects(run.done, (error: unknown) => {
      assert.ok(error instanceof ScriptError);
      assert.equal(error.code, 'stepFailed');
      assert.match(error.message, /^test\.yaml: timeline\[0\]: answerAtPhone at 0ms failed: answerAtPhone refused \(nothingRinging/);
      return true;
    });
    assert.deepEqual(heard, []);
    assert.equal(clock.pending(), 0);
  });

  it('cancel stops the remaining steps and resolves done', async () => {
    const script = await loadScript(`${examples}queue-call-answered.yaml`);
    const { clock, heard, run } = setup(script);
    clock.advance(500);
    run.cancel();
    clock.advance(60_000);
    await run.done;
    assert.deepEqual(heard, ['0:AgentLoggedOn', '100:AgentReady']);
    assert.equal(clock.pending(), 0);
  });
});
