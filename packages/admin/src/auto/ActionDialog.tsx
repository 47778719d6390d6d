import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useState } from 'react';
import {
    Form,
    SaveButton,
    useDataProvider,
    useNotify,
    useRecordContext,
    useRefresh,
    useResourceContext,
    useTranslate,
} from 'react-admin';
import type { AdminDataProvider } from '../dataProvider';
import { graphQLErrorsOf } from '../graphqlErrors';
import { inputFor } from './inputFor';
import type { AdminModel, AutoAction } from './types';

type Values = Record<string, unknown>;

/** Field errors a BAD_USER_INPUT answer names, for the dialog's form; undefined when there are none. */
const fieldErrorsOf = (error: unknown): Values | undefined => {
    const body = (error as { body?: { errors?: Values } })?.body;
    const errors = body?.errors && Object.fromEntries(Object.entries(body.errors).filter(([key]) => key !== 'root'));
    return errors && Object.keys(errors).length ? errors : undefined;
};

interface ActionDialogProps {
    action: AutoAction;
    model: AdminModel;
    open: boolean;
    onClose: () => void;
}

/**
 * Runs a workflow step on the record in context, with the version the user saw. Its extra
 * arguments are asked for with the same inputs as forms, prefilled from the record.
 */
export const ActionDialog = ({ action, model, open, onClose }: ActionDialogProps) => {
    const record = useRecordContext();
    const resource = useResourceContext();
    const dataProvider = useDataProvider<AdminDataProvider>();
    const notify = useNotify();
    const refresh = useRefresh();
    const translate = useTranslate();
    const [running, setRunning] = useState(false);
    if (!record || !resource) return null;

    const defaults = Object.fromEntries(action.args.map(arg => [arg.name, record[arg.name] ?? undefined]));
    const submit = async (values: Values) => {
        setRunning(true);
        try {
            await dataProvider.runAction(resource, {
                mutation: action.mutation,
                id: String(record.id),
                version: typeof record.version === 'number' ? record.version : undefined,
                args: values,
            });
            notify('jiafang.action.done', { type: 'success', messageArgs: { action: action.label } });
            onClose();
            refresh();
            return undefined;
        } catch (error) {
            // Field problems go next to the inputs; the rest (CONFLICT, FORBIDDEN, rules) as a notice.
            const fieldErrors = fieldErrorsOf(error);
            const message = graphQLErrorsOf(error)[0]?.message ?? (error as Error).message;
            notify((error as Error).message || message, { type: 'error' });
            return fieldErrors;
        } finally {
            setRunning(false);
        }
    };

    return (
        <Dialog open={open} onClose={onClose} fullWidth maxWidth={action.args.length ? 'sm' : 'xs'} onClick={e => e.stopPropagation()}>
            <DialogTitle>{action.label}</DialogTitle>
            <Form record={defaults} onSubmit={submit}>
                <DialogContent>
                    <DialogContentText sx={{ mb: action.args.length ? 2 : 0 }}>
                        {action.description || translate('ra.message.are_you_sure')}
                    </DialogContentText>
                    {action.args.map(arg => inputFor(arg, model))}
                </DialogContent>
                <DialogActions>
                    <Button onClick={onClose} disabled={running}>
                        {translate('ra.action.cancel')}
                    </Button>
                    <SaveButton label={translate('ra.action.confirm')} icon={<></>} alwaysEnable disabled={running} />
                </DialogActions>
            </Form>
        </Dialog>
    );
};
