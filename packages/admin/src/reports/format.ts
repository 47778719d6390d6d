import { formatYuan, yuan } from '../auto/money';
import type { ReportColumn, ReportDimension, ReportRow } from './types';

const count = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 });

export const EMPTY = '—';

/** Numbers (count, money, percent) are right-aligned in tables. */
export const isNumeric = (column: Pick<ReportColumn, 'kind'>) => column.kind !== 'text';

/** A cell as the printed form shows it: money in yuan from fen, percent with its sign, a missing percent as —. */
export const formatCell = (column: Pick<ReportColumn, 'kind'>, value: unknown): string => {
    if (value == null || value === '') return column.kind === 'text' ? '' : EMPTY;
    if (typeof value !== 'number') return String(value);
    switch (column.kind) {
        case 'money':
            return formatYuan(value);
        case 'percent':
            return `${percent.format(value)}%`;
        default:
            return count.format(value);
    }
};

/** A chart's value (money already in yuan). */
export const formatChartValue = (kind: string | undefined, value: unknown): string => {
    if (typeof value !== 'number') return String(value ?? '');
    if (kind === 'money') return yuan.format(value);
    if (kind === 'percent') return `${percent.format(value)}%`;
    return count.format(value);
};

/** A dimension's cell: its Chinese label when the row has one. */
export const dimensionText = (dimension: ReportDimension, row: ReportRow): string => {
    const value = dimension.labelled ? (row[`${dimension.key}Label`] ?? row[dimension.key]) : row[dimension.key];
    return value == null ? '' : String(value);
};
