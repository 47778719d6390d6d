import { DeleteButton, EditButton, Show, TabbedShowLayout, TopToolbar, useTranslate } from 'react-admin';
import { PrintFormButton } from '../print/PrintFormButton';
import { RecordDownloadButton } from '../print/RecordDownloadButton';
import { ChildList } from './ChildList';
import { fieldFor, sourceOf } from './fieldFor';
import { DownloadButton, UploadButton } from './files';
import { BOOKKEEPING } from './model';
import type { AdminModel, AutoField, AutoResource, FieldKind } from './types';
import { WorkflowButtons } from './WorkflowActions';
import { shownFields, TechnicalToggle, useTechnical } from './technical';

interface AutoShowProps {
    resource: AutoResource;
    model: AdminModel;
}

const ShowActions = ({ resource, model }: AutoShowProps) => (
    <TopToolbar sx={{ flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
        <TechnicalToggle model={model} />
        <WorkflowButtons resource={resource} model={model} />
        {resource.printForm && <PrintFormButton form={resource.printForm} />}
        {resource.downloads.map(d => (
            <RecordDownloadButton key={d.path} download={d} />
        ))}
        {resource.upload && <UploadButton upload={resource.upload} model={model} />}
        {resource.isFile && <DownloadButton />}
        {resource.can.edit && <EditButton />}
        {resource.can.delete && <DeleteButton mutationMode="pessimistic" />}
    </TopToolbar>
);

// Bookkeeping goes last on the page; wide values take a whole row of the grid.
const WIDE_KINDS = new Set<FieldKind>(['longText', 'embeddedList', 'json', 'refList', 'embedded']);
const DETAILS_CLASS = 'jiafang-details';

/** The details tab as a grid of labelled values, long texts and lists across. */
const detailsGrid = (fields: AutoField[]) => ({
    [`& .${DETAILS_CLASS}`]: {
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
        columnGap: 3,
        rowGap: 1.5,
        '& > *': { margin: '0 !important' },
    },
    ...Object.fromEntries(
        fields.filter(f => WIDE_KINDS.has(f.kind)).map(f => [`& .${DETAILS_CLASS} > .ra-field-${sourceOf(f).replace('.', '\\.')}`, { gridColumn: '1 / -1' }]),
    ),
});

/** The detail page of any resource: its fields, then one tab per child list. */
export const AutoShow = ({ resource, model }: AutoShowProps) => {
    const translate = useTranslate();
    // Ids and versions only with 技术信息 on (roles the API allows).
    const shown = shownFields(resource.fields, useTechnical(model)).filter(f => f.kind !== 'children');
    const fields = [...shown.filter(f => !BOOKKEEPING.has(f.name)), ...shown.filter(f => BOOKKEEPING.has(f.name))];
    return (
        <Show actions={<ShowActions resource={resource} model={model} />}>
            <TabbedShowLayout sx={detailsGrid(fields)}>
                <TabbedShowLayout.Tab label={translate('jiafang.show.details')} contentClassName={DETAILS_CLASS}>
                    {fields.map(field => fieldFor(field, 'show'))}
                </TabbedShowLayout.Tab>
                {resource.children.map(child => (
                    <TabbedShowLayout.Tab key={child.name} label={child.label} path={child.name}>
                        <ChildList child={child} parent={resource} model={model} />
                    </TabbedShowLayout.Tab>
                ))}
            </TabbedShowLayout>
        </Show>
    );
};
