/**
 * Faults on the CTI link: the public types. The TypeBox schemas are the one source: scripts
 * validate their `faults:` section against them and the TypeScript types are derived from them.
 *
 * A plan is a seed and a list of rules. Each rule watches one direction of the link and, for the
 * frames it matches, applies one action. Every application is a FaultRecord: reported through
 * `control.onFault`, logged, and recorded by the harness in its trace. The same seed and the same
 * frame sequence give the same records (simulator/README.md, "Faults").
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CTI_EVENT_NAMES, REQUEST_TYPES, WireErrorCodeSchema } from '../../src/contract/cti-wire/frames.ts';

const strict = { additionalProperties: false } as const;

export const FAULT_DIRECTIONS = ['toAdapter', 'fromAdapter'] as const;
export const FaultDirectionSchema = Type.Union(
  FAULT_DIRECTIONS.map((d) => Type.Literal(d)),
  { description: 'toAdapter: frames the simulator sends (Response, Error, Event, SystemStatus); fromAdapter: frames the adapter sends (Request)' },
);
export type FaultDirection = Static<typeof FaultDirectionSchema>;

export const FAULT_FRAME_TYPES = ['Request', 'Response', 'Error', 'Event', 'SystemStatus'] as const;
export const FaultFrameTypeSchema = Type.Union(
  FAULT_FRAME_TYPES.map((t) => Type.Literal(t)),
  { description: 'Request, Response, Error, Event or SystemStatus' },
);
export type FaultFrameType = Static<typeof FaultFrameTypeSchema>;

const FRAME_NAMES = [...REQUEST_TYPES, ...CTI_EVENT_NAMES] as const;
export const FaultFrameNameSchema = Type.Union(
  FRAME_NAMES.map((n) => Type.Literal(n)),
  { description: `a request type (for Request, Response and Error frames) or an event name (for Event frames): ${FRAME_NAMES.join(', ')}` },
);
export type FaultFrameName = Static<typeof FaultFrameNameSchema>;

export const FaultMatchSchema = Type.Object(
  {
    frame: Type.Optional(FaultFrameTypeSchema),
    name: Type.Optional(FaultFrameNameSchema),
    deviceId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: "the frame concerns this device: a request's deviceId, the device of an Event's monitor, a Response or Error to a request naming it",
      }),
    ),
  },
  { ...strict, description: 'which frames the rule applies to; every field given must match; absent = every frame of the direction' },
);
export type FaultMatch = Static<typeof FaultMatchSchema>;

const Milliseconds = Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, description: 'milliseconds' });

export const FaultActionSchemas = {
  delay: Type.Object(
    { kind: Type.Literal('delay'), ms: Milliseconds },
    { ...strict, description: 'holds the frame this long, then passes it on (later frames of the session wait behind it, so order is kept)' },
  ),
  drop: Type.Object({ kind: Type.Literal('drop') }, { ...strict, description: 'the frame is lost' }),
  duplicate: Type.Object({ kind: Type.Literal('duplicate') }, { ...strict, description: 'the frame is passed on twice, unchanged (same invokeId / seq)' }),
  reorder: Type.Object(
    {
      kind: Type.Literal('reorder'),
      window: Type.Integer({ minimum: 2, maximum: 64, description: 'how many matching frames are held, then released shuffled' }),
      maxHoldMs: Type.Optional(
        Type.Integer({
          minimum: 1,
          maximum: 2 ** 31 - 1,
          description:
            'releases the held frames (shuffled) this long after the first was held, even when fewer than window; absent = held until the window fills',
        }),
      ),
    },
    {
      ...strict,
      description: 'holds matching frames (others pass them) until `window` are held, then releases them in a seeded shuffled order, never the order received',
    },
  ),
  corrupt: Type.Object(
    {
      kind: Type.Literal('corrupt'),
      field: Type.String({
        pattern: '^[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*$',
        description: 'a dotted path in the frame, e.g. "seq", "event.callId", "result.monitorId"',
      }),
    },
    {
      ...strict,
      description:
        'the field gets a value of the wrong type (a string becomes a number, a number or boolean its text, an object, array or null the string "corrupted"); frames without the field do not match',
    },
  ),
  malformed: Type.Object({ kind: Type.Literal('malformed') }, { ...strict, description: 'the frame is replaced by text that is not JSON' }),
  refuse: Type.Object(
    {
      kind: Type.Literal('refuse'),
      code: WireErrorCodeSchema,
      message: Type.Optional(Type.String({ maxLength: 2048, description: 'the error message; default names the fault' })),
    },
    { ...strict, description: 'fromAdapter Request frames only: the request is answered with an Error frame of this code and never reaches the switch' },
  ),
  stall: Type.Object(
    { kind: Type.Literal('stall') },
    {
      ...strict,
      description:
        'fromAdapter Request frames only: the request reaches the switch and takes effect (its events go out), but its Response or Error is never sent',
    },
  ),
  closeLink: Type.Object(
    {
      kind: Type.Literal('closeLink'),
      abrupt: Type.Optional(Type.Boolean({ description: 'true: the TCP connection is cut without a close frame; default false: WebSocket close 1011' })),
    },
    { ...strict, description: 'the link is closed instead of passing the frame on; frames held by delay or reorder are lost' },
  ),
} satisfies Record<string, TSchema>;

export type FaultActionKind = keyof typeof FaultActionSchemas;
export const FAULT_ACTION_KINDS = Object.keys(FaultActionSchemas) as FaultActionKind[];
export const FaultActionSchema = Type.Union(Object.values(FaultActionSchemas), { description: `one of: ${FAULT_ACTION_KINDS.join(', ')}` });
export type FaultAction = Static<typeof FaultActionSchema>;
export type FaultActionOf<K extends FaultActionKind> = Extract<FaultAction, { kind: K }>;

export const FaultRuleSchema = Type.Object(
  {
    direction: FaultDirectionSchema,
    match: Type.Optional(FaultMatchSchema),
    action: FaultActionSchema,
    probability: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1, description: 'the chance a matching frame is affected, drawn from the seeded generator; default 1' }),
    ),
    times: Type.Optional(Type.Integer({ minimum: 1, description: 'applies at most this many times over the whole plan; absent = unlimited' })),
    afterFrames: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'skips the first N matching frames (counted over the whole plan): with afterFrames N the rule can first apply to the (N+1)-th; default 0',
      }),
    ),
  },
  { ...strict, description: 'one fault: for the frames of one direction that match, apply the action' },
);
export type FaultRule = Static<typeof FaultRuleSchema>;

export const FaultPlanSchema = Type.Object(
  {
    seed: Type.Integer({
      minimum: 0,
      maximum: 2 ** 32 - 1,
      description: 'seeds every random decision of the plan (probability draws, reorder shuffles): the same seed and frames give the same faults',
    }),
    rules: Type.Array(FaultRuleSchema, {
      description: 'rules are tried in order; the first whose match and draw select a frame applies, the others do not see it',
    }),
  },
  { ...strict, description: 'faults on the CTI link, seeded' },
);
export type FaultPlan = Static<typeof FaultPlanSchema>;

/** One application of a rule, as reported through `control.onFault` and the log. Never holds frame contents. */
export interface FaultRecord {
  /** Counts applications within the plan, from 1. */
  readonly n: number;
  /** Index of the rule in `plan.rules`. */
  readonly rule: number;
  readonly action: FaultActionKind;
  readonly direction: FaultDirection;
  /** The link (WebSocket connection) the frame travelled on: `K1`, `K2`, … in the order they connected (the `conn` of the logs). */
  readonly link: string;
  readonly frame: FaultFrameType | 'unreadable';
  /** Request type or event name, when known. */
  readonly name: string | null;
  readonly invokeId: number | null;
  readonly monitorId: string | null;
  readonly seq: number | null;
  /** The device the frame concerns, when known (as `match.deviceId` reads it). */
  readonly deviceId: string | null;
  /** The number drawn against `probability` (in [0, 1)), or null when the rule is certain (no draw). */
  readonly draw: number | null;
  /** Clock time of the application. */
  readonly at: number;
  /** What exactly happened, for some actions: `delay` "250ms", `corrupt` "seq: number → string", `refuse` the code, `reorder` "held 1 of 3", `malformed` where the text was cut. */
  readonly detail: string | null;
}

export type FaultListener = (record: FaultRecord) => void;
