import { Box, Button, Card, CardContent, CardHeader, Grid, Skeleton, Typography, useTheme } from '@mui/material';
import { useEffect, useMemo } from 'react';
import { Link, useTranslate } from 'react-admin';
import {
    Bar,
    BarChart,
    CartesianGrid,
    Cell,
    Legend,
    Pie,
    PieChart,
    ResponsiveContainer,
    Tooltip as ChartTooltip,
    XAxis,
    YAxis,
} from 'recharts';
import { useAdminModel, useSchema } from '../auto/useAdminModel';
import { initialArgsOf, missingArgs, reportArgsOf } from '../reports/args';
import { useReportCatalog } from '../reports/catalog';
import { chartDataOf, isEmptyChart, type ChartData } from '../reports/chartData';
import { formatChartValue } from '../reports/format';
import { ReportDownloadButton } from '../reports/ReportDownloadButton';
import { reportPath } from '../reports/paths';
import type { ReportDefaults, ReportInfo } from '../reports/types';
import { useReportRunner } from '../reports/useReportRun';

const HEIGHT = 340;
/** The least width of one unit's bars, in pixels. */
const UNIT_WIDTH = 26;
const PALETTE = ['#1976d2', '#ef6c00', '#2e7d32', '#8e24aa', '#c62828', '#00838f', '#6d4c41', '#f9a825', '#546e7a', '#d81b60', '#3949ab', '#7cb342'];

const kindOf = (data: ChartData, key: string) => (data.type === 'bar' ? data.series.find(s => s.key === key)?.kind : data.kind);

const Chart = ({ data }: { data: ChartData }) => {
    const theme = useTheme();
    const tick = { fontSize: 11, fill: theme.palette.text.secondary };
    if (data.type === 'bar') {
        // Every unit keeps room for its name: many units scroll sideways inside the card.
        return (
            <Box sx={{ overflowX: 'auto' }}>
                <Box sx={{ minWidth: data.points.length * UNIT_WIDTH }}>
                    <ResponsiveContainer width="100%" height={HEIGHT}>
                        <BarChart data={data.points} margin={{ top: 8, right: 16, bottom: 8, left: 24 }}>
                            <CartesianGrid strokeDasharray="3 3" vertical={false} />
                            <XAxis dataKey="name" interval={0} angle={-45} textAnchor="end" height={110} tick={tick} />
                            <YAxis tick={tick} width={72} tickFormatter={value => formatChartValue(data.series[0]?.kind, value)} />
                            <ChartTooltip formatter={(value, _name, item) => formatChartValue(kindOf(data, String(item.dataKey)), value)} />
                            <Legend verticalAlign="top" itemSorter={null} />
                            {data.series.map((s, index) => (
                                <Bar key={s.key} dataKey={s.key} name={s.label} fill={PALETTE[index % PALETTE.length]} />
                            ))}
                        </BarChart>
                    </ResponsiveContainer>
                </Box>
            </Box>
        );
    }
    return (
        <ResponsiveContainer width="100%" height={HEIGHT}>
            <PieChart>
                <Pie data={data.slices} dataKey="value" nameKey="name" cx="35%" outerRadius={110} innerRadius={50} paddingAngle={1}>
                    {data.slices.map((slice, index) => (
                        <Cell key={slice.name} fill={PALETTE[index % PALETTE.length]} />
                    ))}
                </Pie>
                <ChartTooltip formatter={value => formatChartValue(data.kind, value)} />
                <Legend layout="vertical" align="right" verticalAlign="middle" itemSorter={null} wrapperStyle={{ fontSize: 12, maxWidth: '45%' }} />
            </PieChart>
        </ResponsiveContainer>
    );
};

/** One report's chart over the default period, with a link to the report and its download. */
const ReportChartCard = ({ info, defaults }: { info: ReportInfo; defaults: ReportDefaults }) => {
    const translate = useTranslate();
    const schema = useSchema();
    const model = useAdminModel();
    const args = useMemo(() => (schema && model ? reportArgsOf(schema, model, info) : []), [schema, model, info]);
    const initial = useMemo(() => initialArgsOf(args, info, defaults), [args, info, defaults]);
    const missing = missingArgs(args, initial).length > 0;
    const ready = !!schema && !!model;
    const { state, run } = useReportRunner(info);
    useEffect(() => {
        if (ready && !missing) void run(initial);
    }, [ready, missing, initial, run]);
    const data = state.status === 'ready' ? chartDataOf(info, state.result) : undefined;
    // A report the role may not run after all disappears, as a work card does.
    if (state.status === 'error' && state.error.code === 'FORBIDDEN') return null;
    const wide = info.chart?.kind === 'units';
    return (
        <Grid size={{ xs: 12, lg: wide ? 12 : 6 }}>
            <Card variant="outlined" sx={{ height: '100%' }} data-report-chart={info.name}>
                <CardHeader
                    title={info.chart?.title}
                    subheader={[info.title, state.status === 'ready' ? state.result.period : undefined].filter(Boolean).join(' · ')}
                    slotProps={{ title: { variant: 'h6' } }}
                    action={
                        <Box sx={{ display: 'flex', gap: 0.5 }}>
                            <Button size="small" component={Link} to={reportPath(info)}>
                                {translate('jiafang.reports.view')}
                            </Button>
                            <ReportDownloadButton info={info} args={initial} />
                        </Box>
                    }
                />
                <CardContent sx={{ pt: 0 }}>
                    {missing && <Typography color="text.secondary">{translate('jiafang.reports.missing_args')}</Typography>}
                    {(state.status === 'loading' || (state.status === 'idle' && !missing)) && <Skeleton variant="rectangular" height={HEIGHT} />}
                    {state.status === 'error' && <Typography color="error">{state.error.message}</Typography>}
                    {state.status === 'ready' &&
                        (data && !isEmptyChart(data) ? <Chart data={data} /> : <Typography color="text.secondary">{translate('jiafang.reports.no_data')}</Typography>)}
                </CardContent>
            </Card>
        </Grid>
    );
};

/** Below the open work: one chart per report that declares one, for the roles that read reports. */
export const ReportCharts = () => {
    const translate = useTranslate();
    const state = useReportCatalog();
    if (state.status !== 'ready') return null;
    const charted = state.catalog.reports.filter(r => r.chart?.columns.length);
    if (!charted.length) return null;
    return (
        <Box sx={{ mt: 3 }}>
            <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
                {translate('jiafang.reports.charts')}
            </Typography>
            <Grid container spacing={2}>
                {charted.map(info => (
                    <ReportChartCard key={info.name} info={info} defaults={state.catalog.defaults} />
                ))}
            </Grid>
        </Box>
    );
};
