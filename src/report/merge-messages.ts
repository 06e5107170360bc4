/**
 * Merges the Cucumber message streams of the shards of one run into the stream a single run would
 * have written. Every shard parses the same features and loads the same step definitions, so their
 * "static" envelopes (sources, documents, pickles, step definitions, hooks) agree except for ids,
 * which Cucumber draws at random per process: the first shard's are kept and every other shard's
 * ids are mapped onto them by walking the two streams side by side. Each shard's test cases then
 * follow, their references rewritten, between one testRunStarted and one testRunFinished.
 */
import { ReportError } from './errors.ts';
import { kindOf, type RawEnvelope } from './ndjson.ts';

export interface ShardStream {
  /** Names the shard in errors: its folder or file. */
  readonly label: string;
  readonly envelopes: readonly RawEnvelope[];
}

/** Kinds every shard emits alike, before any test runs. */
const STATIC_KINDS = new Set(['source', 'gherkinDocument', 'pickle', 'stepDefinition', 'hook', 'parameterType', 'undefinedParameterType', 'parseError']);
/** Paths and lines of step definition code, which differ when shards ran from different checkouts. */
const UNCOMPARED_KEYS = new Set(['sourceReference']);

function isIdKey(key: string): boolean {
  return key === 'id' || key.endsWith('Id') || key.endsWith('Ids');
}

/**
 * Walks `theirs` beside `ours`, recording each id of theirs → ours in `ids`. Returns a description
 * of the first difference outside ids, or null when the two are the same envelope.
 */
function pairIds(ours: unknown, theirs: unknown, ids: Map<string, string>, path: string, idField = false): string | null {
  if (idField && typeof ours === 'string' && typeof theirs === 'string') {
    const known = ids.get(theirs);
    if (known !== undefined && known !== ours) return `${path}: id ${theirs} stands for two different things`;
    ids.set(theirs, ours);
    return null;
  }
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    if (ours.length !== theirs.length) return `${path}: ${theirs.length} items where the first shard has ${ours.length}`;
    for (let i = 0; i < ours.length; i += 1) {
      const difference = pairIds(ours[i], theirs[i], ids, `${path}[${i}]`, idField);
      if (difference !== null) return difference;
    }
    return null;
  }
  if (typeof ours === 'object' && ours !== null && typeof theirs === 'object' && theirs !== null && !Array.isArray(ours) && !Array.isArray(theirs)) {
    const a = ours as Record<string, unknown>;
    const b = theirs as Record<string, unknown>;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length || keys.some((k) => !(k in b)))
      return `${path}: fields ${Object.keys(b).join(', ')} where the first shard has ${keys.join(', ')}`;
    for (const key of keys) {
      if (UNCOMPARED_KEYS.has(key)) continue;
      const difference = pairIds(a[key], b[key], ids, `${path}.${key}`, isIdKey(key));
      if (difference !== null) return difference;
    }
    return null;
  }
  if (Object.is(ours, theirs)) return null;
  // Long texts (a feature file's source) differ somewhere inside: show that place, not their common start.
  let at = 0;
  if (typeof ours === 'string' && typeof theirs === 'string') while (at < ours.length && ours[at] === theirs[at]) at += 1;
  const near = (value: unknown): string => {
    const text = typeof value === 'string' ? value.slice(Math.max(0, at - 20), at + 30) : value;
    return JSON.stringify(text) ?? String(text);
  };
  return `${path}${at > 0 ? ` at character ${at}` : ''}: ${near(theirs)} where the first shard has ${near(ours)}`;
}

/** A copy of the envelope with every id field passed through `rename`. */
export function renameIds(value: unknown, rename: (id: string) => string, idField = false): unknown {
  if (idField && typeof value === 'string') return rename(value);
  if (Array.isArray(value)) return value.map((item) => renameIds(item, rename, idField));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renameIds(item, rename, isIdKey(key))]));
  }
  return value;
}

interface Timestamp {
  readonly seconds: number;
  readonly nanos: number;
}

function timestampOf(envelope: RawEnvelope | undefined): Timestamp | undefined {
  const body = envelope === undefined ? undefined : (Object.values(envelope)[0] as { timestamp?: Timestamp } | undefined);
  return body?.timestamp;
}

function earlier(a: Timestamp, b: Timestamp): boolean {
  return a.seconds < b.seconds || (a.seconds === b.seconds && a.nanos < b.nanos);
}

/**
 * The stream one run over every shard's scenarios would have written. Throws `shards-mismatch`
 * when the shards did not read the same features and step definitions, or ran a scenario twice.
 */
