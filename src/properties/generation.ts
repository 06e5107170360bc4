/**
 * How the property run generates command sequences: the arbitraries of each family, weighted,
 * and fast-check's commands() over them (shrinkable, replayable by path).
 */
import fc from 'fast-check';
import { ACTIVITY_NAMES, type ActivityName, type TelephonyMode } from '../contract/index.ts';
import { inMode, type PropertyModel } from './model.ts';
import type { FaultKind, RequestSpec, StimulusSpec } from './specs.ts';
import {
  BUSY_NUMBER,
  CUSTOMERS,
  EXTENSIONS,
  MAX_CALLS_PER_SEQUENCE,
  REASON_CODES,
  RINGING_NUMBER,
  UNKNOWN_NUMBER,
  UNKNOWN_REASON,
  type Extension,
} from './world.ts';
import { FaultCommand, type PropertyCommand, type PropertySystem, RequestCommand, StimulusCommand } from './commands.ts';
// ---------------------------------------------------------------- generation

export interface CommandOptions {
  readonly mode: TelephonyMode;
  /** Faults on the CTI link the adapter must survive; empty = none. */
  readonly faults: readonly FaultKind[];
}

const extension = fc.constantFrom<Extension>(...EXTENSIONS);
const ordinal = fc.integer({ min: 1, max: MAX_CALLS_PER_SEQUENCE });
const callRef = fc.oneof({ arbitrary: ordinal, weight: 4 }, { arbitrary: fc.constant<'blank'>('blank'), weight: 1 });
const reason = fc.constantFrom<string>(...REASON_CODES, UNKNOWN_REASON);

function other(ext: Extension): Extension {
  return ext === '8808' ? '8809' : '8808';
}

function request(activity: ActivityName, more: (ext: Extension) => fc.Arbitrary<Partial<RequestSpec>> = () => fc.constant({})): fc.Arbitrary<PropertyCommand> {
  return extension.chain((ext) => more(ext).map((rest) => new RequestCommand({ kind: 'request', extension: ext, activity, ...rest })));
}

function stimulus(arb: fc.Arbitrary<StimulusSpec>): fc.Arbitrary<PropertyCommand> {
  return arb.map((spec) => new StimulusCommand(spec));
}

interface Weighted {
  arbitrary: fc.Arbitrary<PropertyCommand>;
  weight: number;
}

