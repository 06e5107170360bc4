/** bench/RESULTS.md read back and drawn: rows keyed across title changes, gaps for missing figures, well-formed SVG. */
import { XMLValidator } from 'fast-xml-parser';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartPoints, renderChart } from '../../bench/charts.ts';
import { keyOf, parseResults } from '../../bench/support/results.ts';

const RESULTS = `# Benchmark results

### 2026-12-02T09:00:37.331Z

- machine: AMD EPYC, 2 cores, 23.5 GiB RAM, Node v20.20.2 on linux/x64
- load average before the run: 1.34 0.96 0.81
- command: \`npm run bench\`

| benchmark | median | baseline | ratio | target | result | rounds | last round |
|---|---|---|---|---|---|---|---|
| CTI events/s, simulator → reference adapter → desktop, zero loss | 38,292 events/s | 44,817 (bare ws echo round trips/s, same payload, 64 in flight) | 0.85 | ≥ 20,000/s; ratio ≥ 0.40 | met | 5 | x |
| property sequences/s against the real simulator + adapter | – | – | – | ≥ 250/s | TODO | 0 | TODO |

### 2026-12-07T03:29:42.749Z — fuzz (hostile input)

| server | hostile sent | time |
|---|---|---|
| cti | 1,000,010 | 55.8 s |

### 2026-12-07T07:00:00.000Z

- machine: Intel(R) Xeon(R) Processor, 2 cores, 23.6 GiB RAM, Node v20.20.2 on linux/x64
- load average before the run: 24.52 19.57 10.38
- command: \`npm run bench -- --only events\`

| benchmark | median | baseline | ratio | target | result | load average | rounds | last round |
|---|---|---|---|---|---|---|---|---|
| P1 CTI events/s, simulator → reference adapter → desktop, zero loss | 34,416 events/s | 169,430 (one-way ws pump) | 0.20 | P1: ≥ 50,000/s; ratio ≥ 0.6 | **missed** | 20.19 | 1 | y |
`;

test('every bench run is read with its machine and load (the fuzz run is not one); rows keep their benchmark across a renamed title', () => {
  const runs = parseResults(RESULTS);
  assert.deepEqual(
    runs.map((r) => [r.at, r.loadBefore, r.rows.length]),
    [
      ['2026-12-02T09:00:37.331Z', 1.34, 1],
      ['2026-12-07T07:00:00.000Z', 24.52, 1],
    ],
  );
  const [old, now] = runs;
  assert.deepEqual(old!.rows[0], {
    key: 'events',
    title: 'CTI events/s, simulator → reference adapter → desktop, zero loss',
    figure: 38292,
    unit: 'events/s',
    baseline: 44817,
    baselineTitle: 'bare ws echo round trips/s, same payload, 64 in flight',
    ratio: 0.85,
    result: 'met',
    load: null,
  });
  assert.equal(now!.rows[0]!.key, 'events');
  assert.equal(now!.rows[0]!.load, 20.19);
  assert.equal(now!.rows[0]!.result, 'missed');
  assert.equal(now!.machine, 'Intel(R) Xeon(R) Processor, 2 cores, 23.6 GiB RAM, Node v20.20.2 on linux/x64');
});

test('titles old and new map to their benchmark', () => {
  assert.equal(keyOf('P6 throughput with pino at info to a file, realistic logging'), 'pino');
  assert.equal(keyOf('event-to-notification latency p99 at 50% of saturation'), 'latency');
  assert.equal(keyOf('P3 logged-in agents with monitors in one simulator process (100,000), RSS per agent'), 'agents');
  assert.equal(keyOf('| server |'), null);
});

test('a chart is well-formed SVG with a point per recorded run, each naming its machine and load', () => {
  const points = chartPoints(parseResults(RESULTS)).get('events')!;
  assert.equal(points.length, 2);
  const svg = renderChart('events', points);
  assert.equal(XMLValidator.validate(svg), true);
  // Figure and baseline in the top panel, the ratio below: three points per run.
  assert.equal(svg.match(/<circle /g)?.length, 6);
  assert.match(svg, /AMD EPYC/);
  assert.match(svg, /load 20\.19/);
  assert.match(svg, /load 1\.34/);
  // The echo baseline gave way to the one-way pump between the two runs.
  assert.equal(svg.match(/class="redefined"/g)?.length, 1);
  assert.equal(renderChart('events', points.slice(0, 1)).includes('redefined'), false);
});

test('the dialect rows are charted apart from P1 and P2, though their titles hold the same words', () => {
  assert.equal(keyOf('Dialect ami: CTI events/s, simulator → reference adapter (ami link) → desktop, 12 calls in flight, zero loss'), 'dialect-ami-events');
  assert.equal(keyOf('Dialect csta-xml: p99 switch → desktop at 1,000 notifications/s'), 'dialect-csta-xml-p99');
  assert.equal(keyOf('Dialect sip: CTI events/s'), null);
  assert.equal(keyOf('P1 CTI events/s, simulator → reference adapter → desktop, zero loss'), 'events');
});
