/** Runs this checkout's switchboard as a user would: a child process, from their own folder. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../certify/support/certify-run.ts';

export interface Finished {
  readonly code: number | null;
  /** stdout and stderr, interleaved as they came. */
  readonly output: string;
}

export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Finished> {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

export function switchboardIn(cwd: string, args: readonly string[]): Promise<Finished> {
  return run(process.execPath, [join(ROOT, 'bin/switchboard.mjs'), ...args], cwd);
}
