/** The help text and the usage error: everything the CLI says about how to call it. */

/** The commands `switchboard help <command>` and `<command> --help` describe. */
export const COMMANDS = ['certify', 'merge', 'verify', 'keygen', 'simulate', 'load', 'adapter serve', 'init'] as const;
export type CommandName = (typeof COMMANDS)[number];

const HEADER = 'switchboard — conformance lab for Pega Call OpenCTI CTI adapters';

/** Each command's own usage: what `switchboard <command> --help` prints. */
export const COMMAND_USAGE: Readonly<Record<CommandName, string>> = {
  certify: `  switchboard certify --adapter <spec> --mode <mode> [options]
      Certify an adapter against the embedded CTI-server simulator and write reports.
      --adapter <spec>     reference | module:<path to a JS/TS module exporting createAdapter>
                           | http:<url of an adapter serving the HTTP Pega face>
                           | cmd:<command line that starts one, serving on $SWITCHBOARD_PORT>
                           | image:<local Docker image of one, run with host networking>
      --mode <mode>        simple | agent-state | full  (the telephony mode the adapter claims)
      --dialect <d>        json | ami | csta-xml: the CTI protocol the simulator speaks (default: json,
                           over WebSocket; ami: Asterisk AMI over TCP, an ami:// URL). What a dialect
                           cannot express is left out and not judged (docs/dialects/)
      --out <dir>          where reports go (default: reports)
      --name <regex>       only run scenarios whose name matches (to replay a failure)
      --deadline-ms <n>    how long an expected event may take (default: 2000)
      --quiet-ms <n>       silence that ends "nothing more arrives" checks (default: 150)
      --log-file <path>    write adapter and simulator logs (pino JSON) there
      --wire-log           write wire.jsonl into --out: every CTI frame of every scenario, both ways,
                           one JSON line each, credentials as *** (cut at 50 MB; not the property run)
      --start-timeout-ms <n>  how long a cmd: or image: adapter may take to answer GET /health (default: 15000)
      After the scenarios, a property run plays generated sequences of requests, switch events and
      link faults in random interleavings and checks the OCTI-PROP-* invariants (src/properties/):
      --seed <n>           the property run's seed (default: a fresh one, printed and recorded)
      --time-budget-ms <n> explore at least this long (default: 10000), and on until 1000 sequences,
                           the fewest that judge the invariants (with every link fault applied)
      --max-time-ms <n>    but never longer than this (default: 600000)
      --runs <n>           stop after this many sequences (default: none, the time budget decides);
                           fewer than 1000 leave the invariants not judged (verdict incomplete)
      --max-commands <n>   the longest sequence (default: 20)
      --path <path>        replay one counterexample of --seed (the certificate gives the command)
      --repeat <n>         n property runs, seeds --seed, --seed+1, …: how many failed, per invariant
      --no-properties      skip the property run (a quick scenarios-only run)
      --no-scenarios       skip the scenarios (only the property run; what a replay uses)
      --sign-key <file>    sign the sealed certificate with this Ed25519 private key (switchboard keygen);
                           default $SWITCHBOARD_SIGN_KEY (the key's PEM text), else unsigned
      --shard <i>/<n>      run slice i of n (CI spreads a suite over n jobs): the selected scenarios
                           dealt round-robin in file order; the property run goes whole to shard n.
                           A shard's own verdict is incomplete (exit 3) unless something failed in
                           it; the whole run's verdict comes from merge
      Exit: 0 conformant, 1 not conformant, 3 incomplete, 2 error (see below).`,
  merge: `  switchboard merge <shard folder>... --out <dir> [--sign-key <file>]
      Merge the report folders of every shard of one certify --shard run into the reports and
      certificate a single run would have written (cucumber.ndjson, cucumber.html, junit.xml,
      certificate.json/.md, transcripts.json). Refused (exit 2) unless the folders are all n shards
      of one run: same suite, adapter, mode and settings, each index once.
      Exit: the merged run's verdict, as for certify.`,
  verify: `  switchboard verify --offline <report folder | certificate.json> [--public-key <file>]
      Check, without running anything, that every report file and certificate field is as the
      certificate sealed it, and its signature (with --public-key). Exit 0 sealed, 1 not.
  switchboard verify <certificate.json> [--out <dir>] [--log-file <path>] [--start-timeout-ms <n>] [--public-key <file>]
      Re-run the certification a certificate describes (same adapter, mode, scenarios) and compare
      each scenario's verdict and transcript with it. Refused (exit 2) when the features or the
      adapter's identity changed since. The re-run's reports go to --out (default: a temporary folder,
      kept only when something differs).
      Exit: 0 everything matches (--offline: sealed), 1 something differs (not sealed), 2 cannot be verified.`,
  keygen: `  switchboard keygen [--out <dir>]
      Make an Ed25519 key pair to sign certificates with: <dir>/switchboard-signing.key (secret, mode
      0600) and <dir>/switchboard-signing.pub. Never overwrites a key.`,
  simulate: `  switchboard simulate --script <file> [--host <addr>] [--port <n>] [--exit-when-done]
                       [--control-port <n>] [--control-token <token>]
                       [--allow-remote] [--tls-key <file> --tls-cert <file>]
      Run the CTI-server simulator standalone on loopback and play a scenario script.
      --control-port <n>   also serve the control API over HTTP on that port of --host (0: a free
                           one): POST /control/<verb>, GET /control/truth, GET /control/events, …
                           (simulator/README.md, "Control over the network")
      --control-token <t>  the bearer token it requires (16-256 visible characters); default
                           $SWITCHBOARD_CONTROL_TOKEN, else a random one printed once at start
      --allow-remote       needed to bind a non-loopback --host; then the CTI credentials must come
                           from $SWITCHBOARD_CTI_USER and $SWITCHBOARD_CTI_PASSWORD (not the
                           defaults) and the control token must be given, or nothing starts
      --tls-key, --tls-cert  serve wss:// and https:// with this PEM key and certificate
      --dialect <d>        json (default, ws://) | ami (Asterisk AMI over TCP, ami://)`,
  load: `  switchboard load [--agents <n>] [--rate <calls/s>] [--duration <30s>] [options]
      Run a contact centre's traffic through the adapter (one desktop per extension) and check
      every screen pop arrives exactly once and every request gets its one outcome. Live progress
      each second; summary in <out>/load-summary.json, load-summary.md, load-latency.svg.
      --agents <n>         agents logged in, one extension each (default: 50)
      --queues <n>         queues the agents are spread over (default: one per 25 agents)
      --rate <n>           Poisson call arrivals per second (default: 5)
      --duration <d>       how long calls arrive: 30, 30s, 1500ms, 2m (default: 30s)
      --hold-mean-ms <n>   mean holding time (default: 4000); --hold-dist exponential | lognormal
      --acw-ms <n>         mean after-call work, exponential (default: 1000); --ring-ms <n> (default: 100)
      --seed <n>           replay the same traffic (default: a fresh seed, printed and recorded)
      --adapter <spec>     as for certify (default: reference); --mode simple | agent-state | full (default: simple)
      --dialect <d>        as for certify (default: json)
      --out <dir>          where the summary goes (default: reports); --drain-ms <n> (default: 10000)
      --quiet-ms <n>       as for certify; --log-file <path> keeps the adapter's and simulator's logs
      Exit: 0 every notification and request accounted for, 1 not, 2 usage or setup error.`,
  'adapter serve': `  switchboard adapter serve [--host <addr>] [--port <n>] [--allow-remote] [--face-token <t>]
                            [--tls-key <file> --tls-cert <file>]
      Serve the reference adapter behind the HTTP Pega face (docs/pega-face.md); the port defaults
      to $SWITCHBOARD_PORT, then 7010; the address to $SWITCHBOARD_HOST, then 127.0.0.1.
      --allow-remote       needed to bind a non-loopback address; then a face token is required
      --face-token <t>     every request must carry Authorization: Bearer <t> (default
                           $SWITCHBOARD_FACE_TOKEN; none on loopback)
      --tls-key, --tls-cert  serve https:// with this PEM key and certificate`,
  init: `  switchboard init <dir> [--lang ts|python|java]
      Scaffold an adapter project in <dir> (new or empty) wired to certify: a README saying what to
      implement first, a starter adapter whose every activity answers "not implemented yet" with
      what to build, and certify.sh, which certifies it at once (and fails, saying so).
      --lang <lang>        ts (default: a module: adapter), python or java (an HTTP Pega face
                           started by cmd:)`,
};

