/**
 * Adapter drivers: turn an `--adapter` spec into an AdapterFactory the desktops can use, and
 * check up front that the adapter honours the in-process contract, so a broken module is a
 * setup error (exit 2) rather than a wall of failed scenarios.
 */
import { access } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { ACTIVITY_NAMES, type AdapterFactory } from '../contract/index.ts';
import { SetupError } from './errors.ts';
import { hashFile, hashTree } from './identity.ts';

export type AdapterSpec = { readonly kind: 'reference' } | { readonly kind: 'module'; readonly path: string };

export interface LoadedAdapter {
  readonly spec: string;
  readonly kind: AdapterSpec['kind'];
  readonly factory: AdapterFactory;
  /** What pins this adapter in a certificate: a content hash and where it came from. */
  readonly identity: Readonly<Record<string, string>>;
}

const PLANNED_DRIVERS = ['http', 'cmd', 'image'];

export function parseAdapterSpec(text: string): AdapterSpec {
  if (text === 'reference') return { kind: 'reference' };
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  if (kind === 'module') {
    if (rest === '') throw new SetupError('unknownAdapterSpec', '--adapter module: needs a path, e.g. --adapter module:./my-adapter.ts');
    return { kind: 'module', path: rest };
  }
  if (PLANNED_DRIVERS.includes(kind)) {
    throw new SetupError('driverNotAvailable', `--adapter ${kind}: is not available in this version; use reference or module:<path>`);
  }
  throw new SetupError('unknownAdapterSpec', `--adapter ${JSON.stringify(text)} is not an adapter spec; expected reference or module:<path to a JS/TS module exporting createAdapter>`);
}

const referenceDir = fileURLToPath(new URL('../adapter/', import.meta.url));

export async function loadAdapter(specText: string, cwd: string): Promise<LoadedAdapter> {
  const spec = parseAdapterSpec(specText);
  if (spec.kind === 'reference') {
    const module: unknown = await import('../adapter/index.ts');
    return { spec: specText, kind: 'reference', factory: factoryOf(module, 'the reference adapter'), identity: { source: 'src/adapter', hash: await hashTree(referenceDir, '.ts') } };
  }
  const path = isAbsolute(spec.path) ? spec.path : resolve(cwd, spec.path);
  try {
    await access(path);
  } catch {
    throw new SetupError('moduleNotFound', `--adapter module:${spec.path}: no file at ${path}; give the path of a JS or TS module that exports createAdapter`);
  }
  let module: unknown;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    throw new SetupError('moduleLoadFailed', `--adapter module:${spec.path}: the module failed to load: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { spec: specText, kind: 'module', factory: factoryOf(module, `module:${spec.path}`), identity: { path, hash: await hashFile(path) } };
}

function factoryOf(module: unknown, what: string): AdapterFactory {
  const candidate = typeof module === 'object' && module !== null ? (module as Record<string, unknown>)['createAdapter'] : undefined;
  if (typeof candidate !== 'function') {
    throw new SetupError('notAFactory', `${what} does not export a function createAdapter(context); it must return an object with the activities ${ACTIVITY_NAMES.join(', ')}`);
  }
  return candidate as AdapterFactory;
}

/**
 * Creates one throw-away instance with valid settings (it must not connect before OpenAdapter)
 * and checks every activity is there.
 */
export async function checkAdapterShape(loaded: LoadedAdapter, settings: unknown): Promise<void> {
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  let instance: unknown;
  try {
    instance = await loaded.factory({ settings, sink: { deliver() {} }, logger: silent });
  } catch (error) {
    throw new SetupError('factoryFailed', `${loaded.spec}: createAdapter refused valid settings: ${error instanceof Error ? error.message : String(error)}`);
  }
  const record = typeof instance === 'object' && instance !== null ? (instance as Record<string, unknown>) : {};
  const missing = ACTIVITY_NAMES.filter((name) => typeof record[name] !== 'function');
  if (missing.length > 0) {
    throw new SetupError('missingActivities', `${loaded.spec}: createAdapter returned an object without the activities ${missing.join(', ')}; every activity must be an async function (refuse out-of-mode ones with OPENCTI_HTTP_ERROR_405)`);
  }
}
