import { formatNumber } from '../format.ts';

export interface TBarRow { label: string; current: number; previous: number }

/** Plain SVG: for each row, this period's bar over last period's, with their values. */
export function BarChart({ rows, title, currentLabel, previousLabel }: { rows: TBarRow[]; title: string; currentLabel: string; previousLabel: string }) {
  const width = 320;
  const labelW = 88;
  const barMax = width - labelW - 56;
  const rowH = 40;
  const max = Math.max(1, ...rows.flatMap((r) => [r.current, r.previous]));
  const height = rows.length * rowH + 26;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={title}>
        <title>{title}</title>
        {rows.map((r, i) => {
          const y = i * rowH + 4;
          const wc = Math.max(r.current > 0 ? 2 : 0, (r.current / max) * barMax);
          const wp = Math.max(r.previous > 0 ? 2 : 0, (r.previous / max) * barMax);
          return (
            <g key={r.label}>
              <text x={0} y={y + 19} fontSize="12" fill="#1f2937">{r.label}</text>
              <rect x={labelW} y={y + 2} width={wc} height={15} rx={3} fill="#0b5cad" />
              <text x={labelW + wc + 4} y={y + 14} fontSize="11" fill="#111827">{formatNumber(r.current)}</text>
              <rect x={labelW} y={y + 20} width={wp} height={11} rx={3} fill="#a5c4e6" />
              <text x={labelW + wp + 4} y={y + 30} fontSize="10" fill="#4b5563">{formatNumber(r.previous)}</text>
            </g>
          );
        })}
        <g transform={`translate(${labelW}, ${height - 12})`}>
          <rect width="10" height="10" fill="#0b5cad" /><text x="14" y="9" fontSize="10" fill="#374151">{currentLabel}</text>
          <rect x="110" width="10" height="10" fill="#a5c4e6" /><text x="124" y="9" fontSize="10" fill="#374151">{previousLabel}</text>
        </g>
      </svg>
    </figure>
  );
}
