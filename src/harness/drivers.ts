/**
 * Adapter drivers: turn an `--adapter` spec into an AdapterFactory the desktops can use, and
 * check up front that the adapter honours the Pega face, so a broken adapter is a setup error
 * (exit 2) rather than a wall of failed scenarios.
 *
 *   reference          the reference adapter, in process
 *   module:<path>      a JS/TS module exporting createAdapter, in process
 *   http:<url>         an adapter already serving the HTTP Pega face (docs/pega-face.md)
 *   cmd:<command>      a command the harness starts, then drives like http:
 *   image:<name>       a local Docker image the harness runs (testcontainers), then drives like http:
 */
import { ACTIVITY_NAMES, type AdapterFactory, type Health } from '../contract/index.ts';
import { startCmdAdapter } from './drivers/cmd.ts';
import { FaceViolation } from './drivers/face-client.ts';
import { connectHttpAdapter } from './drivers/http.ts';
import { startImageAdapter } from './drivers/image.ts';
import { loadModule, loadReference, type InProcessAdapter } from './drivers/module.ts';
import { SetupError } from './errors.ts';

export type AdapterSpec =
  | { readonly kind: 'reference' }
  | { readonly kind: 'module'; readonly path: string }
  | { readonly kind: 'http'; readonly url: string }
  | { readonly kind: 'cmd'; readonly command: string }
  | { readonly kind: 'image'; readonly image: string };

export interface DriverOptions {
  /** Where relative module paths are resolved and commands run. */
  readonly cwd: string;
  /** The report folder: a started process's output is captured there. */
  readonly outDir: string;
  /** How long a cmd: or image: adapter may take to answer GET /health. Default 15000. */
  readonly startTimeoutMs?: number;
  /** How long any one answer of an HTTP face may take. Default 15000. */
  readonly requestTimeoutMs?: number;
}

export interface LoadedAdapter {
  readonly spec: string;
  readonly kind: AdapterSpec['kind'];
  readonly factory: AdapterFactory;
  /** What pins this adapter in a certificate: a content hash, a URL, a command or an image id, and where it came from. */
  readonly identity: Readonly<Record<string, string>>;
  /** Ends what earlier scenarios left open (HTTP: deletes their sessions). Called before each scenario. */
  releaseSessions(): Promise<void>;
  /** Stops what the driver started (event service, process). Idempotent; called once the run is over. */
  close(): Promise<void>;
}

/** An adapter the lab runs in its own process: its desktops share nothing but the event loop (no face sessions, no shared process). */
export function inThisProcess(kind: string): boolean {
  return kind === 'reference' || kind === 'module';
}

export const DEFAULT_START_TIMEOUT_MS = 15_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
const SPECS = 'reference, module:<path>, http:<url>, cmd:<command line> or image:<docker image>';
/** A Docker image reference: [registry[:port]/]name[:tag][@sha256:digest], or an image id. */
const IMAGE_REFERENCE = /^[a-z0-9][a-z0-9._/:@-]*$/i;

export function parseAdapterSpec(text: string): AdapterSpec {
  if (text === 'reference') return { kind: 'reference' };
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  switch (kind) {
    case 'module':
      if (rest === '') throw new SetupError('unknownAdapterSpec', '--adapter module: needs a path, e.g. --adapter module:./my-adapter.ts');
      return { kind: 'module', path: rest };
    case 'http':
    case 'https':
      return { kind: 'http', url: httpUrl(text, kind, rest) };
    case 'cmd':
      if (rest.trim() === '') throw new SetupError('unknownAdapterSpec', '--adapter cmd: needs a command line, e.g. --adapter "cmd:python3 my_adapter.py"');
      return { kind: 'cmd', command: rest };
    case 'image':
      if (!IMAGE_REFERENCE.test(rest)) {
        throw new SetupError(
          'unknownAdapterSpec',
          `--adapter ${text}: expected image:<docker image in the local engine>, e.g. --adapter image:switchboard/reference-adapter:dev`,
        );
      }
      return { kind: 'image', image: rest };
  }
  throw new SetupError('unknownAdapterSpec', `--adapter ${JSON.stringify(text)} is not an adapter spec; expected ${SPECS}`);
}

