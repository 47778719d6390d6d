import AddIcon from '@mui/icons-material/Add';
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

/** Today 00:00 and the next day's, local time. */
const today = () => {
    const start = new Date();
    start.setHours(0, 0, 0, 0);
    const end = new Date(start);
    end.setDate(end.getDate() + 1);
    return { start, end };
};

/** Monday 00:00 of this week and of the next, local time. */
const thisWeek = () => {
    const { start } = today();
    start.setDate(start.getDate() - ((start.getDay() + 6) % 7));
    const end = new Date(start);
    end.setDate(end.getDate() + 7);
    return { start, end };
};

const plannedWithin = ({ start, end }: { start: Date; end: Date }) => ({
    status: 'PLANNED',
    plannedAt_gte: start.toISOString(),
    plannedAt_lte: new Date(end.getTime() - 1).toISOString(),
});

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

/** The records of a list filter, in a card linking to the whole filtered list. */
const FilteredCard = ({ title, resource, filter, sortField }: { title: string; resource: AutoResource; filter: Record<string, unknown>; sortField: string }) => {
    const dataProvider = useDataProvider();
    const translate = useTranslate();
    const createPath = useCreatePath();
    const load = useCallback(
        () =>
            dataProvider
                .getList(resource.name, { filter, sort: { field: sortField, order: 'ASC' }, pagination: { page: 1, perPage: CARD_ROWS } })
                .then(({ data, total }) => ({ rows: data, total: total ?? data.length })),
        [dataProvider, resource, filter, sortField],
    );
    const listLink = `${createPath({ resource: resource.name, type: 'list' })}?filter=${encodeURIComponent(JSON.stringify(filter))}`;
    return (
        <WorkCard
            title={title}
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

/** The planned resource's cards: out now, planned today, planned this week. */
const PlannedCards = ({ resource }: { resource: AutoResource }) => {
    const translate = useTranslate();
    const filters = useMemo(() => ({ departed: { status: 'DEPARTED' }, today: plannedWithin(today()), week: plannedWithin(thisWeek()) }), []);
    const departed = resource.fields.find(f => f.name === 'status')?.choices?.some(c => c.id === 'DEPARTED');
    return (
        <>
            {departed && <FilteredCard title={translate('jiafang.home.departed')} resource={resource} filter={filters.departed} sortField="plannedAt" />}
            <FilteredCard title={translate('jiafang.home.planned_today')} resource={resource} filter={filters.today} sortField="plannedAt" />
            <FilteredCard title={translate('jiafang.dashboard.planned_this_week')} resource={resource} filter={filters.week} sortField="plannedAt" />
        </>
    );
};

/** One large button to plan a visit, first on the page (a teacher's thumb on a phone). */
const CreateButton = ({ resource }: { resource: AutoResource }) => {
    const translate = useTranslate();
    const createPath = useCreatePath();
    return (
        <Button
            component={Link}
            to={createPath({ resource: resource.name, type: 'create' })}
            variant="contained"
            size="large"
            startIcon={<AddIcon />}
            sx={{ mb: 2, width: { xs: '100%', sm: 'auto' }, py: 1.5, fontSize: '1.1rem' }}
        >
            {translate('jiafang.home.create', { name: resource.label })}
        </Button>
    );
};

/**
 * The home page: the user's open work. For a teacher on her phone, 我的家访: a large button to plan
 * a visit, then overdue visits, visits under way, planned today and this week, and her students
 * still to visit (one card per work-queue query the API offers); then the reports' charts.
 */
export const Dashboard = () => {
    const model = useAdminModel();
    const translate = useTranslate();
    const { identity } = useGetIdentity();
    if (!model) return null;
    const planned = plannedResourceOf(model);
    const visitQueues = model.queues.filter(q => q.resource === planned?.name);
    const otherQueues = model.queues.filter(q => q.resource !== planned?.name);
    return (
        <Box sx={{ p: 2 }}>
            <Typography variant="h5" sx={{ mb: 2 }}>
                {translate('jiafang.dashboard.welcome', { name: identity?.fullName ?? '' })}
            </Typography>
            {planned?.can.create && <CreateButton resource={planned} />}
            <Grid container spacing={2}>
                {/* The visits first (overdue, under way, today), then the rest of the open work. */}
                {visitQueues.map(queue => (
                    <QueueCard key={queue.query} queue={queue} model={model} />
                ))}
                {planned && <PlannedCards resource={planned} />}
                {otherQueues.map(queue => (
                    <QueueCard key={queue.query} queue={queue} model={model} />
                ))}
            </Grid>
            <ReportCharts />
        </Box>
    );
};
