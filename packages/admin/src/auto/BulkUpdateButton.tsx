import EditNoteIcon from '@mui/icons-material/EditNote';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useState } from 'react';
import {
    Form,
    FormDataConsumer,
    SaveButton,
    SelectInput,
    required,
    useListContext,
    useNotify,
    useRefresh,
    useResourceContext,
    useTranslate,
    useUnselectAll,
    useUpdateMany,
} from 'react-admin';
import { inputFor } from './inputFor';
import type { AdminModel, AutoResource } from './types';

// The form keeps the chosen field's name apart from the record's fields.
const FIELD_CHOICE = '__field';

/** "批量修改": one dialog choosing a field the role may change and its new value for every selected row. */
export const BulkUpdateButton = ({ resource, model }: { resource: AutoResource; model: AdminModel }) => {
    const resourceName = useResourceContext();
    const { selectedIds } = useListContext();
    const [updateMany, { isPending }] = useUpdateMany();
    const notify = useNotify();
    const refresh = useRefresh();
    const unselectAll = useUnselectAll(resourceName);
    const translate = useTranslate();
    const [open, setOpen] = useState(false);

    const submit = async (values: Record<string, unknown>) => {
        const field = String(values[FIELD_CHOICE] ?? '');
        if (!field) return { [FIELD_CHOICE]: translate('ra.validation.required') };
        await updateMany(
            resourceName,
            { ids: selectedIds, data: { [field]: values[field] ?? null } },
            {
                mutationMode: 'pessimistic',
                onSuccess: () => {
                    notify('ra.notification.updated', { type: 'success', messageArgs: { smart_count: selectedIds.length } });
                    setOpen(false);
                    unselectAll();
                    refresh();
                },
                onError: error => notify((error as Error).message, { type: 'error' }),
            },
        );
        return undefined;
    };

    return (
        <>
            <Button size="small" startIcon={<EditNoteIcon />} onClick={() => setOpen(true)}>
                {translate('jiafang.bulk.update')}
            </Button>
            <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
                <DialogTitle>{translate('jiafang.bulk.update')}</DialogTitle>
                <Form onSubmit={submit}>
                    <DialogContent>
                        <DialogContentText sx={{ mb: 2 }}>
                            {translate('jiafang.bulk.update_help', { smart_count: selectedIds.length, name: resource.label })}
                        </DialogContentText>
                        <SelectInput
                            source={FIELD_CHOICE}
                            label={translate('jiafang.bulk.field')}
                            choices={resource.bulkInputs.map(input => ({ id: input.name, name: input.label }))}
                            translateChoice={false}
                            validate={required()}
                            fullWidth
                        />
                        <FormDataConsumer>
                            {({ formData }) => {
                                const input = resource.bulkInputs.find(i => i.name === formData[FIELD_CHOICE]);
                                // Emptying a field is a valid bulk change: no required check on the value.
                                return input ? inputFor({ ...input, required: false }, model) : null;
                            }}
                        </FormDataConsumer>
                    </DialogContent>
                    <DialogActions>
                        <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
                        <SaveButton label={translate('ra.action.update')} icon={<EditNoteIcon />} disabled={isPending} alwaysEnable />
                    </DialogActions>
                </Form>
            </Dialog>
        </>
    );
};
