#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx registers its loader, then the command takes over.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');

// A first SIGINT or SIGTERM asks the command to stop and write what it has (a CI cancel, Ctrl-C);
// a second one does not wait for that.
const stop = new AbortController();
const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
for (const [name, number] of Object.entries(SIGNALS)) {
  process.on(name, () => {
    if (stop.signal.aborted) process.exit(128 + number);
    stop.abort(name);
  });
}
const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: stop.signal });
// A command that judged and reported ends here: neither a left-behind run (Cucumber cannot be
// stopped from outside) nor an adapter module that leaves timers running may keep the process alive.
// (simulate and adapter serve return only once they are done serving.)
if (stop.signal.aborted || ['certify', 'verify', 'merge'].includes(process.argv[2] ?? '')) process.exit(code);
process.exitCode = code;