/** The commands of a mode: every activity of the mode, the ones it must refuse, the switch's stimuli, and (optionally) link faults. */
export function commandArbitraries(options: CommandOptions): Weighted[] {
  const { mode } = options;
  const agentState = mode !== 'simple';
  const full = mode === 'full';
  const out: Weighted[] = [
    // The switch and the phones.
    {
      weight: 5,
      arbitrary: stimulus(
        fc.record({ kind: fc.constant('customerCall' as const), from: fc.constantFrom(...CUSTOMERS), to: fc.oneof(fc.constant<'queue'>('queue'), extension) }),
      ),
    },
    { weight: 1, arbitrary: stimulus(extension.map((from) => ({ kind: 'internalCall' as const, from, to: other(from) }))) },
    { weight: 4, arbitrary: stimulus(fc.record({ kind: fc.constant('answerAtPhone' as const), extension, call: ordinal })) },
    {
      weight: 4,
      arbitrary: stimulus(
        fc.record({
          kind: fc.constant('hangUp' as const),
          call: ordinal,
          party: fc.oneof(fc.constant<'caller'>('caller'), extension, ...(full ? [fc.constant<'farEnd'>('farEnd')] : [])),
        }),
      ),
    },
    { weight: 1, arbitrary: stimulus(extension.map((e) => ({ kind: 'holdAtPhone' as const, extension: e }))) },
    { weight: 1, arbitrary: stimulus(extension.map((e) => ({ kind: 'retrieveAtPhone' as const, extension: e }))) },
    {
      weight: agentState ? 3 : 1,
      arbitrary: stimulus(
        fc
          .record({
            kind: fc.constant('agentAtPhone' as const),
            extension,
            action: fc.constantFrom('login' as const, 'ready' as const, 'notReady' as const, 'afterCallWork' as const, 'logout' as const),
            reason: fc.option(reason, { nil: undefined }),
          })
          .map((s) => (s.action === 'notReady' && s.reason !== undefined ? s : { kind: s.kind, extension: s.extension, action: s.action })),
      ),
    },
    {
      weight: 1,
      arbitrary: stimulus(
        fc
          .record({
            kind: fc.constant('supervisor' as const),
            extension,
            action: fc.constantFrom('notReady' as const, 'logout' as const),
            reason: fc.constantFrom(...REASON_CODES),
          })
          .map((s) => (s.action === 'logout' ? { kind: s.kind, extension: s.extension, action: s.action } : s)),
      ),
    },
    // The desktop's lifecycle, in every mode.
    { weight: 1, arbitrary: request('OpenAdapter') },
    { weight: 1, arbitrary: request('CloseAdapter') },
    { weight: 1, arbitrary: request('SubscribeForEvents') },
    { weight: 1, arbitrary: request('UnSubscribeForEvents') },
    {
      weight: agentState ? 3 : 1,
      arbitrary: request('LoginAgent', () => fc.record({ password: fc.constantFrom<'right' | 'wrong'>('right', 'right', 'right', 'wrong') })),
    },
    {
      weight: 1,
      arbitrary: request('LogoutAgent', () =>
        fc.record({ reason: fc.option(fc.constantFrom(...REASON_CODES), { nil: undefined }) }).map((r) => (r.reason === undefined ? {} : r)),
      ),
    },
  ];
  // What the mode must refuse.
  const refused = ACTIVITY_NAMES.filter((a) => !inMode(mode, a));
  if (refused.length > 0) out.push({ weight: 1, arbitrary: fc.constantFrom(...refused).chain((activity) => request(activity)) });
  if (agentState) {
    out.push({ weight: 3, arbitrary: request('SetAgentReady') });
    out.push({
      weight: 2,
      arbitrary: request('SetAgentNotReady', () =>
        fc.oneof(
          reason.map((r) => ({ reason: r })),
          fc.constant({ afterCallWork: true as const }),
        ),
      ),
    });
  }
  if (full) {
    const call = () => callRef.map((c) => ({ call: c }));
    const toColleague = (ext: Extension) => fc.constantFrom(other(ext), other(ext), RINGING_NUMBER);
    out.push(
      { weight: 4, arbitrary: request('AnswerCall', call) },
      { weight: 3, arbitrary: request('HangUpCall', call) },
      { weight: 2, arbitrary: request('HoldCall', call) },
      { weight: 2, arbitrary: request('RetrieveCall', call) },
      {
        weight: 1,
        arbitrary: request('MakeCall', (ext) =>
          fc.constantFrom(other(ext), RINGING_NUMBER, RINGING_NUMBER, BUSY_NUMBER, UNKNOWN_NUMBER).map((d) => ({ destination: d })),
        ),
      },
      { weight: 1, arbitrary: request('SendDTMF', () => callRef.map((c) => ({ call: c, digits: '12#' }))) },
      {
        weight: 2,
        arbitrary: fc
          .constantFrom<ActivityName>('ConsultationCall', 'TransferInitiate', 'ConferenceInitiate')
          .chain((a) => request(a, (ext) => fc.record({ call: callRef, destination: toColleague(ext) }))),
      },
      {
        weight: 2,
        arbitrary: fc
          .constantFrom<ActivityName>('TransferComplete', 'ConferenceComplete')
          .chain((a) => request(a, () => fc.record({ call: ordinal, held: ordinal }))),
      },
      { weight: 1, arbitrary: request('DropParty', (ext) => fc.record({ call: callRef, destination: fc.constantFrom<string>(other(ext), RINGING_NUMBER) })) },
      { weight: 1, arbitrary: request('BlindTransfer', (ext) => fc.record({ call: callRef, destination: toColleague(ext) })) },
      { weight: 1, arbitrary: stimulus(ordinal.map((c) => ({ kind: 'farEndAnswers' as const, call: c }))) },
    );
  }
  if (options.faults.length > 0) {
    out.push({
      weight: 1,
      arbitrary: fc
        .record({ fault: fc.constantFrom(...options.faults), extension })
        .map(({ fault, extension: e }) => new FaultCommand({ kind: 'fault', fault, extension: e })),
    });
  }
  return out;
}

export interface SequenceOptions extends CommandOptions {
  readonly maxCommands: number;
  /** fast-check's replay path of the commands (which ran), to replay a shrunk counterexample. */
  readonly replayPath?: string;
}

export function sequences(options: SequenceOptions): fc.Arbitrary<Iterable<fc.AsyncCommand<PropertyModel, PropertySystem>>> {
  const weighted = commandArbitraries(options);
  // One weighted arbitrary: fc.commands picks among its arbitraries uniformly.
  return fc.commands<PropertyModel, PropertySystem, false>([fc.oneof(...weighted)], {
    maxCommands: options.maxCommands,
    size: 'max',
    ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
  });
}
