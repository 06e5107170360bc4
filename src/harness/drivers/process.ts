/**
 * An adapter process the harness starts (`--adapter cmd:…`): run by /bin/sh in a process group of
 * its own, its stdout and stderr written straight into a file, stopped with SIGTERM (then SIGKILL
 * after a grace period) — at the end of the run, when the run fails, and when the harness itself is
 * interrupted (Ctrl-C, SIGTERM, SIGHUP) or exits. Only the group the harness started is signalled.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface AdapterProcess {
  readonly pid: number;
  readonly command: string;
  readonly logFile: string;
  /** Settles when the process exits, for whatever reason. */
  readonly exited: Promise<ProcessExit>;
  readonly running: boolean;
  /** The last lines the process printed (stdout and stderr). */
  tail(lines?: number): Promise<string>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the group is gone. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  readonly cwd: string;
  /** Added to the harness's own environment. */
  readonly env: Readonly<Record<string, string>>;
  /** Created or truncated; receives everything the process prints. */
  readonly logFile: string;
}

const DEFAULT_GRACE_MS = 5000;
/** How often a stopping group is checked for survivors once its leader exited. */
const GROUP_POLL_MS = 20;

export function startAdapterProcess(command: string, options: StartOptions): AdapterProcess {
  const fd = openSync(options.logFile, 'w');
  let child;
  try {
    child = spawn('/bin/sh', ['-c', command], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', fd, fd], detached: true });
  } finally {
    closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start /bin/sh -c ${JSON.stringify(command)}`);
  let running = true;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
    child.once('error', () => {
      running = false;
      resolve({ code: null, signal: null });
    });
  });
  groups.add(pid);
  installGuard();

  let stopping: Promise<void> | undefined;
  return {
    pid,
    command,
    logFile: options.logFile,
    exited,
    get running() {
      return running;
    },
    tail(lines = 20) {
      return lastLines(options.logFile, lines);
    },
    stop(graceMs = DEFAULT_GRACE_MS) {
      stopping ??= (async () => {
        signalGroup(pid, 'SIGTERM');
        const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs).unref());
        const outcome = await Promise.race([exited.then(() => groupGone(pid, graceMs)), timer]);
        if (outcome === 'late' || groupAlive(pid)) signalGroup(pid, 'SIGKILL');
        await exited;
        groups.delete(pid);
        if (groups.size === 0) removeGuard();
      })();
      return stopping;
    },
  };
}

/** The last `lines` lines of a log file ('' when there is none). */
export async function lastLines(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (up to `limitMs`) for every process of the group to be gone; children may outlive the shell. */
async function groupGone(pgid: number, limitMs: number): Promise<'gone' | 'late'> {
  const deadline = performance.now() + limitMs;
  while (groupAlive(pgid)) {
    if (performance.now() >= deadline) return 'late';
    await new Promise((resolve) => setTimeout(resolve, GROUP_POLL_MS));
  }
  return 'gone';
}

// ------------------------------------------------------------------ the guard
// Signals are process-wide, so is this: while any adapter process runs, an interrupted or exiting
// harness takes the groups it started down with it.

const groups = new Set<number>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let guarded = false;

function killAll(): void {
  for (const pgid of groups) signalGroup(pgid, 'SIGTERM');
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  removeGuard();
  // Now the default action (or whoever else listens) handles it, as if we had never been here.
  process.kill(process.pid, signal);
}

function installGuard(): void {
  if (guarded) return;
  guarded = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', killAll);
}

function removeGuard(): void {
  if (!guarded) return;
  guarded = false;
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', killAll);
}
