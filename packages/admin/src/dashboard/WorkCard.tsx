import { Badge, Card, CardContent, CardHeader, Grid, Skeleton, Typography } from '@mui/material';
import { useEffect, useState, type ReactNode } from 'react';
import {
    Datagrid,
    ListContextProvider,
    ResourceContextProvider,
    useList,
    type RaRecord,
} from 'react-admin';
import { errorCodesOf } from '../graphqlErrors';
import { COMPACT_CELLS } from '../auto/AutoList';
import { fieldFor } from '../auto/fieldFor';
import { EmptyState } from '../auto/EmptyState';
import type { AutoField, AutoResource } from '../auto/types';

export const CARD_ROWS = 10;
const COLUMNS = 4;

export interface CardRows {
    rows: RaRecord[];
    total: number;
}

/** A few telling columns: the display field, the required references, the default order, the status. */
const cardColumns = (resource: AutoResource): AutoField[] => {
    const byName = (name: string) => resource.fields.find(f => f.name === name);
    const refs = resource.fields.filter(f => f.kind === 'ref' && f.required && f.name !== 'bureauId').slice(0, 2);
    const picked = [byName(resource.display), ...refs, byName(resource.defaultSort.field), byName('status')];
    const unique = picked.filter((f, i): f is AutoField => !!f && picked.indexOf(f) === i && f.name !== 'createdAt' && !f.technical);
    return unique.slice(0, COLUMNS);
};

const Rows = ({ resource, rows }: { resource: AutoResource; rows: RaRecord[] }) => {
    const list = useList({ data: rows, perPage: CARD_ROWS });
    return (
        <ResourceContextProvider value={resource.name}>
            <ListContextProvider value={list}>
                <Datagrid rowClick="show" bulkActionButtons={false} size="small" sx={COMPACT_CELLS}>
                    {cardColumns(resource).map(field => fieldFor({ ...field, sortable: false }, 'list'))}
                </Datagrid>
            </ListContextProvider>
        </ResourceContextProvider>
    );
};

interface WorkCardProps {
    title: string;
    resource: AutoResource;
    load: () => Promise<CardRows>;
    action?: ReactNode;
}

/**
 * One card of open work: a count and the first rows, each opening the record. A card the role
 * may not run (FORBIDDEN) disappears rather than showing an error.
 */
export const WorkCard = ({ title, resource, load, action }: WorkCardProps) => {
    const [state, setState] = useState<{ status: 'loading' } | { status: 'ready'; data: CardRows } | { status: 'hidden' } | { status: 'error'; message: string }>({
        status: 'loading',
    });
    useEffect(() => {
        let active = true;
        load().then(
            data => active && setState({ status: 'ready', data }),
            (error: unknown) => {
                if (!active) return;
                const forbidden = errorCodesOf(error).includes('FORBIDDEN') || (error as { status?: number }).status === 403;
                setState(forbidden ? { status: 'hidden' } : { status: 'error', message: (error as Error).message });
            },
        );
        return () => {
            active = false;
        };
    }, [load]);
    if (state.status === 'hidden') return null;
    const total = state.status === 'ready' ? state.data.total : undefined;
    return (
        <Grid size={{ xs: 12, lg: 6 }}>
        <Card variant="outlined" sx={{ height: '100%' }}>
            <CardHeader
                title={
                    <Badge badgeContent={total ?? 0} color={total ? 'error' : 'default'} max={9999} showZero sx={{ pr: 2 }}>
                        <Typography variant="h6" component="span">
                            {title}
                        </Typography>
                    </Badge>
                }
                subheader={resource.label}
                action={action}
            />
            <CardContent sx={{ pt: 0, overflowX: "auto" }}>
                {state.status === 'loading' && <Skeleton variant="rectangular" height={80} />}
                {state.status === 'error' && <Typography color="error">{state.message}</Typography>}
                {state.status === 'ready' &&
                    (state.data.rows.length ? (
                        <Rows resource={resource} rows={state.data.rows.slice(0, CARD_ROWS)} />
                    ) : (
                        <EmptyState label={resource.label} dense />
                    ))}
            </CardContent>
        </Card>
        </Grid>
    );
};
