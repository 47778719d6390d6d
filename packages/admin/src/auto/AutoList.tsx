import { Button } from '@mui/material';
import {
    BulkDeleteButton,
    CreateButton,
    DatagridConfigurable,
    FilterButton,
    FunctionField,
    List,
    SelectColumnsButton,
    TopToolbar,
    useListContext,
    useTranslate,
    WrapperField,
} from 'react-admin';
import { EmptyState } from './EmptyState';
import { shownFields, TechnicalToggle, useTechnical } from './technical';
import { BulkUpdateButton } from './BulkUpdateButton';
import { ExportMenu } from './ExportMenu';
import { ImportButton } from '../import/ImportButton';
import { fieldFor, sourceOf } from './fieldFor';
import { DownloadButton } from './files';
import { filterInputsOf } from './filterInputs';
import { listableFields, listMeta, PER_PAGE } from './listQuery';
import { RowActionsMenu } from './WorkflowActions';
import { CardList } from './CardList';
import { useMediaQuery, type Theme } from '@mui/material';
import type { AdminModel, AutoResource } from './types';

// Headers and short values (names, dates, labels) on one line; long texts are cut in fieldFor.
export const COMPACT_CELLS = {
    '& .RaDatagrid-headerCell': { whiteSpace: 'nowrap' },
    '& .RaDatagrid-rowCell': { whiteSpace: 'nowrap' },
};

interface AutoListProps {
    resource: AutoResource;
    model: AdminModel;
}

// Each setting of 技术信息 has its own column choice: the id and version columns come and go with it.
const datagridKey = (resource: AutoResource, technical: boolean) => `${resource.name}.datagrid${technical ? '.technical' : ''}`;

const ListActions = ({ resource, model }: AutoListProps) => {
    const technical = useTechnical(model);
    return (
        <TopToolbar sx={{ alignItems: 'center' }}>
            {resource.filters.some(f => f.kind !== 'search') && <FilterButton />}
            <TechnicalToggle model={model} />
            <SelectColumnsButton preferenceKey={datagridKey(resource, technical)} />
            {resource.can.create && <CreateButton />}
            <ImportButton resource={resource.name} />
            <ExportMenu />
        </TopToolbar>
    );
};

/** A filtered list with no rows: the empty state, and a way back to all rows. */
const ClearFilters = () => {
    const { filterValues, setFilters } = useListContext();
    const translate = useTranslate();
    if (!Object.keys(filterValues ?? {}).length) return null;
    return (
        <Button size="small" onClick={() => setFilters({}, [])}>
            {translate('ra.navigation.clear_filters')}
        </Button>
    );
};

const BulkActions = ({ resource, model }: AutoListProps) => (
    <>
        {resource.bulkInputs.length > 0 && <BulkUpdateButton resource={resource} model={model} />}
        {resource.can.bulkDelete && <BulkDeleteButton mutationMode="pessimistic" />}
    </>
);

/**
 * The list of any resource: columns, sorting and filters from the schema, the display field and a
 * few more shown at first, the rest in the column picker; bulk edit and delete, server export.
 */
export const AutoList = ({ resource, model }: AutoListProps) => {
    const technical = useTechnical(model);
    const fields = shownFields(listableFields(resource), technical);
    // With 技术信息 on, the id and version are shown as well as the usual columns.
    const omit = fields.filter(f => !resource.listColumns.includes(f.name) && !(technical && f.technical)).map(sourceOf);
    const empty = <EmptyState label={resource.label} action={<ClearFilters />} />;
    const hasBulk = resource.bulkInputs.length > 0 || resource.can.bulkDelete;
    const hasRowActions = resource.actions.some(a => a.inRows);
    // Below 600 px (a phone): cards, not a table to scroll sideways.
    const phone = useMediaQuery<Theme>(theme => theme.breakpoints.down('sm'));
    return (
        <List
            perPage={PER_PAGE}
            sort={resource.defaultSort}
            filters={filterInputsOf(resource, model)}
            actions={<ListActions resource={resource} model={model} />}
            empty={<EmptyState label={resource.label} action={resource.can.create ? <CreateButton /> : undefined} />}
            storeKey={`${resource.name}.list`}
            data-resource={resource.name}
            queryOptions={{ meta: listMeta(resource, model) }}
            // Wide tables scroll inside the card instead of widening the page.
            sx={{ '& .RaList-content': { overflowX: 'auto' } }}
        >
            {phone ? (
                <CardList resource={resource} fields={fields} empty={empty} />
            ) : (
                <DatagridConfigurable
                    key={datagridKey(resource, technical)}
                    preferenceKey={datagridKey(resource, technical)}
                    omit={omit}
                    empty={empty}
                    rowClick="show"
                    sx={COMPACT_CELLS}
                    bulkActionButtons={hasBulk ? <BulkActions resource={resource} model={model} /> : false}
                >
                    {fields.map(field => fieldFor(field, 'list'))}
                    {resource.isFile && (
                        <WrapperField label="jiafang.file.file" sortable={false}>
                            <DownloadButton />
                        </WrapperField>
                    )}
                    {hasRowActions && (
                        <FunctionField
                            label="jiafang.action.column"
                            sortable={false}
                            render={() => <RowActionsMenu resource={resource} model={model} />}
                        />
                    )}
                </DatagridConfigurable>
            )}
        </List>
    );
};
