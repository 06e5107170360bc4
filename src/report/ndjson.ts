/**
 * Reads a Cucumber messages file (one JSON envelope a line) and checks the envelopes the reports
 * use against schemas of the fields they read; everything else passes through unread. The schemas
 * are held to @cucumber/messages' own types at compile time (see `Conforms` below).
 */
import { readFile } from 'node:fs/promises';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type * as messages from '@cucumber/messages';
import { compile, formatIssues, type Check } from '../contract/validation.ts';
import { ReportError } from './errors.ts';

const Timestamp = Type.Object({ seconds: Type.Number(), nanos: Type.Number() });
const Location = Type.Object({ line: Type.Integer(), column: Type.Optional(Type.Integer()) });

export const STEP_STATUSES = ['UNKNOWN', 'PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

const TestStepResult = Type.Object({
  duration: Timestamp,
  status: Type.Union(STEP_STATUSES.map((s) => Type.Literal(s))),
  message: Type.Optional(Type.String()),
  exception: Type.Optional(Type.Object({ type: Type.String(), message: Type.Optional(Type.String()) })),
});

// Only what locating scenarios, example rows and step keywords needs.
const GherkinStep = Type.Object({ id: Type.String(), keyword: Type.String(), text: Type.String() });
const GherkinScenario = Type.Object({
  id: Type.String(),
  location: Location,
  steps: Type.Array(GherkinStep),
  examples: Type.Array(Type.Object({ tableBody: Type.Array(Type.Object({ id: Type.String(), location: Location })) })),
});
const GherkinBackground = Type.Object({ steps: Type.Array(GherkinStep) });
const GherkinChild = Type.Object({ scenario: Type.Optional(GherkinScenario), background: Type.Optional(GherkinBackground) });

const SCHEMAS = {
  gherkinDocument: Type.Object({
    uri: Type.Optional(Type.String()),
    feature: Type.Optional(
      Type.Object({
        name: Type.String(),
        children: Type.Array(
          Type.Object({
            scenario: Type.Optional(GherkinScenario),
            background: Type.Optional(GherkinBackground),
            rule: Type.Optional(Type.Object({ children: Type.Array(GherkinChild) })),
          }),
        ),
      }),
    ),
  }),
  pickle: Type.Object({
    id: Type.String(),
    uri: Type.String(),
    name: Type.String(),
    location: Type.Optional(Location),
    astNodeIds: Type.Array(Type.String()),
    tags: Type.Array(Type.Object({ name: Type.String(), astNodeId: Type.String() })),
    steps: Type.Array(
      Type.Object({
        id: Type.String(),
        text: Type.String(),
        astNodeIds: Type.Array(Type.String()),
        /** Gherkin's step kind (Given = Context, When = Action, Then = Outcome): tells set-up from proof. */
        type: Type.Optional(Type.Union([Type.Literal('Unknown'), Type.Literal('Context'), Type.Literal('Action'), Type.Literal('Outcome')])),
      }),
    ),
  }),
  hook: Type.Object({ id: Type.String(), name: Type.Optional(Type.String()), type: Type.Optional(Type.String()) }),
  testCase: Type.Object({
    id: Type.String(),
    pickleId: Type.String(),
    testSteps: Type.Array(Type.Object({ id: Type.String(), pickleStepId: Type.Optional(Type.String()), hookId: Type.Optional(Type.String()) })),
  }),
  testCaseStarted: Type.Object({ id: Type.String(), testCaseId: Type.String(), attempt: Type.Integer(), timestamp: Timestamp }),
  testCaseFinished: Type.Object({ testCaseStartedId: Type.String(), willBeRetried: Type.Boolean(), timestamp: Timestamp }),
  testStepFinished: Type.Object({
    testCaseStartedId: Type.String(),
    testStepId: Type.String(),
    testStepResult: TestStepResult,
    timestamp: Timestamp,
  }),
  attachment: Type.Object({
    body: Type.String(),
    contentEncoding: Type.Union([Type.Literal('IDENTITY'), Type.Literal('BASE64')]),
    mediaType: Type.String(),
    fileName: Type.Optional(Type.String()),
    testCaseStartedId: Type.Optional(Type.String()),
    testStepId: Type.Optional(Type.String()),
  }),
  testRunStarted: Type.Object({ timestamp: Timestamp }),
  testRunFinished: Type.Object({
    timestamp: Timestamp,
    success: Type.Boolean(),
    message: Type.Optional(Type.String()),
    exception: Type.Optional(Type.Object({ type: Type.String(), message: Type.Optional(Type.String()) })),
  }),
  testRunHookStarted: Type.Object({ id: Type.String(), hookId: Type.String() }),
  testRunHookFinished: Type.Object({ testRunHookStartedId: Type.String(), result: TestStepResult }),
  parseError: Type.Object({
    source: Type.Object({ uri: Type.Optional(Type.String()), location: Type.Optional(Location) }),
    message: Type.String(),
  }),
} satisfies { readonly [K in keyof messages.Envelope]?: TSchema };

type Schemas = typeof SCHEMAS;
export type MessageKind = keyof Schemas;
type MessageMap = { [K in MessageKind]: Static<Schemas[K]> };
export type MessageOf<K extends MessageKind> = MessageMap[K];

/** One envelope the reports read, tagged by its kind. */
export type Message<K extends MessageKind = MessageKind> = { [P in K]: { readonly kind: P; readonly value: MessageMap[P] } }[K];

// Compile-time proof that every schema describes a subset of the official message type.
type DeepReadonly<T> = T extends readonly (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
type Conforms<T extends DeepReadonly<U>, U> = T;
export type SchemasConform = [
  Conforms<messages.Pickle, MessageOf<'pickle'>>,
  Conforms<messages.Hook, MessageOf<'hook'>>,
  Conforms<messages.TestCase, MessageOf<'testCase'>>,
  Conforms<messages.TestCaseStarted, MessageOf<'testCaseStarted'>>,
  Conforms<messages.TestCaseFinished, MessageOf<'testCaseFinished'>>,
  Conforms<messages.TestStepFinished, MessageOf<'testStepFinished'>>,
  Conforms<messages.Attachment, MessageOf<'attachment'>>,
  Conforms<messages.TestRunStarted, MessageOf<'testRunStarted'>>,
  Conforms<messages.TestRunFinished, MessageOf<'testRunFinished'>>,
  Conforms<messages.TestRunHookStarted, MessageOf<'testRunHookStarted'>>,
  Conforms<messages.TestRunHookFinished, MessageOf<'testRunHookFinished'>>,
  Conforms<messages.ParseError, MessageOf<'parseError'>>,
  Conforms<messages.GherkinDocument, MessageOf<'gherkinDocument'>>,
];

// Spelled out so each check keeps its own message type.
const CHECKS: { readonly [K in MessageKind]: Check<MessageMap[K]> } = {
  gherkinDocument: compile(SCHEMAS.gherkinDocument, 'gherkinDocument'),
  pickle: compile(SCHEMAS.pickle, 'pickle'),
  hook: compile(SCHEMAS.hook, 'hook'),
  testCase: compile(SCHEMAS.testCase, 'testCase'),
  testCaseStarted: compile(SCHEMAS.testCaseStarted, 'testCaseStarted'),
  testCaseFinished: compile(SCHEMAS.testCaseFinished, 'testCaseFinished'),
  testStepFinished: compile(SCHEMAS.testStepFinished, 'testStepFinished'),
  attachment: compile(SCHEMAS.attachment, 'attachment'),
  testRunStarted: compile(SCHEMAS.testRunStarted, 'testRunStarted'),
  testRunFinished: compile(SCHEMAS.testRunFinished, 'testRunFinished'),
  testRunHookStarted: compile(SCHEMAS.testRunHookStarted, 'testRunHookStarted'),
  testRunHookFinished: compile(SCHEMAS.testRunHookFinished, 'testRunHookFinished'),
  parseError: compile(SCHEMAS.parseError, 'parseError'),
};

function checkMessage<K extends MessageKind>(kind: K, value: unknown): Message<K> | string {
  const checked = CHECKS[kind](value);
  return checked.ok ? { kind, value: checked.value } : formatIssues(checked.issues);
}

function isMessageKind(key: string): key is MessageKind {
  return Object.hasOwn(SCHEMAS, key);
}

const MALFORMED_HINT = "Was the file written by Cucumber's message formatter, and did the run finish?";

function malformed(source: string, line: number, what: string): ReportError {
  return new ReportError('messages-malformed', `${source} line ${line}: ${what}. ${MALFORMED_HINT}`);
}

/** One envelope as it stands in the file: a JSON object whose single key names its kind. */
export type RawEnvelope = Readonly<Record<string, unknown>>;

/** The kind an envelope carries: its one key. */
export function kindOf(envelope: RawEnvelope): string {
  return Object.keys(envelope)[0] ?? '';
}

/** Each envelope of the text with its (1-based) line; blank lines are skipped. */
function* linesOf(text: string, source: string): Generator<{ readonly envelope: RawEnvelope; readonly line: number }> {
  for (const [index, raw] of text.split('\n').entries()) {
    const line = index + 1;
    if (raw.trim() === '') continue;
    let envelope: unknown;
    try {
      envelope = JSON.parse(raw);
    } catch (error) {
      throw malformed(source, line, `not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope)) {
      throw malformed(source, line, 'expected an envelope object such as {"pickle": {…}}');
    }
    const keys = Object.keys(envelope);
    if (keys.length !== 1) throw malformed(source, line, `expected an envelope with exactly one message, got keys [${keys.join(', ')}]`);
    yield { envelope: envelope as RawEnvelope, line };
  }
}

/** Every envelope of a messages file, of any kind, unchecked beyond its shape (`switchboard merge` carries them all). */
export function parseEnvelopes(text: string, source = 'cucumber.ndjson'): RawEnvelope[] {
  return [...linesOf(text, source)].map(({ envelope }) => envelope);
}

function checked(envelope: RawEnvelope, where: () => string): Message | undefined {
  const key = kindOf(envelope);
  if (!isMessageKind(key)) return undefined;
  const message = checkMessage(key, Object.getOwnPropertyDescriptor(envelope, key)?.value);
  if (typeof message === 'string') throw new ReportError('messages-malformed', `${where()}: bad ${key} message: ${message}. ${MALFORMED_HINT}`);
  return message;
}

/**
 * Parses the text of a messages file. Blank lines are skipped, and so are envelopes of kinds the
 * reports do not read (meta, source, step definitions, …). Throws a `messages-malformed` ReportError
 * naming the (1-based) line of the first bad envelope.
 */
export function parseMessages(text: string, source = 'cucumber.ndjson'): Message[] {
  return [...linesOf(text, source)].flatMap(({ envelope, line }) => checked(envelope, () => `${source} line ${line}`) ?? []);
}

/** The envelopes the reports read, checked; see `parseMessages`. `source` names them in errors. */
export function checkEnvelopes(envelopes: readonly RawEnvelope[], source: string): Message[] {
  return envelopes.flatMap((envelope, index) => checked(envelope, () => `${source} envelope ${index + 1}`) ?? []);
}

/** The text of a messages file; throws `messages-unreadable` when it cannot be read. */
export async function readMessagesFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ReportError(
      'messages-unreadable',
      `cannot read Cucumber messages from ${path}: ${error instanceof Error ? error.message : String(error)}. Did the run write its message formatter output there?`,
      { cause: error },
    );
  }
}

/** Reads and parses a messages file; see `parseMessages`. */
export async function readMessages(path: string): Promise<Message[]> {
  return parseMessages(await readMessagesFile(path), path);
}
