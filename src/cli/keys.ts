/**
 * Signing keys for certificates (decision 0030): `switchboard keygen` makes an Ed25519 pair; a
 * private key reaches certify and merge as a file (`--sign-key`) or, in CI, as the PEM text of a
 * secret in `$SWITCHBOARD_SIGN_KEY`. Neither the key nor its text is ever printed or written to a
 * report; errors name the file, never its content.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ReportError } from '../report/errors.ts';
import { keyFingerprint, privateKeyOf, publicKeyOf } from '../report/seal.ts';
import type { Io } from './flags.ts';
import { UsageError } from './usage.ts';

export const PRIVATE_KEY_FILE = 'switchboard-signing.key';
export const PUBLIC_KEY_FILE = 'switchboard-signing.pub';
export const SIGN_KEY_ENV = 'SWITCHBOARD_SIGN_KEY';

async function readKeyFile(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${path}: cannot read it (${error instanceof Error && 'code' in error ? String(error.code) : 'unreadable'})`);
  }
}

function asUsage<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ReportError) throw new UsageError(error.message);
    throw error;
  }
}

/** The signing key from `--sign-key <file>`, else from `$SWITCHBOARD_SIGN_KEY`; undefined when neither is given. */
export async function signingKeyFrom(file: string | undefined, io: Pick<Io, 'env' | 'cwd'>): Promise<KeyObject | undefined> {
  if (file !== undefined) {
    const path = resolve(io.cwd, file);
    const pem = await readKeyFile(path, '--sign-key');
    return asUsage(() => privateKeyOf(pem, `--sign-key ${path}`));
  }
  const pem = io.env[SIGN_KEY_ENV];
  if (pem === undefined || pem === '') return undefined;
  return asUsage(() => privateKeyOf(pem, `$${SIGN_KEY_ENV}`));
}

export async function publicKeyFrom(file: string, io: Pick<Io, 'cwd'>): Promise<KeyObject> {
  const path = resolve(io.cwd, file);
  const pem = await readKeyFile(path, '--public-key');
  return asUsage(() => publicKeyOf(pem, `--public-key ${path}`));
}

/** `switchboard keygen [--out <dir>]`: a new key pair; refuses to overwrite one. */
export async function runKeygen(out: string | undefined, io: Io): Promise<number> {
  const dir = resolve(io.cwd, out ?? '.');
  const privatePath = join(dir, PRIVATE_KEY_FILE);
  const publicPath = join(dir, PUBLIC_KEY_FILE);
  for (const path of [privatePath, publicPath]) {
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      throw new UsageError(`${path} exists: keygen never overwrites a key; move it away or give another --out`);
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  await mkdir(dir, { recursive: true });
  await writeFile(privatePath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  await writeFile(publicPath, publicKey.export({ type: 'spki', format: 'pem' }), { flag: 'wx' });
  io.stdout.write(
    [
      `private key ${privatePath} (keep it secret: a CI secret, never in a repository or a report)`,
      `public key  ${publicPath} (give it to whoever checks your certificates)`,
      `fingerprint ${keyFingerprint(publicKey)}`,
      `sign with   switchboard certify … --sign-key ${privatePath}   (or the key's text in $${SIGN_KEY_ENV})`,
      `check with  switchboard verify --offline <report folder> --public-key ${publicPath}`,
      '',
    ].join('\n'),
  );
  return 0;
}
