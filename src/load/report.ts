/**
 * What a load run leaves in the report folder: the summary as JSON (for machines), as a Markdown
 * table (for people), and the latency histogram as an SVG picture, drawn by hand.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Histogram, LatencySummary } from './latency.ts';
import type { OnceCounts } from './ledger-counts.ts';
import type { LoadResult } from './load-types.ts';

export const LOAD_SUMMARY_JSON = 'load-summary.json';
export const LOAD_SUMMARY_MD = 'load-summary.md';
export const LOAD_HISTOGRAM_SVG = 'load-latency.svg';

export async function writeLoadReports(result: LoadResult, replayCommand: string): Promise<readonly string[]> {
  const dir = result.config.outDir;
  await mkdir(dir, { recursive: true });
  const files = [join(dir, LOAD_SUMMARY_JSON), join(dir, LOAD_SUMMARY_MD), join(dir, LOAD_HISTOGRAM_SVG)] as const;
  await writeFile(files[0], `${JSON.stringify(summaryJson(result, replayCommand), null, 2)}\n`);
  await writeFile(files[1], summaryMarkdown(result, replayCommand));
  await writeFile(
    files[2],
    histogramSvg(
      result.histogram,
      result.latencyMs,
      `event-to-notification latency — ${result.config.agents} agents, ${result.config.rate} calls/s, seed ${result.config.seed}`,
    ),
  );
  return files;
}

export function summaryJson(result: LoadResult, replayCommand: string): object {
  const { config } = result;
  return {
    kind: 'switchboard-load-summary',
    version: 1,
    verdict: result.verdict,
    replay: replayCommand,
    seed: config.seed,
    startedAt: result.startedAt,
    wallMs: Math.round(result.wallMs),
    adapter: result.adapter,
    config: { ...config, outDir: undefined },
    utilisation: round(result.utilisation, 3),
    drain: result.drain,
    counts: result.counts,
    latencyMs: roundAll(result.latencyMs),
    eventsPerSecond: { mean: round(result.eventsPerSecond.mean, 1), peak: round(result.eventsPerSecond.peak, 1) },
    histogram: { edgesMs: result.histogram.edges.map((e) => round(e, 4)), counts: result.histogram.counts },
  };
}

export function summaryMarkdown(result: LoadResult, replayCommand: string): string {
  const { config, counts } = result;
  const d = counts.desktop;
  const row = (what: string, c: OnceCounts): string => `| ${what} | ${c.expected} | ${c.once} | ${c.duplicated} | ${c.lost} | ${c.unexpected} |`;
  const lines = [
    `# Load run: ${result.verdict.kind === 'correct' ? 'correct' : 'INCORRECT'}`,
    '',
    `Adapter \`${result.adapter.spec}\`, mode \`${config.mode}\`, seed ${config.seed}, started ${result.startedAt}, ${(result.wallMs / 1000).toFixed(1)} s wall.`,
    '',
    `Replay: \`${replayCommand}\``,
    '',
    ...(result.verdict.kind === 'incorrect' ? ['## Problems', '', ...result.verdict.problems.map((p) => `- ${p}`), ''] : []),
    '## Traffic',
    '',
    '| setting | value |',
    '|---|---|',
    `| agents / queues | ${config.agents} / ${config.queues} |`,
    `| arrivals | Poisson, ${config.rate} calls/s for ${config.durationMs / 1000} s |`,
    `| holding time | ${config.holdDistribution}, mean ${config.holdMeanMs} ms |`,
    `| after-call work | exponential, mean ${config.acwMeanMs} ms |`,
    `| ring before answer | ${config.ringMs} ms |`,
    `| offered load per agent | ${result.utilisation.toFixed(2)} |`,
    '',
    '## Calls',
    '',
    "| offered | of which call waiting | answered | completed | switch refusals of the load's own verbs |",
    '|---|---|---|---|---|',
    `| ${counts.callsOffered} | ${counts.callsWaiting} | ${counts.callsAnswered} | ${counts.callsCompleted} | ${counts.switchRefusals} |`,
    '',
    "## Notifications (the switch's truth against what the desktops were handed)",
    '',
    '| notification | owed | exactly once | more than once | lost | never owed |',
    '|---|---|---|---|---|---|',
    row('screen pop (Offering)', d.pops),
    row('answer (Established)', d.answers),
    row('call end (Disconnected/Abandoned)', d.ends),
    row('agent-state events', d.agentEvents),
    '',
    `Events delivered: ${d.eventsDelivered}; not matching Pega's schema: ${d.schemaViolations}. Drain: ${result.drain}.`,
    '',
    '## Requests',
    '',
    '| sent | with their one outcome | succeeded | refused | broken | without outcome |',
    '|---|---|---|---|---|---|',
    `| ${d.requests.sent} | ${d.requests.withOneOutcome} | ${d.requests.succeeded} | ${d.requests.refused} | ${d.requests.broken} | ${d.requests.pending} |`,
    '',
    '## Throughput and latency',
    '',
    '| events/s (mean) | events/s (peak second) | latency p50 | p90 | p99 | max | samples |',
    '|---|---|---|---|---|---|---|',
    `| ${result.eventsPerSecond.mean.toFixed(0)} | ${result.eventsPerSecond.peak.toFixed(0)} | ${ms(result.latencyMs.p50)} | ${ms(result.latencyMs.p90)} | ${ms(result.latencyMs.p99)} | ${ms(result.latencyMs.max)} | ${result.latencyMs.count} |`,
    '',
    `Latency is from the switch's event to the desktop's notification, in process. Histogram: [${LOAD_HISTOGRAM_SVG}](${LOAD_HISTOGRAM_SVG}).`,
    '',
  ];
  return lines.join('\n');
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function roundAll(summary: LatencySummary): LatencySummary {
  return {
    count: summary.count,
    p50: round(summary.p50, 3),
    p90: round(summary.p90, 3),
    p99: round(summary.p99, 3),
    max: round(summary.max, 3),
    mean: round(summary.mean, 3),
  };
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A bar per log-scale bucket (only the populated span), with p50 and p99 marked. */
export function histogramSvg(histogram: Histogram, summary: LatencySummary, title: string): string {
  const width = 800;
  const height = 400;
  const left = 70;
  const right = 20;
  const top = 64;
  const bottom = 70;
  const { edges, counts } = histogram;
  let first = counts.findIndex((c) => c > 0);
  let last = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  if (first < 0) {
    first = 0;
    last = counts.length - 1;
  }
  first = Math.max(0, first - 1);
  last = Math.min(counts.length - 1, last + 1);
  const shown = counts.slice(first, last + 1);
  const max = Math.max(1, ...shown);
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const barW = plotW / shown.length;
  const lowEdge = (i: number): number => (i === 0 ? edges[0]! / 10 ** 0.1 : edges[i - 1]!);
  const xOfMs = (value: number): number => {
    const lo = Math.log10(lowEdge(first));
    const hi = Math.log10(edges[last]!);
    const v = Math.log10(Math.max(value, 1e-6));
    return left + Math.min(1, Math.max(0, (v - lo) / (hi - lo))) * plotW;
  };
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(title)}</text>`);
  shown.forEach((count, j) => {
    const h = (count / max) * plotH;
    const x = left + j * barW;
    const range = `${fmt(lowEdge(first + j))}–${fmt(edges[first + j]!)} ms: ${count}`;
    parts.push(
      `<rect x="${(x + 1).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${Math.max(1, barW - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="#4a7fb5"><title>${escapeXml(range)}</title></rect>`,
    );
  });
  // Axes, ticks at each decade inside the span, and the count scale.
  parts.push(`<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#333"/>`);
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#333"/>`);
  for (let decade = -3; decade <= 4; decade++) {
    const value = 10 ** decade;
    if (value < lowEdge(first) || value > edges[last]!) continue;
    const x = xOfMs(value);
    parts.push(`<line x1="${x.toFixed(1)}" y1="${top + plotH}" x2="${x.toFixed(1)}" y2="${top + plotH + 6}" stroke="#333"/>`);
    parts.push(`<text x="${x.toFixed(1)}" y="${top + plotH + 20}" text-anchor="middle">${fmt(value)} ms</text>`);
  }
  parts.push(
    `<text x="${left + plotW / 2}" y="${height - 18}" text-anchor="middle">latency (log scale), from the switch's event to the desktop's notification</text>`,
  );
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotH - fraction * plotH;
    parts.push(`<text x="${left - 8}" y="${(y + 4).toFixed(1)}" text-anchor="end">${Math.round(fraction * max)}</text>`);
  }
  parts.push(`<text x="18" y="${top + plotH / 2}" text-anchor="middle" transform="rotate(-90 18 ${top + plotH / 2})">notifications</text>`);
  for (const [label, value, colour] of [
    ['p50', summary.p50, '#2a9d3a'],
    ['p99', summary.p99, '#c0392b'],
  ] as const) {
    if (summary.count === 0) break;
    const x = xOfMs(value);
    parts.push(`<line x1="${x.toFixed(1)}" y1="${top - 12}" x2="${x.toFixed(1)}" y2="${top + plotH}" stroke="${colour}" stroke-dasharray="4 3"/>`);
    // Above the bars; p50 to the left of its line, p99 to the right, so close marks do not overlap.
    const anchor = label === 'p50' ? 'end' : 'start';
    parts.push(
      `<text x="${(label === 'p50' ? x - 4 : x + 4).toFixed(1)}" y="${top - 4}" text-anchor="${anchor}" fill="${colour}">${label} ${fmt(value)} ms</text>`,
    );
  }
  parts.push(`<text x="${width / 2}" y="40" text-anchor="middle" fill="#555">${summary.count} samples, max ${fmt(summary.max)} ms</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function fmt(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 1) return value.toFixed(1).replace(/\.0$/, '');
  return value.toPrecision(2);
}
