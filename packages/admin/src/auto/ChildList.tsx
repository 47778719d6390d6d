import { Box } from '@mui/material';
import {
    CreateButton,
    Datagrid,
    Pagination,
    ReferenceManyField,
    useLocation,
    useRecordContext,
    WrapperField,
} from 'react-admin';
import { COMPACT_CELLS } from './AutoList';
import { EmptyState } from './EmptyState';
import { fieldFor } from './fieldFor';
import { DownloadButton, UploadButton } from './files';
import type { AdminModel, AutoField, AutoResource } from './types';

const CHILD_ROWS = 10;

interface ChildListProps {
    child: AutoField;
    parent: AutoResource;
    model: AdminModel;
}

/**
 * A child list on the parent's Show page (a school's `classes`, a case's `persuasionVisits`):
 * the child resource's rows whose reference points back here, with a prefilled "新建".
 */
export const ChildList = ({ child, parent, model }: ChildListProps) => {
    const record = useRecordContext();
    // The parent's page and tab, where the new child's form comes back to once saved.
    const { pathname } = useLocation();
    const target = model.byName.get(child.target!);
    if (!target || !record || !child.inverse) return null;
    const columns = target.listColumns
        .filter(name => name !== child.inverse)
        .flatMap(name => target.fields.find(f => f.name === name) ?? []);
    const ownsFiles = target.isFile && parent.upload?.attachmentResource === target.name;
    const create = target.can.create && target.createInputs.some(i => i.name === child.inverse) && (
        <CreateButton resource={target.name} state={{ record: { [child.inverse]: record.id }, returnTo: pathname }} />
    );
    return (
        <Box sx={{ width: '100%' }}>
            <Box sx={{ display: 'flex', justifyContent: 'flex-end', gap: 1 }}>
                {ownsFiles && parent.upload && <UploadButton upload={parent.upload} model={model} />}
                {create}
            </Box>
            <ReferenceManyField
                reference={target.name}
                target={child.inverse}
                sort={target.defaultSort}
                perPage={CHILD_ROWS}
                pagination={<Pagination rowsPerPageOptions={[CHILD_ROWS, 25, 50]} />}
            >
                <Datagrid rowClick="show" bulkActionButtons={false} sx={COMPACT_CELLS} empty={<EmptyState label={child.label} />}>
                    {columns.map(field => fieldFor(field, 'list'))}
                    {target.isFile && (
                        <WrapperField label="jiafang.file.file" sortable={false}>
                            <DownloadButton />
                        </WrapperField>
                    )}
                </Datagrid>
            </ReferenceManyField>
        </Box>
    );
};