function httpUrl(text: string, kind: string, rest: string): string {
  const hint = `expected http:<url of the face>, e.g. --adapter http:http://127.0.0.1:7010`;
  // "http://host:port" alone parses as kind http with rest "//host:port".
  if (rest.startsWith('//')) throw new SetupError('unknownAdapterSpec', `--adapter ${text}: ${hint} (the driver name comes first, then the URL)`);
  if (kind === 'https') throw new SetupError('unknownAdapterSpec', `--adapter ${text}: ${hint}`);
  let url: URL;
  try {
    url = new URL(rest);
  } catch {
    throw new SetupError('unknownAdapterSpec', `--adapter ${text}: ${JSON.stringify(rest)} is not a URL; ${hint}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SetupError('unknownAdapterSpec', `--adapter ${text}: the URL must be http:// or https://; ${hint}`);
  return rest.replace(/\/+$/, '');
}

export async function loadAdapter(specText: string, options: DriverOptions): Promise<LoadedAdapter> {
  const spec = parseAdapterSpec(specText);
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  switch (spec.kind) {
    case 'reference':
      return inProcess(specText, spec.kind, await loadReference());
    case 'module':
      return inProcess(specText, spec.kind, await loadModule(spec.path, options.cwd));
    case 'http': {
      let http;
      try {
        http = await connectHttpAdapter(spec.url, { requestTimeoutMs, healthWaitMs: 0 });
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new SetupError(
          'adapterUnreachable',
          `--adapter ${specText}: the adapter does not answer: ${why}; start it first (it must answer GET /health with 200 {"status":"ok"}), or let the harness start it with --adapter cmd:<command>`,
        );
      }
      return {
        spec: specText,
        kind: spec.kind,
        factory: http.factory,
        identity: { url: spec.url, ...healthIdentity(http.health) },
        releaseSessions: http.releaseSessions,
        close: http.close,
      };
    }
    case 'cmd': {
      const cmd = await startCmdAdapter(spec.command, {
        cwd: options.cwd,
        outDir: options.outDir,
        startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
        requestTimeoutMs,
      });
      return {
        spec: specText,
        kind: spec.kind,
        factory: cmd.factory,
        identity: { command: spec.command, ...healthIdentity(cmd.health) },
        releaseSessions: cmd.releaseSessions,
        close: cmd.close,
      };
    }
    case 'image': {
      const image = await startImageAdapter(spec.image, {
        outDir: options.outDir,
        startTimeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
        requestTimeoutMs,
      });
      const identity = { image: spec.image, imageId: image.imageId, ...healthIdentity(image.health) };
      return { spec: specText, kind: spec.kind, factory: image.factory, identity, releaseSessions: image.releaseSessions, close: image.close };
    }
  }
}

/** The name and version an adapter reports on GET /health, when it does. */
function healthIdentity(health: Health): Record<string, string> {
  return { ...(health.name === undefined ? {} : { name: health.name }), ...(health.version === undefined ? {} : { version: health.version }) };
}

function inProcess(spec: string, kind: AdapterSpec['kind'], adapter: InProcessAdapter): LoadedAdapter {
  const nothing = async (): Promise<void> => undefined;
  return { spec, kind, factory: adapter.factory, identity: adapter.identity, releaseSessions: nothing, close: nothing };
}

/**
 * Creates one throw-away instance with valid settings (it must not connect before OpenAdapter)
 * and checks every activity is there. Over HTTP it also calls CloseAdapter on it, which must get
 * an answer of the face's contract, then deletes the session.
 */
export async function checkAdapterShape(loaded: LoadedAdapter, settings: unknown): Promise<void> {
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const remote = !inThisProcess(loaded.kind);
  let instance: unknown;
  try {
    instance = await loaded.factory({ settings, sink: { deliver() {} }, logger: silent });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new SetupError(
      'factoryFailed',
      remote ? `${loaded.spec}: POST /sessions with valid settings failed: ${why}` : `${loaded.spec}: createAdapter refused valid settings: ${why}`,
    );
  }
  const record = typeof instance === 'object' && instance !== null ? (instance as Record<string, unknown>) : {};
  const missing = ACTIVITY_NAMES.filter((name) => typeof record[name] !== 'function');
  if (missing.length > 0) {
    throw new SetupError(
      'missingActivities',
      `${loaded.spec}: createAdapter returned an object without the activities ${missing.join(', ')}; every activity must be an async function (refuse out-of-mode ones with OPENCTI_HTTP_ERROR_405)`,
    );
  }
  if (!remote) return;
  try {
    const close = record['CloseAdapter'];
    if (typeof close === 'function') await close.call(instance, {});
  } catch (error) {
    const why = error instanceof FaceViolation || error instanceof Error ? error.message : String(error);
    throw new SetupError('faceBroken', `${loaded.spec}: CloseAdapter on a fresh session got no answer of the face's contract: ${why}`);
  } finally {
    await loaded.releaseSessions();
  }
}
