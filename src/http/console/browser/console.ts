// The console's progressive enhancement, bundled with its libraries into /console/assets/console.js
// (`npm run build:console`): htmx swaps dead-letter rows in place, and uPlot draws the dashboard's
// charts from the data the server put in each chart's `data-values`. Every page works without it.
import htmx from 'htmx.org';
import uPlot from 'uplot';

type Point = [number, number];
const DAY = 86_400_000;
const COLORS = { arrived: '#9ecae1', started: '#4292c6', done: '#08519c', line: '#b30000', bar: '#2b6cb0' };

function size(el: HTMLElement) {
  return { width: Math.max(320, el.clientWidth), height: 260 };
}

// Full dates need room: a tick at least every 90 px.
const timeAxis = {
  space: 90,
  values: (_u: uPlot, ticks: number[]) => ticks.map((t) => new Date(t).toISOString().slice(0, 10)),
};
const noPoints = { show: false };

function cumulativeFlow(el: HTMLElement, v: { days: number[]; toDo: number[]; inProgress: number[]; done: number[] }) {
  const started = v.inProgress.map((n, i) => n + v.done[i]!);
  const arrived = started.map((n, i) => n + v.toDo[i]!);
  // Drawn largest first, each filled to the axis: the bands between the lines are the stages.
  return new uPlot(
    {
      ...size(el),
      ms: 1,
      scales: { x: { time: true } },
      axes: [timeAxis, { label: 'requests' }],
      series: [
        {},
        { label: 'Arrived', stroke: COLORS.arrived, fill: COLORS.arrived, points: noPoints },
        { label: 'Started', stroke: COLORS.started, fill: COLORS.started, points: noPoints },
        { label: 'Done', stroke: COLORS.done, fill: COLORS.done, points: noPoints },
      ],
    },
    [v.days, arrived, started, v.done],
    el,
  );
}

function cycleScatter(
  el: HTMLElement,
  v: { points: Point[]; p50: number | null; p85: number | null; p95: number | null },
) {
  const points = [...v.points].sort((a, b) => a[0] - b[0]);
  const xs = points.map((p) => p[0]);
  const line = (value: number | null, label: string) => ({
    series: { label, stroke: COLORS.line, dash: [6, 4], width: 1, points: { show: false } },
    values: xs.map(() => value),
  });
  const lines = [
    line(v.p50, `50th ${v.p50 ?? '—'} d`),
    line(v.p85, `85th ${v.p85 ?? '—'} d`),
    line(v.p95, `95th ${v.p95 ?? '—'} d`),
  ];
  return new uPlot(
    {
      ...size(el),
      ms: 1,
      // A margin round the points, so none sits on the frame; cycle times from 0.
      scales: {
        x: { time: true, range: (_u, min, max) => [min - DAY, max + DAY] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
      },
      axes: [timeAxis, { label: 'cycle time (days)' }],
      series: [
        {},
        {
          label: 'Done request',
          stroke: COLORS.done,
          paths: () => null,
          points: { show: true, size: 6, fill: COLORS.done },
        },
        ...lines.map((l) => l.series),
      ],
    },
    [xs, points.map((p) => p[1]), ...lines.map((l) => l.values)] as uPlot.AlignedData,
    el,
  );
}

function throughput(el: HTMLElement, v: Point[]) {
  return new uPlot(
    {
      ...size(el),
      ms: 1,
      scales: { x: { time: true, range: (_u, min, max) => [min - 4 * DAY, max + 4 * DAY] } },
      axes: [timeAxis, { label: 'done per week' }],
      series: [
        {},
        {
          label: 'Done',
          stroke: COLORS.bar,
          fill: COLORS.bar,
          points: noPoints,
          paths: uPlot.paths.bars!({ size: [0.6, 60] }),
        },
      ],
    },
    [v.map((w) => w[0]), v.map((w) => w[1])],
    el,
  );
}

function ageing(el: HTMLElement, v: { statuses: string[]; points: Array<[string, number, string]> }) {
  const points = v.points
    .map(([status, days]) => [v.statuses.indexOf(status), days] as Point)
    .sort((a, b) => a[0] - b[0]);
  return new uPlot(
    {
      ...size(el),
      scales: {
        x: { time: false, range: [-0.5, Math.max(0.5, v.statuses.length - 0.5)] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
      },
      axes: [
        {
          values: (_u: uPlot, ticks: number[]) => ticks.map((t) => (Number.isInteger(t) ? (v.statuses[t] ?? '') : '')),
          incrs: [1],
        },
        { label: 'days since started' },
      ],
      series: [
        {},
        {
          label: 'Request',
          stroke: COLORS.started,
          paths: () => null,
          points: { show: true, size: 6, fill: COLORS.started },
        },
      ],
    },
    [points.map((p) => p[0]), points.map((p) => p[1])],
    el,
  );
}

const CHARTS: Record<string, (el: HTMLElement, values: never) => uPlot> = {
  cfd: cumulativeFlow,
  scatter: cycleScatter,
  throughput,
  ageing,
};

function drawCharts(root: Node) {
  if (!(root instanceof Element)) return;
  for (const el of root.querySelectorAll<HTMLElement>('[data-chart]:not([data-drawn])')) {
    const draw = CHARTS[el.dataset.chart ?? ''];
    if (!draw) continue;
    el.dataset.drawn = 'true';
    draw(el, JSON.parse(el.dataset.values ?? 'null') as never);
  }
}

htmx.onLoad(drawCharts);
