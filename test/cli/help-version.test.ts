/**
 * `--help`/`-h` and `--version`/`-V` answer on every command (exit 0, on stdout) before its flags are
 * checked; usage errors point at the command's own help.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { COMMAND_USAGE, COMMANDS, USAGE } from '../../src/cli/usage.ts';
import { capture, ROOT } from '../certify/support/certify-run.ts';

async function switchboard(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(argv, { stdout: stdout.stream, stderr: stderr.stream, env: {}, cwd: ROOT });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const VERSION = (JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The first line of a command's usage: `  switchboard certify --adapter …`. */
function synopsis(command: (typeof COMMANDS)[number]): string {
  return COMMAND_USAGE[command].split('\n')[0] ?? '';
}

describe('--help on every command', () => {
  for (const command of COMMANDS) {
    for (const flag of ['--help', '-h']) {
      it(`${command} ${flag} prints ${command}'s usage and exits 0`, async () => {
        // After other flags, and with flags that would otherwise be refused: help answers first.
        const run = await switchboard(...command.split(' '), '--out', 'x', flag, '--no-such-flag');
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stderr, '');
        assert.ok(run.stdout.includes(COMMAND_USAGE[command]), run.stdout);
        for (const other of COMMANDS.filter((c) => c !== command)) assert.ok(!run.stdout.includes(synopsis(other)), `${other}'s usage is not ${command}'s`);
      });
    }
  }

  it("adapter --help is adapter serve's usage; help <command> is that command's", async () => {
    assert.ok((await switchboard('adapter', '--help')).stdout.includes(COMMAND_USAGE['adapter serve']));
    const certify = await switchboard('help', 'certify');
    assert.equal(certify.code, 0);
    assert.ok(certify.stdout.includes(COMMAND_USAGE.certify) && !certify.stdout.includes(synopsis('load')));
  });

  it("help, --help and -h print every command's usage", async () => {
    for (const flag of ['help', '--help', '-h']) {
      const run = await switchboard(flag);
      assert.equal(run.code, 0);
      assert.equal(run.stdout, `${USAGE}\n`);
    }
    for (const command of COMMANDS) assert.ok(USAGE.includes(COMMAND_USAGE[command]), command);
  });

  it('help for a command that does not exist is a usage error', async () => {
    const run = await switchboard('help', 'certfy');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /help "certfy": expected one of certify, merge/);
  });

  it("a usage error names the command's own help", async () => {
    const certify = await switchboard('certify', '--no-such-flag');
    assert.equal(certify.code, 2);
    assert.match(certify.stderr, /Unknown option '--no-such-flag'\nRun `switchboard certify --help` for usage\.\n$/);
    assert.match((await switchboard('adapter', 'serve', '--bogus')).stderr, /Run `switchboard adapter serve --help` for usage/);
    assert.match((await switchboard('nope')).stderr, /unknown command "nope".*\nRun `switchboard help` for usage/);
  });

  it('a value that looks like -h is not a request for help', async () => {
    const run = await switchboard('certify', '--adapter', 'reference', '--mode', 'simple', '--name=-h', '--no-such-flag');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Unknown option '--no-such-flag'/);
  });
});

describe('--version', () => {
  for (const argv of [
    ['--version'],
    ['-V'],
    ['certify', '--version'],
    ['load', '-V'],
    ['adapter', 'serve', '--version'],
    ['adapter', '-V'],
    ['verify', '-V'],
  ]) {
    it(`${argv.join(' ')} prints the version and exits 0`, async () => {
      const run = await switchboard(...argv);
      assert.deepEqual(run, { code: 0, stdout: `${VERSION}\n`, stderr: '' });
    });
  }

  it('the installed command answers too (bin/switchboard.mjs)', () => {
    const help = spawnSync(process.execPath, ['bin/switchboard.mjs', 'certify', '--help'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(help.status, 0, help.stderr);
    assert.ok(help.stdout.includes(COMMAND_USAGE.certify));
    const version = spawnSync(process.execPath, ['bin/switchboard.mjs', '-V'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(version.stdout, `${VERSION}\n`);
  });
});
