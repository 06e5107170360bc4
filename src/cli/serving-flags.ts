/** Flags both serving commands share (`simulate`, `adapter serve`): TLS files, read and checked before anything binds. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { TlsMaterial } from '../platform/http-server.ts';
import { UsageError } from './usage.ts';

/** The key and certificate named by --tls-key and --tls-cert (both or neither), or undefined. */
export async function tlsFromFlags(flags: { readonly 'tls-key'?: string; readonly 'tls-cert'?: string }, cwd: string): Promise<TlsMaterial | undefined> {
  const keyPath = flags['tls-key'];
  const certPath = flags['tls-cert'];
  if (keyPath === undefined && certPath === undefined) return undefined;
  if (keyPath === undefined || certPath === undefined) throw new UsageError('--tls-key and --tls-cert go together: expected both PEM files, or neither');
  const read = async (flag: string, path: string): Promise<string> => {
    try {
      return await readFile(resolve(cwd, path), 'utf8');
    } catch (error) {
      throw new UsageError(
        `${flag} ${JSON.stringify(path)}: cannot read it (${error instanceof Error && 'code' in error ? String(error.code) : String(error)})`,
      );
    }
  };
  const key = await read('--tls-key', keyPath);
  const cert = await read('--tls-cert', certPath);
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new UsageError(`--tls-key ${JSON.stringify(keyPath)}: expected a PEM private key`);
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--tls-cert ${JSON.stringify(certPath)}: expected a PEM certificate`);
  return { key, cert };
}
