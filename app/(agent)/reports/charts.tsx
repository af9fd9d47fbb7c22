import type { Bucket } from '@/lib/tickets/reports';

// Server-rendered SVG charts for /reports. Each is an image with a title and a one-sentence description; the numbers
// themselves are in the table beside it (ReportSection), which is what screen readers and the CSV read.

const WIDTH = 720;
const colors = { created: '#4f46e5', closed: '#047857', open: '#334155', bar: '#4f46e5', grid: '#cbd5e1', text: '#334155' };

/** A round upper bound for an axis: 1, 2, 5 × 10^n. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((m) => m >= value)!;
}

/** Created and closed per day or week as bars, still open as a line. */
export function VolumeChart({ buckets, titleId, description }: { buckets: Bucket[]; titleId: string; description: string }) {
  const height = 240;
  const pad = { left: 44, right: 12, top: 12, bottom: 28 };
  const plotW = WIDTH - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = niceMax(Math.max(1, ...buckets.flatMap((b) => [b.created, b.closed, b.open])));
  const slot = plotW / Math.max(1, buckets.length);
  const barW = Math.max(1, slot / 2 - 1);
  const y = (value: number) => pad.top + plotH - (value / max) * plotH;
  const line = buckets.map((b, i) => `${(pad.left + slot * i + slot / 2).toFixed(1)},${y(b.open).toFixed(1)}`).join(' ');
  const descId = `${titleId}-desc`;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="h-auto w-full">
      <desc id={descId}>{description}</desc>
      {[0, 0.5, 1].map((fraction) => (
        <g key={fraction}>
          <line x1={pad.left} x2={WIDTH - pad.right} y1={y(max * fraction)} y2={y(max * fraction)} stroke={colors.grid} strokeWidth={1} />
          <text x={pad.left - 6} y={y(max * fraction) + 4} textAnchor="end" fontSize={11} fill={colors.text}>
            {max * fraction}
          </text>
        </g>
      ))}
      {buckets.map((b, i) => {
        const x = pad.left + slot * i;
        return (
          <g key={b.start}>
            <rect x={x + 1} y={y(b.created)} width={barW} height={plotH + pad.top - y(b.created)} fill={colors.created} />
            <rect x={x + 1 + barW} y={y(b.closed)} width={barW} height={plotH + pad.top - y(b.closed)} fill={colors.closed} />
          </g>
        );
      })}
      {buckets.length > 1 ? <polyline points={line} fill="none" stroke={colors.open} strokeWidth={2} strokeDasharray="4 3" /> : null}
      {buckets.length > 0 ? (
        <>
          <text x={pad.left} y={height - 8} fontSize={11} fill={colors.text}>
            {buckets[0].start}
          </text>
          <text x={WIDTH - pad.right} y={height - 8} fontSize={11} fill={colors.text} textAnchor="end">
            {buckets.at(-1)!.start}
          </text>
        </>
      ) : null}
    </svg>
  );
}

/** The volume chart's key, as text beside it (not inside the image). */
export function VolumeLegend() {
  const item = (color: string, label: string, dashed = false) => (
    <li className="flex items-center gap-1.5">
      <svg width="18" height="10" aria-hidden="true">
        {dashed ? <line x1="0" x2="18" y1="5" y2="5" stroke={color} strokeWidth="2" strokeDasharray="4 3" /> : <rect width="18" height="10" fill={color} />}
      </svg>
      {label}
    </li>
  );
  return (
    <ul className="mt-2 flex flex-wrap gap-4 text-xs text-slate-700">
      {item(colors.created, 'Created')}
      {item(colors.closed, 'Closed')}
      {item(colors.open, 'Still open', true)}
    </ul>
  );
}

export type BarRow = { label: string; value: number; display: string };

/** One horizontal bar per row, labelled with its name and its value as text. */
export function HorizontalBars({ rows, max, titleId, description }: { rows: BarRow[]; max?: number; titleId: string; description: string }) {
  const rowH = 26;
  const labelW = 200;
  const valueW = 90;
  const height = Math.max(1, rows.length) * rowH + 8;
  const top = max ?? niceMax(Math.max(0, ...rows.map((r) => r.value)));
  const plotW = WIDTH - labelW - valueW;
  const descId = `${titleId}-desc`;
  const clip = (text: string) => (text.length > 28 ? `${text.slice(0, 27)}…` : text);
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${titleId} ${descId}`} className="h-auto w-full">
      <desc id={descId}>{description}</desc>
      {rows.map((row, i) => {
        const y = 4 + i * rowH;
        const w = top > 0 ? Math.max(row.value > 0 ? 2 : 0, (row.value / top) * plotW) : 0;
        return (
          <g key={`${row.label}-${i}`}>
            <text x={labelW - 8} y={y + 16} textAnchor="end" fontSize={12} fill={colors.text}>
              {clip(row.label)}
            </text>
            <rect x={labelW} y={y + 3} width={plotW} height={rowH - 8} fill="#f1f5f9" />
            <rect x={labelW} y={y + 3} width={w} height={rowH - 8} fill={colors.bar} />
            <text x={labelW + plotW + 8} y={y + 16} fontSize={12} fill={colors.text}>
              {row.display}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
