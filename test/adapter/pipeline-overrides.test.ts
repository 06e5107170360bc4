import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_STAGES, type PostProcessInput, type ReferenceAdapterOverrides } from '../../src/adapter/index.ts';
import type { EventDelivery } from '../../src/contract/pega/events.ts';
import { callCleared, connectionCleared, delivered, established } from './support/cti-events.ts';
import { startLab } from './support/lab.ts';
import { calls, MonitorScript } from './support/script.ts';

const inbound = { calling: '6175551212', called: '8000', trunk: 'T1' };
const outbound = { calling: '8808', called: '5551234', trunk: 'T2' };

async function phoneWith(t: { after: (fn: () => Promise<void>) => void }, overrides: ReferenceAdapterOverrides) {
  const lab = await startLab({ overrides });
  t.after(() => lab.stop());
  return { lab, phone: await MonitorScript.on(lab, '8808') };
}

test('a replaced filterEvent stage decides what the mode shows (here: Alerting in Simple telephony)', async (t) => {
  const { phone } = await phoneWith(t, { stages: { filterEvent: (event, ctx) => event.name === 'Alerting' || DEFAULT_STAGES.filterEvent(event, ctx) } });
  phone.send(delivered('out', '5551234', outbound));
  assert.deepEqual(calls(await phone.settle()), ['Alerting out']);
});

test('a replaced setEventType stage renames vendor events; the others stay the reference ones', async (t) => {
  const { phone } = await phoneWith(t, {
    stages: {
      setEventType: (input, ctx) => {
        return DEFAULT_STAGES.setEventType(input, ctx).map((normalized) =>
          normalized.kind === 'call' && normalized.name === 'Abandoned' ? { ...normalized, name: 'Disconnected' } : normalized,
        );
      },
    },
  });
  phone.send(delivered('c1', '8808', inbound), callCleared('c1'));
  assert.deepEqual(calls(await phone.settle()), ['Offering c1', 'Disconnected c1']);
});

test('a replaced convertEvent and deliver stage shape and route what Pega receives', async (t) => {
  const routed: EventDelivery[] = [];
  const { phone } = await phoneWith(t, {
    stages: {
      convertEvent: (event, ctx) => {
        const base = DEFAULT_STAGES.convertEvent(event, ctx);
        return base.pyEventType === 'CallStateEvent' ? { ...base, pyCallState: 'ringing' } : base;
      },
      deliver: (delivery, ctx) => {
        routed.push(delivery);
        DEFAULT_STAGES.deliver(delivery, ctx);
      },
    },
  });
  phone.send(delivered('c1', '8808', inbound));
  const [offering] = await phone.settle();
  assert.ok(offering?.event.pyEventType === 'CallStateEvent');
  assert.equal(offering.event.pyCallState, 'ringing');
  assert.equal(routed[0]?.DN, '8808');
});

test('device capabilities remove events, while the call still ends with its terminal event', async (t) => {
  const { phone } = await phoneWith(t, { capabilities: { unsupportedEvents: ['Established'] } });
  phone.send(delivered('c1', '8808', inbound), established('c1', '8808', inbound), connectionCleared('c1', '8808'));
  assert.deepEqual(calls(await phone.settle()), ['Offering c1', 'Disconnected c1']);
});

test("OCTI-EVT-001 an event that does not match Pega's schema is logged as an adapter bug and never delivered", async (t) => {
  const { lab, phone } = await phoneWith(t, {
    stages: {
      convertEvent: (event, ctx) => {
        const base = DEFAULT_STAGES.convertEvent(event, ctx);
        return base.pyEventType === 'CallStateEvent' && base.pyCallId === 'broken' ? { ...base, pyCallId: '' } : base;
      },
    },
  });
  phone.send(delivered('broken', '8808', inbound), delivered('fine', '8808', inbound));
  assert.deepEqual(calls(await phone.settle()), ['Offering fine']);
  const bug = lab.logger.entries.find((e) => e.level === 'error' && e.msg.startsWith('adapter bug: event does not match'));
  assert.match(bug?.msg ?? '', /event\.pyCallId/);
});

test('a stage that throws drops that event only; later events still flow', async (t) => {
  const { lab, phone } = await phoneWith(t, {
    stages: {
      filterOnDeviceCapabilities: (event, ctx) => {
        if (event.kind === 'call' && event.call.callId === 'boom') throw new Error('stage failure');
        return DEFAULT_STAGES.filterOnDeviceCapabilities(event, ctx);
      },
    },
  });
  phone.send(delivered('boom', '8808', inbound), delivered('after', '8808', inbound));
  assert.deepEqual(calls(await phone.settle()), ['Offering after']);
  assert.ok(lab.logger.entries.some((e) => e.level === 'error' && e.msg === 'event processing failed; event dropped'));
});

test('postProcess runs after every CTI event, delivered or filtered, and the default forgets finished calls', async (t) => {
  const seen: (Pick<PostProcessInput, 'delivered'> & { cti: string; calls: number })[] = [];
  const { phone } = await phoneWith(t, {
    stages: {
      postProcess: (input, ctx) => {
        DEFAULT_STAGES.postProcess(input, ctx);
        if (!('callId' in input.event) || input.event.callId === 'c1') seen.push({ cti: input.event.name, delivered: input.delivered, calls: ctx.calls.size });
      },
    },
  });
  phone.send(delivered('c1', '8808', inbound), connectionCleared('c1', '6175551212'), callCleared('c1'));
  await phone.settle();
  assert.deepEqual(seen, [
    { cti: 'Delivered', delivered: true, calls: 1 },
    { cti: 'ConnectionCleared', delivered: false, calls: 1 },
    { cti: 'CallCleared', delivered: true, calls: 0 },
  ]);
});
