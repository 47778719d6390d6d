import {
    Alert,
    Box,
    Button,
    Chip,
    FormControl,
    InputLabel,
    LinearProgress,
    MenuItem,
    OutlinedInput,
    Select,
    Table,
    TableBody,
    TableCell,
    TableHead,
    TablePagination,
    TableRow,
    Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import { Link, useCreatePath, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { AdminDataProvider } from '../dataProvider';
import { reportErrorOf, type ReportError } from './errors';
import { EMPTY } from './format';
import { NoDataRow } from './ReportTable';
import { listActionMutation, reportListQuery, type ListColumn, type ReportList } from './query';
import type { ReportArgs, ReportListAction } from './types';

type Item = Record<string, unknown>;
interface Page {
    count: number;
    items: Item[];
}

const PER_PAGE_OPTIONS = [25, 50, 100];
const CELL = { whiteSpace: 'nowrap' } as const;

const Cell = ({ column, item }: { column: ListColumn; item: Item }) => {
    const createPath = useCreatePath();
    const value = item[column.name];
    if (column.kind === 'object') {
        const object = value as Item | null | undefined;
        const text = object?.[column.display!];
        // Shown as the API answers it for the role: masked, or missing.
        const shown = text == null || text === '' ? EMPTY : String(text);
        if (column.target && object?.id != null) {
            return (
                <Link to={createPath({ resource: column.target, id: String(object.id), type: 'show' })}>{shown}</Link>
            );
        }
        return <>{shown}</>;
    }
    if (value == null || value === '') return <>{EMPTY}</>;
    if (column.kind === 'enum') return <>{column.choices?.find(c => c.id === value)?.name ?? String(value)}</>;
    if (column.kind === 'date') return <>{String(value).slice(0, 10)}</>;
    return <>{String(value)}</>;
};

/** A row's action: the button, or once done (the case opened) a link to what it made. */
const RowAction = ({ action, item, onDone }: { action: ReportListAction; item: Item; onDone: () => void }) => {
    const createPath = useCreatePath();
    const dataProvider = useDataProvider<AdminDataProvider>();
    const notify = useNotify();
    const [busy, setBusy] = useState(false);
    const done = item[action.doneField];
    if (done != null) {
        return <Link to={createPath({ resource: action.doneResource, id: String(done), type: 'show' })}>{action.doneLabel}</Link>;
    }
    const run = () => {
        setBusy(true);
        dataProvider.runMutation(listActionMutation(action, item)).then(
            () => {
                setBusy(false);
                onDone();
            },
            (error: unknown) => {
                setBusy(false);
                notify(reportErrorOf(error).message, { type: 'error' });
            },
        );
    };
    return (
        <Button size="small" variant="outlined" disabled={busy} onClick={run}>
            {action.label}
        </Button>
    );
};

/**
 * The list behind a compliance report's figures (the students short of a rule), paged, with the
 * report's arguments and the list's own filters. Keyed by the arguments: a new run starts afresh.
 */
export const ReportListSection = ({ list, args }: { list: ReportList; args: ReportArgs }) => {
    const translate = useTranslate();
    const dataProvider = useDataProvider<AdminDataProvider>();
    const [filters, setFilters] = useState<Record<string, string[]>>({});
    const [page, setPage] = useState(0);
    const [perPage, setPerPage] = useState(PER_PAGE_OPTIONS[0]!);
    const [state, setState] = useState<{ loading: boolean; data?: Page; error?: ReportError }>({ loading: true });
    // Bumped after a row's action, to read the page again (the row now links to what it made).
    const [version, setVersion] = useState(0);

    useEffect(() => {
        let active = true;
        setState(current => ({ ...current, loading: true }));
        Promise.resolve()
            .then(() => dataProvider.runQuery<{ result: Page }>(reportListQuery(list, { ...args, ...filters, page, perPage })))
            .then(
                ({ data }) => active && setState({ loading: false, data: data.result }),
                (error: unknown) => active && setState({ loading: false, error: reportErrorOf(error) }),
            );
        return () => {
            active = false;
        };
    }, [dataProvider, list, args, filters, page, perPage, version]);

    const numeric = (column: ListColumn) => column.kind === 'number';
    return (
        <Box sx={{ mt: 4 }} data-report-list={list.query.name}>
            <Box sx={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 2, mb: 1 }}>
                <Typography variant="h6" component="h3">
                    {list.label}
                </Typography>
                {list.filters.map(filter => (
                    <FormControl key={filter.name} size="small" sx={{ minWidth: 260, maxWidth: 600 }}>
                        <InputLabel id={`list-filter-${filter.name}`}>{filter.label}</InputLabel>
                        <Select
                            labelId={`list-filter-${filter.name}`}
                            multiple
                            value={filters[filter.name] ?? []}
                            onChange={event => {
                                const value = event.target.value;
                                setFilters({ ...filters, [filter.name]: typeof value === 'string' ? value.split(',') : value });
                                setPage(0);
                            }}
                            input={<OutlinedInput label={filter.label} />}
                            renderValue={selected => (
                                <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}>
                                    {selected.map(id => (
                                        <Chip key={id} size="small" label={filter.choices.find(c => c.id === id)?.name ?? id} />
                                    ))}
                                </Box>
                            )}
                        >
                            {filter.choices.map(choice => (
                                <MenuItem key={choice.id} value={choice.id}>
                                    {choice.name}
                                </MenuItem>
                            ))}
                        </Select>
                    </FormControl>
                ))}
            </Box>
            {state.error && <Alert severity="error">{state.error.message}</Alert>}
            <Box sx={{ minHeight: 4 }}>{state.loading && <LinearProgress />}</Box>
            {state.data && (
                <>
                    <Box sx={{ overflowX: 'auto' }}>
                        <Table size="small">
                            <TableHead>
                                <TableRow>
                                    {list.columns.map(column => (
                                        <TableCell key={column.name} align={numeric(column) ? 'right' : 'left'} sx={{ ...CELL, fontWeight: 600 }}>
                                            {column.label}
                                        </TableCell>
                                    ))}
                                    {list.action && <TableCell sx={{ ...CELL, fontWeight: 600 }}>{translate('jiafang.reports.list_action')}</TableCell>}
                                </TableRow>
                            </TableHead>
                            <TableBody>
                                {state.data.items.map((item, index) => (
                                    <TableRow key={index} hover>
                                        {list.columns.map(column => (
                                            <TableCell key={column.name} align={numeric(column) ? 'right' : 'left'} sx={CELL}>
                                                <Cell column={column} item={item} />
                                            </TableCell>
                                        ))}
                                        {list.action && (
                                            <TableCell sx={CELL}>
                                                <RowAction action={list.action} item={item} onDone={() => setVersion(v => v + 1)} />
                                            </TableCell>
                                        )}
                                    </TableRow>
                                ))}
                                {!state.data.items.length && <NoDataRow colSpan={list.columns.length + (list.action ? 1 : 0)} />}
                            </TableBody>
                        </Table>
                    </Box>
                    <TablePagination
                        component="div"
                        count={state.data.count}
                        page={page}
                        onPageChange={(_, next) => setPage(next)}
                        rowsPerPage={perPage}
                        rowsPerPageOptions={PER_PAGE_OPTIONS}
                        onRowsPerPageChange={event => {
                            setPerPage(Number(event.target.value));
                            setPage(0);
                        }}
                        labelRowsPerPage={translate('ra.navigation.page_rows_per_page')}
                        labelDisplayedRows={({ from, to, count }) =>
                            translate('ra.navigation.page_range_info', { offsetBegin: from, offsetEnd: to, total: count })
                        }
                    />
                </>
            )}
        </Box>
    );
};
