/**
 * The scenario-script format, as TypeBox schemas. The JSON Schema in script.schema.json is
 * generated from these (write-schema.ts) and a test keeps the two equal.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CallData, DeviceId, Digits, Id, ReasonCode } from '../../src/contract/cti-wire/frames.ts';
import { FaultPlanSchema } from '../faults/types.ts';

const strict = { additionalProperties: false } as const;

export const DURATION_PATTERN = '^[0-9]+(\\.[0-9]+)?(ms|s)$';

export const At = Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: DURATION_PATTERN })], {
  description: 'when, after the timeline starts: milliseconds as a number, or a string like "250ms" or "2s"',
});

export const Ref = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$', description: 'a name starting with a letter: letters, digits, _ and -' });

const Extension = Type.String({ pattern: DeviceId.pattern, description: 'an extension number: digits, optionally led by +' });

const Target = Type.Object(
  { queue: Type.Optional(Id), extension: Type.Optional(Extension) },
  { ...strict, minProperties: 1, maxProperties: 1, description: 'exactly one of { queue: <queue id> } or { extension: <extension> }' },
);

const Party = Type.Union([Type.Literal('caller'), Type.String({ pattern: DeviceId.pattern })], {
  description: '"caller", or the extension or outside number that leaves the call',
});
const DialledNumber = (what: string) => Type.String({ pattern: DeviceId.pattern, description: `${what}: digits, optionally led by +` });

export const AgentActionSchema = Type.Union(
  [Type.Literal('login'), Type.Literal('ready'), Type.Literal('notReady'), Type.Literal('afterCallWork'), Type.Literal('logout')],
  { description: 'login, ready, notReady, afterCallWork or logout' },
);

const Milliseconds = (what: string) => Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, description: what });
const Reason = (what: string) => Type.String({ minLength: ReasonCode.minLength, maxLength: ReasonCode.maxLength, description: what });

export const AcdSchema = Type.Object(
  {
    afterCallWorkMs: Type.Optional(
      Milliseconds(
        'after-call work after each call lasts this many milliseconds, then ends in afterCallWorkEndsIn; 0 (default) = until the agent changes state',
      ),
    ),
    afterCallWorkEndsIn: Type.Optional(Type.Union([Type.Literal('ready'), Type.Literal('notReady')], { description: 'ready (default) or notReady' })),
    afterCallWorkReasonCode: Type.Optional(Reason('the reason code when after-call work ends in notReady; default none')),
    reasonCodes: Type.Optional(
      Type.Array(ReasonCode, {
        uniqueItems: true,
        description: 'the reason codes agents may give with notReady and logout; absent = any code of 1-32 characters',
      }),
    ),
    ringTimeoutMs: Type.Optional(
      Milliseconds('a queue call ringing an agent this long goes back to the queue and the agent becomes notReady; 0 (default) = ring until answered'),
    ),
    ringNoAnswerReasonCode: Type.Optional(Reason('the reason code of that notReady; default none')),
  },
  { ...strict, description: 'how the ACD behaves by itself; fields given replace earlier values' },
);

const farEndFields = {
  behaviour: Type.Union([Type.Literal('answer'), Type.Literal('ring'), Type.Literal('busy'), Type.Literal('noAnswer'), Type.Literal('invalidNumber')], {
    description:
      'answer: rings, then answers after answerAfterMs; ring: rings until a farEndAnswers step; busy / invalidNumber: the call fails at once with that cause; noAnswer: rings noAnswerAfterMs, then fails with cause noAnswer',
  }),
  answerAfterMs: Type.Optional(Milliseconds('answer only: how long it rings before answering; default 0')),
  noAnswerAfterMs: Type.Optional(Milliseconds('noAnswer only: how long it rings before the call fails; default 30000')),
  hangUpAfterMs: Type.Optional(Milliseconds('answer and ring only: it hangs up this long after answering; absent = it stays')),
};

export const FarEndSchema = Type.Object(farEndFields, { ...strict, description: 'what a far end does when dialled' });

export const DialPlanSchema = Type.Object(
  {
    outside: Type.Optional(
      Type.Array(Type.Object({ number: DialledNumber('the outside number'), ...farEndFields }, strict), {
        description: "outside numbers that exist, each with its far end's behaviour",
      }),
    ),
    barredPrefixes: Type.Optional(
      Type.Array(DialledNumber('a number prefix'), { uniqueItems: true, description: 'numbers starting with one of these are refused (callRejected)' }),
    ),
    unlisted: Type.Optional(
      Type.Union([Type.Literal('refused'), FarEndSchema], {
        description: 'what an outside number not listed does: refused (default: the switch refuses it, invalidDestination) or a far-end behaviour',
      }),
    ),
  },
  { ...strict, description: 'which outside numbers exist and what they do; fields given replace earlier values, listed numbers replace their entries' },
);

/** One schema per verb, keyed by the value of `do`. */
export const StepSchemas = {
  customerCall: Type.Object(
    {
      at: At,
      do: Type.Literal('customerCall'),
      from: Type.String({ pattern: DeviceId.pattern, description: "the customer's external number: digits, optionally led by +" }),
      to: Target,
      callData: Type.Optional(CallData),
      ref: Type.Optional(Ref),
    },
    { ...strict, description: 'a customer calls in from the public network' },
  ),
  internalCall: Type.Object(
    { at: At, do: Type.Literal('internalCall'), from: Extension, to: Extension, ref: Type.Optional(Ref) },
    { ...strict, description: 'one extension calls another' },
  ),
  answerAtPhone: Type.Object(
    { at: At, do: Type.Literal('answerAtPhone'), extension: Extension, call: Type.Optional(Ref) },
    { ...strict, description: 'the phone at the extension answers the ringing call (or the call named by ref)' },
  ),
  hangUp: Type.Object({ at: At, do: Type.Literal('hangUp'), call: Ref, party: Party }, { ...strict, description: 'a party of the call named by ref hangs up' }),
  agentAtPhone: Type.Object(
    {
      at: At,
      do: Type.Literal('agentAtPhone'),
      agent: Id,
      extension: Extension,
      action: AgentActionSchema,
      reasonCode: Type.Optional(ReasonCode),
      queue: Type.Optional(Type.String({ pattern: Id.pattern, description: 'with login only: the one queue the agent takes calls from during this login' })),
    },
    { ...strict, description: 'an agent changes state at the phone' },
  ),
  supervisor: Type.Object(
    {
      at: At,
      do: Type.Literal('supervisor'),
      agent: Id,
      action: Type.Union([Type.Literal('notReady'), Type.Literal('logout')], { description: 'notReady or logout' }),
      reasonCode: Type.Optional(ReasonCode),
    },
    { ...strict, description: 'a supervisor forces the agent notReady or logs them out' },
  ),
  configureAcd: Type.Object(
    { at: At, do: Type.Literal('configureAcd'), ...AcdSchema.properties },
    { ...strict, description: 'changes ACD options from now on (fields given replace earlier values)' },
  ),
  configureDialPlan: Type.Object(
    { at: At, do: Type.Literal('configureDialPlan'), ...DialPlanSchema.properties },
    { ...strict, description: 'changes the dial plan from now on (listed numbers replace their entries, other fields given replace earlier values)' },
  ),
  makeCall: Type.Object(
    {
      at: At,
      do: Type.Literal('makeCall'),
      from: Extension,
      to: DialledNumber("the number dialled: an extension, a queue's number or an outside number"),
      callData: Type.Optional(CallData),
      ref: Type.Optional(Ref),
    },
    { ...strict, description: 'the extension dials a number (as MakeCall does: Originated first)' },
  ),
  holdAtPhone: Type.Object(
    { at: At, do: Type.Literal('holdAtPhone'), extension: Extension, call: Type.Optional(Ref) },
    { ...strict, description: 'the phone at the extension holds its connected call (or the call named by ref)' },
  ),
  retrieveAtPhone: Type.Object(
    { at: At, do: Type.Literal('retrieveAtPhone'), extension: Extension, call: Type.Optional(Ref) },
    { ...strict, description: 'the phone at the extension retrieves its held call (or the call named by ref)' },
  ),
  consultationCall: Type.Object(
    {
      at: At,
      do: Type.Literal('consultationCall'),
      extension: Extension,
      call: Ref,
      to: DialledNumber('the number consulted'),
      callData: Type.Optional(CallData),
      ref: Type.Optional(Ref),
    },
    { ...strict, description: 'the extension holds the call named by ref and dials a consult call (ref names the consult call)' },
  ),
  transferCall: Type.Object(
    { at: At, do: Type.Literal('transferCall'), extension: Extension, heldCall: Ref, activeCall: Ref },
    { ...strict, description: "the extension completes a transfer: the held call goes on with the active call's parties, without the extension" },
  ),
  conferenceCall: Type.Object(
    { at: At, do: Type.Literal('conferenceCall'), extension: Extension, heldCall: Ref, activeCall: Ref },
    { ...strict, description: "the extension joins its held and active calls into one (the held call's ref)" },
  ),
  singleStepTransfer: Type.Object(
    {
      at: At,
      do: Type.Literal('singleStepTransfer'),
      extension: Extension,
      call: Ref,
      to: DialledNumber('the number the call goes to'),
      callData: Type.Optional(CallData),
    },
    { ...strict, description: 'the extension leaves the call, which is offered to another number (blind transfer)' },
  ),
  generateDigits: Type.Object(
    { at: At, do: Type.Literal('generateDigits'), extension: Extension, call: Ref, digits: Digits },
    { ...strict, description: 'the extension sends DTMF digits on a connected call' },
  ),
  farEndAnswers: Type.Object(
    { at: At, do: Type.Literal('farEndAnswers'), call: Ref, number: Type.Optional(DialledNumber('the outside number ringing (absent: the one that rings)')) },
    { ...strict, description: 'the far end ringing in the call named by ref answers' },
  ),
  setFaults: Type.Object(
    { at: At, do: Type.Literal('setFaults'), ...FaultPlanSchema.properties },
    { ...strict, description: 'faults on the CTI link from now on: replaces the plan in force (simulator/README.md, "Faults")' },
  ),
  clearFaults: Type.Object({ at: At, do: Type.Literal('clearFaults') }, { ...strict, description: 'no faults on the CTI link from now on' }),
} satisfies Record<string, TSchema>;

