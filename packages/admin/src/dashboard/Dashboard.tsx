import { Box, Button, Grid, Typography } from '@mui/material';
import { useCallback, useMemo } from 'react';
import { Link, useCreatePath, useDataProvider, useGetIdentity, useTranslate } from 'react-admin';
import type { AdminDataProvider } from '../dataProvider';
import { useAdminModel } from '../auto/useAdminModel';
import type { AdminModel, AutoResource, WorkQueue } from '../auto/types';
import { lazyPage } from '../lazyPage';
import { CARD_ROWS, WorkCard } from './WorkCard';

// The charts (recharts) load after the work cards are on screen.
const ReportCharts = lazyPage(() => import('./ReportCharts').then(m => m.ReportCharts));

/** Monday 00:00 of this week and of the next, local time. */
const thisWeek = () => {
    const start = new Date();
    start.setHours(0, 0, 0, 0);
    start.setDate(start.getDate() - ((start.getDay() + 6) % 7));
    const end = new Date(start);
    end.setDate(end.getDate() + 7);
    return { start, end };
};

/** The resource whose records are planned for a time and have a PLANNED status (the safety report). */
const plannedResourceOf = (model: AdminModel): AutoResource | undefined =>
    model.resources.find(
        r =>
            r.filters.some(f => f.source === 'plannedAt_gte') &&
            r.filters.some(f => f.source === 'plannedAt_lte') &&
            r.fields.some(f => f.name === 'status' && f.choices?.some(c => c.id === 'PLANNED')),
    );

const QueueCard = ({ queue, model }: { queue: WorkQueue; model: AdminModel }) => {
    const dataProvider = useDataProvider<AdminDataProvider>();
    const load = useCallback(
        () => dataProvider.workQueue(queue.resource, { query: queue.query }).then(({ data }) => ({ rows: data, total: data.length })),
        [dataProvider, queue],
    );
    return <WorkCard title={queue.label} resource={model.byName.get(queue.resource)!} load={load} />;
};

const PlannedThisWeekCard = ({ resource }: { resource: AutoResource }) => {
    const dataProvider = useDataProvider();
    const translate = useTranslate();
    const createPath = useCreatePath();
    const filter = useMemo(() => {
        const { start, end } = thisWeek();
        return { status: 'PLANNED', plannedAt_gte: start.toISOString(), plannedAt_lte: new Date(end.getTime() - 1).toISOString() };
    }, []);
    const load = useCallback(
        () =>
            dataProvider
                .getList(resource.name, { filter, sort: { field: 'plannedAt', order: 'ASC' }, pagination: { page: 1, perPage: CARD_ROWS } })
                .then(({ data, total }) => ({ rows: data, total: total ?? data.length })),
        [dataProvider, resource, filter],
    );
    const listLink = `${createPath({ resource: resource.name, type: 'list' })}?filter=${encodeURIComponent(JSON.stringify(filter))}`;
    return (
        <WorkCard
            title={translate('jiafang.dashboard.planned_this_week')}
            resource={resource}
            load={load}
            action={
                <Button component={Link} to={listLink} size="small">
                    {translate('jiafang.dashboard.all')}
                </Button>
            }
        />
    );
};

/** The home page: the user's open work, one card per work-queue query the API offers; then the reports' charts. */
export const Dashboard = () => {
    const model = useAdminModel();
    const translate = useTranslate();
    const { identity } = useGetIdentity();
    if (!model) return null;
    const planned = plannedResourceOf(model);
    return (
        <Box sx={{ p: 2 }}>
            <Typography variant="h5" sx={{ mb: 2 }}>
                {translate('jiafang.dashboard.welcome', { name: identity?.fullName ?? '' })}
            </Typography>
            <Grid container spacing={2}>
                {model.queues.map(queue => (
                    <QueueCard key={queue.query} queue={queue} model={model} />
                ))}
                {planned && <PlannedThisWeekCard resource={planned} />}
            </Grid>
            <ReportCharts />
        </Box>
    );
};
