/**
 * `switchboard verify <certificate.json>`: checks the flags, then re-runs the certification the
 * certificate describes and compares it, in process. Exit 0 when every scenario's verdict and
 * transcript match, 1 when something differs, 2 when the certificate cannot be verified.
 */
import type { KeyObject } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { verifyCertificate, VerifyError } from '../certify/verify-certificate.ts';
import { DEFAULT_START_TIMEOUT_MS } from '../harness/drivers.ts';
import { ReportError } from '../report/errors.ts';
import { checkSeal, describeProblem, type SealCheck } from '../report/seal.ts';
import { publicKeyFrom } from './keys.ts';
import { positiveInteger, type Io, type VerifyFlags, type WithOperands } from './flags.ts';
import { UsageError } from './usage.ts';

export async function runVerify({ flags: values, operands: positionals }: WithOperands<VerifyFlags>, io: Io): Promise<number> {
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new UsageError(
      `verify needs exactly one certificate, e.g. switchboard verify reports/certificate.json${positionals.length > 1 ? ` (got ${positionals.length})` : ''}`,
    );
  }
  const certificatePath = resolve(io.cwd, positionals[0]);
  const publicKey = values['public-key'] === undefined ? undefined : await publicKeyFrom(values['public-key'], io);
  if (values.offline === true) {
    if (values.out !== undefined || values['log-file'] !== undefined || values['start-timeout-ms'] !== undefined)
      throw new UsageError('--offline runs nothing: --out, --log-file and --start-timeout-ms would not be used; drop them');
    return verifyOffline(certificatePath, publicKey, io);
  }
  // A signature is checked before anything is re-run: a re-run of a forged certificate proves nothing.
  if (publicKey !== undefined) {
    const sealed = await verifyOffline(certificatePath, publicKey, io);
    if (sealed !== 0) return sealed;
  }
  const startTimeoutMs = positiveInteger('--start-timeout-ms', values['start-timeout-ms'], DEFAULT_START_TIMEOUT_MS);
  const logFile = values['log-file'] === undefined ? undefined : resolve(io.cwd, values['log-file']);
  const temporary = values.out === undefined;
  const outDir =
    values.out === undefined ? await mkdtemp(join(tmpdir(), 'switchboard-verify-')) : isAbsolute(values.out) ? values.out : resolve(io.cwd, values.out);
  try {
    const outcome = await verifyCertificate(
      { certificatePath, outDir, cwd: io.cwd, startTimeoutMs, ...(logFile === undefined ? {} : { logFile }) },
      { stdout: io.stdout, color: io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined },
    );
    // A matching re-run in a folder nobody asked for is not worth keeping; a differing one is.
    if (temporary && outcome.exitCode === 0) await rm(outDir, { recursive: true, force: true });
    return outcome.exitCode;
  } catch (error) {
    if (temporary) await rm(outDir, { recursive: true, force: true });
    if (error instanceof VerifyError) {
      io.stderr.write(`switchboard verify: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** `verify --offline`: every file and field of the report folder against the certificate's seal (and its signature), running nothing. */
async function verifyOffline(target: string, publicKey: KeyObject | undefined, io: Io): Promise<number> {
  const dir = (await stat(target).then(
    (s) => s.isDirectory(),
    () => false,
  ))
    ? target
    : dirname(target);
  let check: SealCheck;
  try {
    check = await checkSeal(dir, publicKey);
  } catch (error) {
    if (error instanceof ReportError) {
      io.stderr.write(`switchboard verify: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const integrity = check.certificate.integrity;
  const files = integrity?.files.length ?? 0;
  if (check.problems.length > 0) {
    io.stdout.write(`✘ DOES NOT MATCH ITS SEAL: ${dir}\n${check.problems.map((p) => `  ${describeProblem(p)}`).join('\n')}\n`);
    return 1;
  }
  const signature = integrity?.signature ?? null;
  const by =
    signature === null
      ? 'unsigned'
      : check.signed
        ? `signature verified: key ${signature.publicKey}`
        : `signed by key ${signature.publicKey} (give --public-key to check the signature)`;
  io.stdout.write(`✔ SEALED: every one of the ${files} files and every field is as the certificate sealed it (${check.certificate.verdict}; ${by})\n`);
  return 0;
}
