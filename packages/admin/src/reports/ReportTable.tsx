import { Box, Table, TableBody, TableCell, TableHead, TableRow, Tooltip, Typography, type Theme } from '@mui/material';
import { useTranslate } from 'react-admin';
import { dimensionText, formatCell, isNumeric } from './format';
import type { ReportColumn, ReportInfo, ReportResult, ReportRow } from './types';

/** Consecutive columns of one group share a merged head (家访形式统计). */
interface HeadRun {
    group: string | null;
    columns: ReportColumn[];
}

const runsOf = (columns: ReportColumn[]): HeadRun[] =>
    columns.reduce<HeadRun[]>((runs, column) => {
        const last = runs[runs.length - 1];
        if (last && column.group && last.group === column.group) last.columns.push(column);
        else runs.push({ group: column.group ?? null, columns: [column] });
        return runs;
    }, []);

// Compact cells, so a wide form (18 columns) shows most of its columns at 1366 px.
const PADDING = { px: 0.75, py: 0.25 } as const;

const HEAD = {
    ...PADDING,
    fontWeight: 600,
    whiteSpace: 'normal',
    minWidth: 64,
    maxWidth: 140,
    lineHeight: 1.3,
    verticalAlign: 'bottom',
    textAlign: 'center',
    border: 1,
    borderColor: 'divider',
    backgroundColor: 'background.default',
} as const;

const CELL = { ...PADDING, whiteSpace: 'nowrap', border: 1, borderColor: 'divider', fontVariantNumeric: 'tabular-nums' } as const;

/**
 * The unit column stays in view while the figures scroll sideways: opaque (the tint of its row
 * laid over the paper), and above the cells that pass beneath it.
 */
const STICKY_UNIT = { position: 'sticky', left: 0, zIndex: 1, backgroundColor: 'background.paper' } as const;
const tinted = (tint: 'hover' | 'selected') => (theme: Theme) => ({
    backgroundImage: `linear-gradient(${theme.palette.action[tint]}, ${theme.palette.action[tint]})`,
});

// Subtotals half-bold, the total bold, as on the printed form.
const ROW_STYLE: Record<string, (theme: Theme) => object> = {
    SUBTOTAL: theme => ({ '& td': { fontWeight: 600, ...tinted('hover')(theme) } }),
    TOTAL: theme => ({ '& td': { fontWeight: 700, ...tinted('selected')(theme) } }),
};

/** A column the printed form does not have: lighter, with a mark explained under the table. */
const ColumnHead = ({ column, rowSpan }: { column: ReportColumn; rowSpan?: number }) => {
    const translate = useTranslate();
    if (!column.apiOnly) {
        return (
            <TableCell rowSpan={rowSpan} sx={HEAD}>
                {column.label}
            </TableCell>
        );
    }
    return (
        <Tooltip title={translate('jiafang.reports.api_only')}>
            <TableCell rowSpan={rowSpan} sx={{ ...HEAD, color: 'text.secondary', fontStyle: 'italic' }} data-api-only="true">
                {column.label}
                <sup>*</sup>
            </TableCell>
        </Tooltip>
    );
};

const Row = ({ info, columns, row }: { info: ReportInfo; columns: ReportColumn[]; row: ReportRow }) => (
    <TableRow sx={ROW_STYLE[row.rowType ?? ''] ?? {}} data-row-type={row.rowType}>
        <TableCell sx={{ ...CELL, ...STICKY_UNIT }} data-unit-cell>
            {row.unitName ?? ''}
        </TableCell>
        {info.dimensions.map(d => (
            <TableCell key={d.key} sx={CELL}>
                {dimensionText(d, row)}
            </TableCell>
        ))}
        {columns.map(c => (
            <TableCell key={c.key} align={isNumeric(c) ? 'right' : 'left'} sx={{ ...CELL, ...(c.apiOnly ? { color: 'text.secondary' } : {}) }}>
                {formatCell(c, row[c.key])}
            </TableCell>
        ))}
    </TableRow>
);

/**
 * A report as its printed form lays it out: the unit column, the breakdowns, the columns (merged
 * heads for groups, blank form columns left out), the detail and subtotal rows, then the total.
 */
/** The one row of an empty report table. */
export const NoDataRow = ({ colSpan }: { colSpan: number }) => {
    const translate = useTranslate();
    return (
        <TableRow>
            <TableCell colSpan={colSpan} sx={{ color: 'text.secondary' }}>
                {translate('jiafang.reports.no_data')}
            </TableCell>
        </TableRow>
    );
};

export const ReportTable = ({ info, result }: { info: ReportInfo; result: ReportResult }) => {
    const translate = useTranslate();
    const columns = info.columns.filter(c => c.kind !== 'blank');
    const runs = runsOf(columns);
    const grouped = runs.some(r => r.group);
    const headRows = grouped ? 2 : 1;
    const rows = [...result.rows, ...(result.total ? [result.total] : [])];
    return (
        <Box>
            {/* Scrolls both ways inside its own box, so the heads and the unit column can stay put. */}
            <Box sx={{ overflow: 'auto', maxHeight: '75vh' }} data-report-scroll={info.name}>
                <Table
                    size="small"
                    // Separate borders: collapsed ones do not travel with sticky cells.
                    sx={{ borderCollapse: 'separate', borderSpacing: 0, width: 'auto', minWidth: '100%' }}
                    aria-label={result.title ?? info.title}
                    data-report-table={info.name}
                >
                    <TableHead sx={{ position: 'sticky', top: 0, zIndex: 2 }}>
                        <TableRow>
                            <TableCell rowSpan={headRows} sx={{ ...HEAD, ...STICKY_UNIT, zIndex: 3, backgroundColor: 'background.default', textAlign: 'left' }}>
                                {info.unitHead}
                            </TableCell>
                            {info.dimensions.map(d => (
                                <TableCell key={d.key} rowSpan={headRows} sx={{ ...HEAD, textAlign: 'left' }}>
                                    {d.label}
                                </TableCell>
                            ))}
                            {runs.map(run =>
                                run.group ? (
                                    <TableCell key={`group-${run.columns[0]!.key}`} colSpan={run.columns.length} sx={{ ...HEAD, verticalAlign: 'middle' }}>
                                        {run.group}
                                    </TableCell>
                                ) : (
                                    <ColumnHead key={run.columns[0]!.key} column={run.columns[0]!} rowSpan={headRows} />
                                ),
                            )}
                        </TableRow>
                        {grouped && (
                            <TableRow>
                                {runs.flatMap(run => (run.group ? run.columns.map(c => <ColumnHead key={c.key} column={c} />) : []))}
                            </TableRow>
                        )}
                    </TableHead>
                    <TableBody>
                        {rows.map((row, index) => (
                            <Row key={index} info={info} columns={columns} row={row} />
                        ))}
                        {!rows.length && <NoDataRow colSpan={1 + info.dimensions.length + columns.length} />}
                    </TableBody>
                </Table>
            </Box>
            {columns.some(c => c.apiOnly) && (
                <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
                    * {translate('jiafang.reports.api_only')}
                </Typography>
            )}
        </Box>
    );
};