export function mergeMessageStreams(shards: readonly ShardStream[]): RawEnvelope[] {
  const [first] = shards;
  if (first === undefined) throw new ReportError('shards-mismatch', 'no shard to merge: expected the message streams of every shard of one run');
  const staticOf = (shard: ShardStream): RawEnvelope[] => shard.envelopes.filter((e) => STATIC_KINDS.has(kindOf(e)));
  const ourStatic = staticOf(first);
  const runId = (first.envelopes.find((e) => kindOf(e) === 'testRunStarted')?.['testRunStarted'] as { id?: string } | undefined)?.id;

  const dynamic: RawEnvelope[] = [];
  const ranIn = new Map<string, string>();
  const starts: RawEnvelope[] = [];
  const finishes: RawEnvelope[] = [];
  for (const shard of shards) {
    const ids = new Map<string, string>();
    const theirStatic = staticOf(shard);
    if (theirStatic.length !== ourStatic.length) {
      throw new ReportError(
        'shards-mismatch',
        `${shard.label} read ${theirStatic.length} sources, pickles and step definitions where ${first.label} read ${ourStatic.length}: the shards must run the same suite`,
      );
    }
    ourStatic.forEach((ours, index) => {
      const theirs = theirStatic[index]!;
      const kind = kindOf(ours);
      const difference = kind === kindOf(theirs) ? pairIds(ours[kind], theirs[kind], ids, kind) : `a ${kindOf(theirs)} where the first shard has a ${kind}`;
      if (difference !== null)
        throw new ReportError(
          'shards-mismatch',
          `${shard.label} differs from ${first.label} in what it read (${difference}): the shards must run the same suite`,
        );
    });
    const rename = (id: string): string => ids.get(id) ?? id;
    for (const envelope of shard.envelopes) {
      const kind = kindOf(envelope);
      if (kind === 'testRunStarted') starts.push(envelope);
      else if (kind === 'testRunFinished') finishes.push(envelope);
      else if (kind === 'testCase') {
        const renamed = renameIds(envelope, rename) as { testCase: { pickleId: string; testRunStartedId?: string } };
        const other = ranIn.get(renamed.testCase.pickleId);
        if (other !== undefined)
          throw new ReportError(
            'shards-mismatch',
            `a scenario ran in both ${other} and ${shard.label}: the shards overlap (were they cut with different --shard totals or --name filters?)`,
          );
        ranIn.set(renamed.testCase.pickleId, shard.label);
        dynamic.push(withRun(renamed, runId));
      } else if (!STATIC_KINDS.has(kind) && kind !== 'meta') dynamic.push(withRun(renameIds(envelope, rename) as RawEnvelope, runId));
    }
  }

  const meta = first.envelopes.find((e) => kindOf(e) === 'meta');
  const merged: RawEnvelope[] = [...(meta === undefined ? [] : [meta]), ...ourStatic];
  const startedAt = starts
    .map(timestampOf)
    .reduce<Timestamp | undefined>((min, t) => (t !== undefined && (min === undefined || earlier(t, min)) ? t : min), undefined);
  if (startedAt !== undefined) merged.push({ testRunStarted: { timestamp: startedAt, ...(runId === undefined ? {} : { id: runId }) } });
  merged.push(...dynamic);
  // A shard that never finished leaves the merged run unfinished too, as the single run would be.
  if (finishes.length === shards.length) merged.push({ testRunFinished: finishedRun(finishes, shards, runId) });
  return merged;
}

/** The envelope pointing at the merged run's one testRunStarted. */
function withRun(envelope: RawEnvelope, runId: string | undefined): RawEnvelope {
  const kind = kindOf(envelope);
  const body = envelope[kind] as Record<string, unknown>;
  if (runId === undefined || !('testRunStartedId' in body)) return envelope;
  return { [kind]: { ...body, testRunStartedId: runId } };
}

interface RunFinished {
  readonly timestamp: Timestamp;
  readonly success: boolean;
  readonly message?: string;
  readonly exception?: unknown;
}

/** The last finish, successful only when every shard was; each shard's failure message kept, named. */
function finishedRun(finishes: readonly RawEnvelope[], shards: readonly ShardStream[], runId: string | undefined): RunFinished & { testRunStartedId?: string } {
  const bodies = finishes.map((e) => e['testRunFinished'] as RunFinished);
  const last = bodies.reduce((latest, body) => (earlier(latest.timestamp, body.timestamp) ? body : latest));
  const messages = bodies.flatMap((body, i) =>
    body.message === undefined || body.message === '' ? [] : [`${shards[i]?.label ?? `shard ${i + 1}`}: ${body.message}`],
  );
  const exception = bodies.find((body) => body.exception !== undefined)?.exception;
  return {
    timestamp: last.timestamp,
    success: bodies.every((body) => body.success),
    ...(messages.length === 0 ? {} : { message: messages.join('; ') }),
    ...(exception === undefined ? {} : { exception }),
    ...(runId === undefined ? {} : { testRunStartedId: runId }),
  };
}