export type StepKind = keyof typeof StepSchemas;
export const STEP_KINDS = Object.keys(StepSchemas);

export const ProvisionSchema = Type.Object(
  {
    extensions: Type.Array(Extension),
    callWaiting: Type.Optional(
      Type.Array(Extension, {
        uniqueItems: true,
        description:
          'extensions with call waiting (decision 0061): a second call alerts beside an alerting or connected one instead of being refused extensionBusy; answering it holds the connected call; default none',
      }),
    ),
    queues: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Id,
            dialledNumber: Type.String({ pattern: DeviceId.pattern, description: 'the number callers dial: digits, optionally led by +' }),
            members: Type.Array(Extension),
          },
          strict,
        ),
      ),
    ),
    agents: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: Id,
            password: Type.String({ maxLength: 256 }),
            queues: Type.Optional(Type.Array(Id, { description: 'the queues whose calls the agent takes; absent = every queue' })),
          },
          strict,
        ),
      ),
    ),
    acd: Type.Optional(AcdSchema),
    dialPlan: Type.Optional(DialPlanSchema),
    callIdSpace: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        description: 'call ids C1 to C<n>, each reused once its call has ended, as PBXs recycle call ids (decision 0150); default never reused',
      }),
    ),
  },
  strict,
);

export const ScriptSchema = Type.Object(
  {
    version: Type.Literal(1, { description: 'the script format version: 1' }),
    description: Type.Optional(Type.String({ description: 'what the script plays, for people' })),
    provision: ProvisionSchema,
    faults: Type.Optional(FaultPlanSchema),
    timeline: Type.Array(Type.Union(Object.values(StepSchemas))),
  },
  { ...strict, title: 'Switchboard simulator script', description: 'Provisioning and a timeline of what happens on the simulated switch' },
);

export type Script = Static<typeof ScriptSchema>;
export type ScriptStep = Script['timeline'][number];
export type StepOf<K extends StepKind> = Extract<ScriptStep, { do: K }>;

/** The published JSON Schema, as text; write-schema.ts writes it, a test compares it. */
export function renderScriptJsonSchema(): string {
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...ScriptSchema }, null, 2)}\n`;
}
