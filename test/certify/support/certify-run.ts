/** Runs `switchboard certify` in process, as the CLI would, capturing its output and its certificate. */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../../src/cli/main.ts';
import { assertCertificate } from '../../../src/report/certificate-schema.ts';

export const ROOT = new URL('../../../', import.meta.url).pathname;

export function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

export async function certify(...args: string[]): Promise<{ code: number; stdout: string; stderr: string; out: string }> {
  const out = await mkdtemp(join(tmpdir(), 'switchboard-certify-'));
  const stdout = capture();
  const stderr = capture();
  const code = await main(['certify', '--out', out, ...args], { stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: ROOT });
  return { code, stdout: stdout.text(), stderr: stderr.text(), out };
}

export async function certificateIn(out: string) {
  return assertCertificate(JSON.parse(await readFile(join(out, 'certificate.json'), 'utf8')));
}

