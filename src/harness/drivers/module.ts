/** In-process drivers: the reference adapter, and a JS/TS module exporting createAdapter. */
import { access } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { ACTIVITY_NAMES, type AdapterFactory } from '../../contract/index.ts';
import { SetupError } from '../errors.ts';
import { moduleIdentity } from '../identity.ts';

export interface InProcessAdapter {
  readonly factory: AdapterFactory;
  readonly identity: Readonly<Record<string, string>>;
}

const referenceEntry = fileURLToPath(new URL('../../adapter/index.ts', import.meta.url));

export async function loadReference(): Promise<InProcessAdapter> {
  const module: unknown = await import('../../adapter/index.ts');
  const { hash, files } = await moduleIdentity(referenceEntry);
  return { factory: factoryOf(module, 'the reference adapter'), identity: { source: 'src/adapter', hash, files: String(files) } };
}

export async function loadModule(modulePath: string, cwd: string): Promise<InProcessAdapter> {
  const path = isAbsolute(modulePath) ? modulePath : resolve(cwd, modulePath);
  try {
    await access(path);
  } catch {
    throw new SetupError('moduleNotFound', `--adapter module:${modulePath}: no file at ${path}; give the path of a JS or TS module that exports createAdapter`);
  }
  let module: unknown;
  try {
    // tsx's own import, not the project's: the module's package type ("module", "commonjs" or
    // none) decides how its syntax is read, and its imports resolve from its own folder.
    module = await tsImport(pathToFileURL(path).href, import.meta.url);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    // Node's require stack names the loader's internal URLs, not the user's files: the first line says it.
    const why =
      code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND'
        ? `${message.split('\n')[0] ?? message}; its imports resolve from its own folder (${dirname(path)}) upwards, as Node resolves them: install its dependencies there (npm install)`
        : message;
    throw new SetupError('moduleLoadFailed', `--adapter module:${modulePath}: the module failed to load: ${why}`);
  }
  let identity: Record<string, string>;
  try {
    const graph = await moduleIdentity(path);
    identity = { path, hash: graph.hash, files: String(graph.files), lockFile: graph.lockFile ?? 'none' };
  } catch (error) {
    throw new SetupError(
      'moduleLoadFailed',
      `--adapter module:${modulePath}: its import graph could not be read to identify it: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { factory: factoryOf(module, `module:${modulePath}`), identity };
}

function factoryOf(module: unknown, what: string): AdapterFactory {
  const candidate = typeof module === 'object' && module !== null ? (module as Record<string, unknown>)['createAdapter'] : undefined;
  if (typeof candidate !== 'function') {
    throw new SetupError(
      'notAFactory',
      `${what} does not export a function createAdapter(context); it must return an object with the activities ${ACTIVITY_NAMES.join(', ')}`,
    );
  }
  return candidate as AdapterFactory;
}
