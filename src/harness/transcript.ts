/**
 * The normalized transcript of one scenario: what each desktop asked, what it got back and which
 * events it heard, as text lines that two runs of the same adapter reproduce exactly. It is the
 * evidence a certificate carries for every scenario (docs/decisions/0012).
 *
 * Normalized means:
 * - no times: the trace's `at` is dropped, ISO timestamps in text become `<time>`;
 * - no ports: `127.0.0.1:40117`, `localhost:7010`, `[::1]:…` become `127.0.0.1:<port>`, … so a
 *   run on other ports (each scenario has a simulator of its own, HTTP faces pick free ports)
 *   reads the same; random UUIDs (the event service's per-session paths) become `<uuid>`;
 * - no secrets: any property whose name contains "password" reads `***`;
 * - one section per desktop, in the order desktops first made a request: its requests and
 *   outcomes in order, then the events it heard in order. Each of those sequences is fixed by the
 *   scenario and the adapter; how they interleave with each other (an HTTP adapter's event POST
 *   racing the answer to the request that caused it, two desktops hearing one call) is timing,
 *   which decision 0006 already tolerates, so it is not part of the evidence;
 * - what the switch did (`switch` entries) is left out: it is the simulator's story, not the
 *   adapter's, and the checks already judged it.
 * Call ids are kept as the simulator issued them: it numbers them per scenario, deterministically.
 *
 * Line forms (JSON with sorted keys):
 *   `CSR@8808 > SubscribeForEvents {"DN":"8808"}`        a request and its page
 *   `CSR@8808 < SubscribeForEvents {"ok":true}`          its outcome (or `{"threw":"…"}`)
 *   `CSR@8808 <- 8808 {"pyCallId":"C1",…}`               an event delivered for DN 8808
 *   `CSR@8808 <- 8808 {…} !! pyANI: Expected string`     …that broke Pega's event schema
 */
import type { TraceEntry } from './trace.ts';

export type Transcript = readonly string[];

const SECRET_KEY = /password/i;
const LOOPBACK_PORT = /(\b127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\blocalhost|\b0\.0\.0\.0|\[[0-9a-f:]*\]):\d{1,5}\b/gi;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?\b/g;

/** Text without what changes from run to run on the same machine: loopback ports, UUIDs, timestamps. */
export function normalizeText(text: string): string {
  return text.replace(LOOPBACK_PORT, '$1:<port>').replace(UUID, '<uuid>').replace(ISO_TIME, '<time>');
}

function normalizeValue(value: unknown): unknown {
  if (typeof value === 'string') return normalizeText(value);
  if (Array.isArray(value)) return value.map(normalizeValue);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    out[key] = SECRET_KEY.test(key) && item !== undefined ? '***' : normalizeValue(item);
  }
  return out;
}

/** JSON text with sorted keys, normalized strings and redacted secrets. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalizeValue(value)) ?? 'undefined';
}

interface Section {
  readonly desktop: string;
  /** Index in the trace of the desktop's first request; Infinity when it made none. */
  firstRequest: number;
  readonly exchanges: string[];
  readonly heard: string[];
}

/** The normalized transcript of a scenario's trace. Pure: the same entries give the same lines. */
export function transcriptOf(entries: readonly TraceEntry[]): Transcript {
  const sections = new Map<string, Section>();
  const section = (desktop: string): Section => {
    let found = sections.get(desktop);
    if (found === undefined) {
      found = { desktop, firstRequest: Number.POSITIVE_INFINITY, exchanges: [], heard: [] };
      sections.set(desktop, found);
    }
    return found;
  };
  const who = (desktop: string): string => normalizeText(desktop);
  entries.forEach((entry, index) => {
    switch (entry.kind) {
      case 'request': {
        const s = section(entry.desktop);
        if (s.firstRequest === Number.POSITIVE_INFINITY) s.firstRequest = index;
        s.exchanges.push(`${who(entry.desktop)} > ${entry.activity} ${canonicalJson(entry.page)}`);
        break;
      }
      case 'outcome':
        section(entry.desktop).exchanges.push(`${who(entry.desktop)} < ${entry.activity} ${canonicalJson(entry.result)}`);
        break;
      case 'delivered': {
        const issues = entry.issues.length === 0 ? '' : ` !! ${normalizeText(entry.issues.map((i) => `${i.path}: ${i.message}`).join('; '))}`;
        section(entry.desktop).heard.push(`${who(entry.desktop)} <- ${normalizeText(entry.DN || '(no DN)')} ${canonicalJson(entry.event)}${issues}`);
        break;
      }
      case 'switch':
        break;
    }
  });
  const ordered = [...sections.values()].sort((a, b) => a.firstRequest - b.firstRequest || (a.desktop < b.desktop ? -1 : a.desktop > b.desktop ? 1 : 0));
  return ordered.flatMap((s) => [...s.exchanges, ...s.heard]);
}
