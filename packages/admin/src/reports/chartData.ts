import { dimensionText } from './format';
import type { ReportColumn, ReportInfo, ReportResult, ReportRow } from './types';

const DETAIL = 'DETAIL';

export interface ChartSeries {
    key: string;
    label: string;
    kind: string;
}

/** What a chart draws: bars per unit, or the slices of one whole. Money is in yuan here. */
export type ChartData =
    | { type: 'bar'; series: ChartSeries[]; points: Record<string, string | number>[] }
    | { type: 'pie'; kind: string; slices: { name: string; value: number }[] };

/** A figure as drawn: fen become yuan, missing becomes 0. */
const valueOf = (column: Pick<ReportColumn, 'kind'>, value: unknown): number => {
    const number = typeof value === 'number' ? value : 0;
    return column.kind === 'money' ? number / 100 : number;
};

const seriesOf = (info: ReportInfo, keys: string[]): ChartSeries[] =>
    keys.flatMap(key => {
        const column = info.columns.find(c => c.key === key);
        return column && column.kind !== 'blank' ? [{ key, label: column.label, kind: column.kind }] : [];
    });

const details = (result: ReportResult): ReportRow[] => result.rows.filter(r => r.rowType === DETAIL);

/**
 * The chart the metadata asks for: `units` bars per unit (detail rows) of its columns; `total`
 * slices of the total row's columns; `dimension` slices of its first column summed over the
 * detail rows by the dimension's label.
 */
export const chartDataOf = (info: ReportInfo, result: ReportResult): ChartData | undefined => {
    const chart = info.chart;
    if (!chart) return undefined;
    const series = seriesOf(info, chart.columns);
    if (!series.length) return undefined;
    switch (chart.kind) {
        case 'units':
            return {
                type: 'bar',
                series,
                points: details(result).map(row => ({
                    name: row.unitName ?? '',
                    ...Object.fromEntries(series.map(s => [s.key, valueOf(s, row[s.key])])),
                })),
            };
        case 'total': {
            const total = result.total ?? {};
            const slices = series.map(s => ({ name: s.label, value: valueOf(s, total[s.key]) })).filter(s => s.value > 0);
            return { type: 'pie', kind: series[0]!.kind, slices };
        }
        case 'dimension': {
            const dimension = info.dimensions.find(d => d.key === chart.dimension) ?? { key: chart.dimension ?? '', label: '', labelled: false };
            const column = series[0]!;
            const sums = new Map<string, number>();
            for (const row of details(result)) {
                const name = dimensionText(dimension, row);
                sums.set(name, (sums.get(name) ?? 0) + valueOf(column, row[column.key]));
            }
            const slices = [...sums].map(([name, value]) => ({ name, value })).filter(s => s.value > 0).sort((a, b) => b.value - a.value);
            return { type: 'pie', kind: column.kind, slices };
        }
        default:
            return undefined;
    }
};

/** True when there is nothing to draw. */
export const isEmptyChart = (data: ChartData): boolean =>
    data.type === 'bar' ? !data.points.length || data.points.every(p => data.series.every(s => !p[s.key])) : !data.slices.length;
