/**
 * A failing scenario or counterexample drawn as an SVG sequence diagram for analysts: the switch,
 * the adapter and each desktop as lifelines; what the switch did, each request and its outcome, each
 * event the adapter delivered, in order, with its time; and, last, in red, what was expected and did
 * not come (the step that failed and why). Pure: a trace in, SVG text out.
 */

/** What the diagram reads of a trace entry (src/harness/trace.ts); anything else is left out. */
interface Entry {
  readonly kind: string;
  readonly at?: unknown;
  readonly desktop?: unknown;
  readonly activity?: unknown;
  readonly page?: unknown;
  readonly result?: unknown;
  readonly DN?: unknown;
  readonly event?: unknown;
  readonly issues?: unknown;
}

export interface Expectation {
  /** The step that failed (`Then the desktop gets …`). */
  readonly step: string;
  readonly message: string;
}

interface Arrow {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly at: string;
  readonly bad: boolean;
}

const SWITCH = 'switch (simulator)';
const ADAPTER = 'adapter';
const COLUMN = 230;
const ROW = 26;
const TOP = 70;
const LEFT = 90;
const LONGEST_LABEL = 48;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function clip(text: string, length = LONGEST_LABEL): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
}

function arrowOf(entry: Entry): Arrow | undefined {
  const at = typeof entry.at === 'number' ? `${entry.at.toFixed(1)} ms` : '';
  const desktop = text(entry.desktop);
  switch (entry.kind) {
    case 'switch': {
      const event = record(entry.event);
      const about = [event['callId'], event['alertingDevice'] ?? event['answeringDevice'] ?? event['device'] ?? event['agent']]
        .filter((v) => v !== undefined)
        .map(text)
        .join(' ');
      return { from: SWITCH, to: ADAPTER, label: `${text(event['name'] ?? event['kind'])} ${about}`.trim(), at, bad: false };
    }
    case 'request': {
      const page = Object.entries(record(entry.page))
        .map(([k, v]) => `${k}=${text(v)}`)
        .join(' ');
      return { from: desktop, to: ADAPTER, label: `${text(entry.activity)} ${page}`.trim(), at, bad: false };
    }
    case 'outcome': {
      const result = record(entry.result);
      const ok = result['ok'] === true;
      const label = ok ? 'ok' : result['threw'] !== undefined ? `threw ${text(result['threw'])}` : text(result['errCode']);
      return { from: ADAPTER, to: desktop, label: `${text(entry.activity)} → ${label}`, at, bad: !ok };
    }
    case 'delivered': {
      const event = record(entry.event);
      const broken = Array.isArray(entry.issues) && entry.issues.length > 0;
      return {
        from: ADAPTER,
        to: desktop,
        label: `${text(event['pyEventName'] ?? event['pyEventType'])} ${text(event['pyCallId'])} (${text(entry.DN)})${broken ? ' !! schema' : ''}`.trim(),
        at,
        bad: broken,
      };
    }
    default:
      return undefined;
  }
}

/** The diagram of a trace (an array of trace entries), with what was expected and missing drawn last. */
export function renderSequenceDiagram(trace: unknown, title: string, expected: Expectation | null): string {
  const entries = (Array.isArray(trace) ? trace : []).filter((e): e is Entry => typeof e === 'object' && e !== null && typeof (e as Entry).kind === 'string');
  const arrows = entries.flatMap((e) => arrowOf(e) ?? []);
  const desktops = [...new Set(arrows.flatMap((a) => [a.from, a.to]).filter((p) => p !== SWITCH && p !== ADAPTER))];
  const lifelines = [SWITCH, ADAPTER, ...desktops];
  const x = (name: string): number => LEFT + COLUMN * Math.max(0, lifelines.indexOf(name)) + COLUMN / 2;
  const rows = arrows.length + (expected === null ? 0 : 2);
  // Wide enough for the expectation's text, however few lifelines there are.
  const width = Math.max(760, LEFT + COLUMN * lifelines.length + 20);
  const height = TOP + ROW * (rows + 1) + 20;
  const bottom = TOP + ROW * (arrows.length + 1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escape(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="context-stroke"/></marker></defs>',
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="10" y="22" font-size="14" font-weight="bold">${escape(clip(title, 120))}</text>`,
  ];
  for (const name of lifelines) {
    const cx = x(name);
    parts.push(
      `<rect x="${cx - 95}" y="34" width="190" height="24" rx="4" fill="#eef" stroke="#446"/>`,
      `<text x="${cx}" y="50" text-anchor="middle">${escape(clip(name, 28))}</text>`,
      `<line x1="${cx}" y1="58" x2="${cx}" y2="${bottom}" stroke="#99a" stroke-dasharray="4 3"/>`,
    );
  }
  arrows.forEach((arrow, i) => {
    const y = TOP + ROW * (i + 1);
    const colour = arrow.bad ? '#c00' : '#223';
    parts.push(
      `<text x="8" y="${y + 4}" fill="#777" font-size="10">${escape(arrow.at)}</text>`,
      `<line x1="${x(arrow.from)}" y1="${y}" x2="${x(arrow.to)}" y2="${y}" stroke="${colour}" stroke-width="1.4" marker-end="url(#arrow)"/>`,
      `<text x="${(x(arrow.from) + x(arrow.to)) / 2}" y="${y - 5}" text-anchor="middle" fill="${colour}">${escape(clip(arrow.label))}</text>`,
    );
  });
  if (expected !== null) {
    const y = bottom + 6;
    const first = expected.message.split('\n')[0] ?? '';
    // About 6.5 px a character at 12 px: what fits the box.
    const fits = Math.max(40, Math.floor((width - LEFT - 40) / 6.5));
    parts.push(
      `<rect x="${LEFT}" y="${y}" width="${width - LEFT - 20}" height="${ROW * 2 - 8}" fill="#fee" stroke="#c00" stroke-dasharray="6 3"/>`,
      `<text x="${LEFT + 8}" y="${y + 16}" fill="#c00" font-weight="bold">✘ expected, missing: ${escape(clip(expected.step, fits - 22))}</text>`,
      `<text x="${LEFT + 8}" y="${y + 32}" fill="#c00">${escape(clip(first, fits))}</text>`,
    );
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
