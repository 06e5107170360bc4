/**
 * The certificate's seal (decision 0030): the digest of every other file in the report folder, of
 * each of its own top-level fields and of its canonical text, and optionally an Ed25519 signature
 * over the sealed certificate.json, in certificate.sig beside it. `checkSeal` reads a folder back
 * and names every file or field that is not what the certificate sealed, without running anything.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { CertificateSchema, checkCertificate, type Certificate, type Integrity } from './certificate-schema.ts';
import { writeAtomically } from './cucumber-reports.ts';
import { ReportError } from './errors.ts';
import { CERTIFICATE_JSON } from './write.ts';
import { stableJson } from './stable-json.ts';
import { formatIssues } from '../contract/validation.ts';

export const SIGNATURE_FILE = 'certificate.sig';
/** A digest no content has: what `integrity.digest` reads while the canonical digest is computed. */
const UNSET = `sha256:${'0'.repeat(64)}`;

function sha256(data: string | Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Every file under the folder, relative, sorted; the certificate and its signature left out. */
async function folderFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
    .filter((path) => path !== CERTIFICATE_JSON && path !== SIGNATURE_FILE && !path.endsWith('.partial'))
    .sort();
}

type FieldName = Exclude<keyof Certificate, 'integrity'>;

/** The digest of each top-level field: a changed field is named, not only detected. */
function fieldDigests(certificate: Certificate): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const [name, schema] of Object.entries(CertificateSchema.properties)) {
    // An optional field left out has no digest: certificates sealed before it existed still check.
    if (name === 'integrity' || certificate[name as FieldName] === undefined) continue;
    digests[name] = sha256(stableJson(schema, certificate[name as FieldName]));
  }
  return digests;
}

/** sha256 of the certificate's canonical text with its own digest unset. */
function canonicalDigest(certificate: Certificate, integrity: Integrity): string {
  return sha256(stableJson(CertificateSchema, { ...certificate, integrity: { ...integrity, digest: UNSET } }));
}

/** The SHA-256 fingerprint of a public key (its DER SubjectPublicKeyInfo): how the certificate names the key that signed it. */
export function keyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return sha256(publicKey.export({ type: 'spki', format: 'der' }));
}

/** Reads an Ed25519 private key (PKCS#8 PEM) from its text; throws `key-invalid` saying what is wrong, never echoing the key. */
export function privateKeyOf(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ReportError('key-invalid', `${where} is not a private key in PEM (PKCS#8): make one with \`switchboard keygen\``);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new ReportError(
      'key-invalid',
      `${where} is a ${key.asymmetricKeyType ?? 'unknown'} key; certificates are signed with Ed25519 (\`switchboard keygen\`)`,
    );
  return key;
}