const COMMON = `Every command: --help, -h (its usage), --version, -V (the version).`;

const VERDICTS = `Verdicts and exit codes (certify, merge): 0 conformant (every requirement of the mode judged with full
evidence, all passed), 1 not conformant (at least one failed), 3 incomplete (nothing failed, something
was not judged: --no-properties, --name, --shard, a too small property run, a blocked requirement),
2 error (usage or setup, or the lab itself failed: reports of what ran are still written).
Other commands: 0 done (verify: everything matches), 1 not (verify: something differs), 2 usage or
setup error.`;

export const USAGE = `${HEADER}

Usage:
${COMMANDS.map((command) => COMMAND_USAGE[command]).join('\n')}
  switchboard help [<command>] | --help | -h
  switchboard --version | -V

${COMMON}

${VERDICTS}`;

/** What `switchboard <command> --help` prints: the command's own usage and where the rest is. */
export function commandUsage(command: CommandName): string {
  return `${HEADER}

Usage:
${COMMAND_USAGE[command]}

${COMMON} \`switchboard help\` describes every command.${command === 'certify' || command === 'merge' ? `\n\n${VERDICTS}` : ''}`;
}

export function isCommandName(value: string): value is CommandName {
  return (COMMANDS as readonly string[]).includes(value);
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
