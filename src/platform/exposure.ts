/**
 * Serving off loopback only on purpose: a non-loopback address needs an explicit flag, and then
 * every server it exposes must demand authentication. Pure checks, run before anything binds
 * (docs/decisions/0027).
 */
import { isIP } from 'node:net';

/** True for 127.0.0.0/8, ::1, ::ffff:127.x.y.z and "localhost". */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice('::ffff:'.length) : bare;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** What a server exposed off loopback lacks, or null: e.g. "the control channel has no token". */
export interface Guard {
  readonly server: string;
  readonly missing: string | null;
}

/**
 * Why the servers cannot be started on `host`, or null. Off loopback: refused without
 * `allowRemote`, and refused when a guard names something missing.
 */
export function exposureProblem(host: string, allowRemote: boolean, guards: readonly Guard[]): string | null {
  if (isLoopback(host)) return null;
  if (!allowRemote) {
    return `--host ${host} is not a loopback address: it would serve other machines. Pass --allow-remote to do so on purpose (every server then needs authentication), or bind 127.0.0.1`;
  }
  const missing = guards.flatMap((g) => (g.missing === null ? [] : [`${g.server}: ${g.missing}`]));
  return missing.length === 0 ? null : `--allow-remote on ${host} needs authentication on every server it exposes; missing: ${missing.join('; ')}`;
}