/** Reads an Ed25519 public key (SPKI PEM). */
export function publicKeyOf(pem: string, where: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new ReportError('key-invalid', `${where} is not a public key in PEM: give the .pub file \`switchboard keygen\` wrote`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ReportError('key-invalid', `${where} is a ${key.asymmetricKeyType ?? 'unknown'} key, not an Ed25519 one`);
  return key;
}

/**
 * Seals the report folder: lists every other file with its digest, digests each field and the whole
 * certificate, writes certificate.json (and, given a key, certificate.sig). Call it last: a file
 * written after the seal is one the seal does not know.
 */
export async function sealReports(outDir: string, certificate: Certificate, signingKey?: KeyObject): Promise<Certificate> {
  const files = [];
  for (const path of await folderFiles(outDir)) {
    const bytes = await readFile(join(outDir, path));
    files.push({ path, sha256: sha256(bytes), bytes: bytes.length });
  }
  const signature = signingKey === undefined ? null : { algorithm: 'ed25519' as const, file: SIGNATURE_FILE, publicKey: keyFingerprint(signingKey) };
  const open: Integrity = { files, fields: fieldDigests(certificate), signature, digest: UNSET };
  const sealed: Certificate = { ...certificate, integrity: { ...open, digest: canonicalDigest(certificate, open) } };
  const text = stableJson(CertificateSchema, sealed);
  await writeAtomically(join(outDir, CERTIFICATE_JSON), text);
  if (signingKey !== undefined)
    await writeAtomically(join(outDir, SIGNATURE_FILE), `${sign(null, Buffer.from(text, 'utf8'), signingKey).toString('base64')}\n`);
  return sealed;
}

/** One thing in a sealed folder that is not what the certificate sealed. */
export type SealProblem =
  | { readonly kind: 'file-changed' | 'file-missing' | 'file-unlisted'; readonly path: string }
  | { readonly kind: 'field-changed'; readonly field: string }
  | {
      readonly kind: 'digest-mismatch' | 'not-sealed' | 'signature-missing' | 'signature-invalid' | 'signature-unexpected' | 'key-mismatch';
      readonly detail: string;
    };

export interface SealCheck {
  readonly certificate: Certificate;
  readonly problems: readonly SealProblem[];
  /** True when a public key was given and the signature verified with it. */
  readonly signed: boolean;
}

export function describeProblem(problem: SealProblem): string {
  switch (problem.kind) {
    case 'file-changed':
      return `${problem.path}: changed since the certificate sealed it`;
    case 'file-missing':
      return `${problem.path}: missing (the certificate sealed it)`;
    case 'file-unlisted':
      return `${problem.path}: not sealed by the certificate (added after the run)`;
    case 'field-changed':
      return `certificate field ${problem.field}: changed since it was sealed`;
    default:
      return problem.detail;
  }
}

/** Reads certificate.json (and certificate.sig) of a report folder and checks every file and field against the seal. */
export async function checkSeal(dir: string, publicKey?: KeyObject): Promise<SealCheck> {
  const path = join(dir, CERTIFICATE_JSON);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ReportError('certificate-unreadable', `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ReportError('certificate-malformed', `${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const checked = checkCertificate(parsed);
  if (!checked.ok) throw new ReportError('certificate-malformed', `${path} is not a certificate this version can read: ${formatIssues(checked.issues)}`);
  const certificate = checked.value;
  const integrity = certificate.integrity;
  if (integrity === null)
    return {
      certificate,
      problems: [{ kind: 'not-sealed', detail: `${CERTIFICATE_JSON} carries no seal (integrity is null): nothing to check it against` }],
      signed: false,
    };

  const problems: SealProblem[] = [];
  const fields = fieldDigests(certificate);
  for (const [field, digest] of Object.entries(integrity.fields)) if (fields[field] !== digest) problems.push({ kind: 'field-changed', field });
  for (const field of Object.keys(fields)) if (integrity.fields[field] === undefined) problems.push({ kind: 'field-changed', field });
  const open = { ...integrity, digest: UNSET };
  // A changed field is named above; a mismatch with every field intact means the seal itself was edited.
  if (problems.length === 0 && canonicalDigest(certificate, open) !== integrity.digest) {
    problems.push({ kind: 'digest-mismatch', detail: `${CERTIFICATE_JSON}: its digest is not the digest of its content (its seal, integrity, was edited)` });
  }

  const present = new Set(await folderFiles(dir));
  for (const entry of integrity.files) {
    if (!present.has(entry.path)) {
      problems.push({ kind: 'file-missing', path: entry.path });
      continue;
    }
    present.delete(entry.path);
    const bytes = await readFile(join(dir, entry.path));
    if (bytes.length !== entry.bytes || sha256(bytes) !== entry.sha256) problems.push({ kind: 'file-changed', path: entry.path });
  }
  for (const extra of present) problems.push({ kind: 'file-unlisted', path: extra });

  const signed = await checkSignature(dir, text, integrity, publicKey, problems);
  return { certificate, problems, signed };
}

async function checkSignature(dir: string, text: string, integrity: Integrity, publicKey: KeyObject | undefined, problems: SealProblem[]): Promise<boolean> {
  const signaturePath = join(dir, SIGNATURE_FILE);
  const exists = await stat(signaturePath).then(
    () => true,
    () => false,
  );
  if (integrity.signature === null) {
    if (publicKey !== undefined)
      problems.push({ kind: 'signature-missing', detail: `the certificate is not signed, but a public key was given to check its signature with` });
    else if (exists) problems.push({ kind: 'signature-unexpected', detail: `${SIGNATURE_FILE}: a signature beside a certificate that says it is unsigned` });
    return false;
  }
  if (!exists) {
    problems.push({
      kind: 'signature-missing',
      detail: `${SIGNATURE_FILE}: missing (the certificate says it was signed by key ${integrity.signature.publicKey})`,
    });
    return false;
  }
  if (publicKey === undefined) return false;
  if (keyFingerprint(publicKey) !== integrity.signature.publicKey) {
    problems.push({
      kind: 'key-mismatch',
      detail: `the certificate was signed by key ${integrity.signature.publicKey}, not by the one given (${keyFingerprint(publicKey)})`,
    });
  }
  const signature = Buffer.from((await readFile(signaturePath, 'utf8')).trim(), 'base64');
  const valid = verify(null, Buffer.from(text, 'utf8'), publicKey, signature);
  if (!valid)
    problems.push({
      kind: 'signature-invalid',
      detail: `${SIGNATURE_FILE}: the signature does not verify with the key given: ${CERTIFICATE_JSON} was changed, or another key signed it`,
    });
  return valid;
}
