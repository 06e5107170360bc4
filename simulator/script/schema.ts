/**
 * The scenario-script format, as TypeBox schemas. The JSON Schema in script.schema.json is
 * generated from these (write-schema.ts) and a test keeps the two equal.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CallData, DeviceId, Id } from '../../src/contract/cti-wire/frames.ts';

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

const Party = Type.Union([Type.Literal('caller'), Extension], { description: '"caller", or the extension that hangs up' });

export const AgentActionSchema = Type.Union(
  [Type.Literal('login'), Type.Literal('ready'), Type.Literal('notReady'), Type.Literal('afterCallWork'), Type.Literal('logout')],
  { description: 'login, ready, notReady, afterCallWork or logout' },
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
  hangUp: Type.Object(
    { at: At, do: Type.Literal('hangUp'), call: Ref, party: Party },
    { ...strict, description: 'a party of the call named by ref hangs up' },
  ),
  agentAtPhone: Type.Object(
    {
      at: At,
      do: Type.Literal('agentAtPhone'),
      agent: Id,
      extension: Extension,
      action: AgentActionSchema,
      reasonCode: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    },
    { ...strict, description: 'an agent changes state at the phone' },
  ),
} satisfies Record<string, TSchema>;

export type StepKind = keyof typeof StepSchemas;
export const STEP_KINDS = Object.keys(StepSchemas);

export const ProvisionSchema = Type.Object(
  {
    extensions: Type.Array(Extension),
    queues: Type.Optional(Type.Array(Type.Object({ id: Id, dialledNumber: Type.String({ pattern: DeviceId.pattern, description: 'the number callers dial: digits, optionally led by +' }), members: Type.Array(Extension) }, strict))),
    agents: Type.Optional(Type.Array(Type.Object({ id: Id, password: Type.String({ maxLength: 256 }) }, strict))),
  },
  strict,
);

export const ScriptSchema = Type.Object(
  {
    version: Type.Literal(1, { description: 'the script format version: 1' }),
    description: Type.Optional(Type.String({ description: 'what the script plays, for people' })),
    provision: ProvisionSchema,
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
