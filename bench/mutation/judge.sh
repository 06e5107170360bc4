#!/usr/bin/env bash
# Stryker's command runner calls this once per mutant, in its sandbox (a copy of the project whose
# src/adapter/ carries the mutants; the active one is chosen by __STRYKER_ACTIVE_MUTANT__, which
# the adapter's instrumented code reads from the environment). The judge is the conformance suite,
# not unit tests: certify the sandbox's reference adapter in full mode (every @from:simple,
# @from:agent-state and @from:full scenario; not the @only:simple / @only:agent-state mode limits)
# and a short property run.
#   certify exit 0 (conformant) or 3 (incomplete: the short property run) -> exit 0: the mutant SURVIVED
#   certify exit 1 (not conformant)                                        -> exit 1: KILLED
#   certify exit 2 (lab error, e.g. the mutant breaks the adapter at load) -> exit 1: KILLED, said on stderr
# Fail fast: the first scenario certify reports as not passed (an F on its progress line) already
# makes the verdict not conformant, so the run is stopped there and the mutant counted KILLED,
# instead of waiting out every failing scenario's deadlines.
# Knobs (environment): MUTATE_MODE (full), MUTATE_RUNS (200 sequences), MUTATE_SEED (1: the same
# property sequences for every mutant), MUTATE_QUIET_MS (50: the quiet window of the absence checks;
# certify's 150 ms default is half a surviving mutant's time; a shorter window can only let a
# mutant survive, lowering the score, never kill one wrongly), MUTATE_ARGS (more certify flags, e.g. "--dialect ami" for
# src/adapter/link/ami/), MUTATE_FAIL_FAST (1; 0 waits for certify's own exit code).
set -u -m
out=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-mutant.XXXXXX")
log="$out/console.txt"
# shellcheck disable=SC2086 # MUTATE_ARGS is a list of flags
node bin/switchboard.mjs certify --adapter reference --mode "${MUTATE_MODE:-full}" \
  --runs "${MUTATE_RUNS:-200}" --max-time-ms 20000 --seed "${MUTATE_SEED:-1}" --quiet-ms "${MUTATE_QUIET_MS:-50}" \
  --out "$out" ${MUTATE_ARGS:-} >"$log" 2>&1 &
pid=$!
# Stryker ends a timed-out judge with a signal: take certify (its own process group) along.
trap 'kill -KILL -- -"$pid" 2>/dev/null; rm -rf "$out"; exit 1' INT TERM
if [ "${MUTATE_FAIL_FAST:-1}" = 1 ]; then
  while kill -0 "$pid" 2>/dev/null; do
    if grep -qE '^[.F]*F[.F]*$' "$log" 2>/dev/null; then
      kill -KILL -- -"$pid" 2>/dev/null
      wait "$pid" 2>/dev/null
      echo "a scenario failed: killed (certify stopped at the first failing scenario)" >&2
      rm -rf "$out"
      exit 1
    fi
    sleep 0.5
  done
fi
wait "$pid"
code=$?
case "$code" in
  0 | 3) rm -rf "$out"; exit 0 ;;
  1) grep -E '^(scenarios|requirements|properties) ' "$log" >&2; rm -rf "$out"; exit 1 ;;
  *) echo "certify exit $code (lab error): counted as killed; console in $log" >&2; exit 1 ;;
esac
