import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { onlineManager, useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
    Form,
    SaveButton,
    useNotify,
    useRecordContext,
    useRefresh,
    useResourceContext,
    useTranslate,
} from 'react-admin';
import type { AdminDataProvider } from '../dataProvider';
import { graphQLErrorsOf } from '../graphqlErrors';
import { inputFor } from './inputFor';
import { newWriteKey } from '../offline/writeKey';
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

type ActionVariables = Parameters<AdminDataProvider['runAction']>[1] & { resource: string };

/**
 * Runs a workflow step on the record in context, with the version the user saw. Its extra
 * arguments are asked for with the same inputs as forms, prefilled from the record. The step
 * goes through the outbox with an Idempotency-Key: pressed without a network (出发 on a village
 * road), it is kept on the device and sent once when the network returns.
 */
export const ActionDialog = ({ action, model, open, onClose }: ActionDialogProps) => {
    const record = useRecordContext();
    const resource = useResourceContext();
    const notify = useNotify();
    const refresh = useRefresh();
    const translate = useTranslate();
    const [running, setRunning] = useState(false);
    // One key per opened dialog: pressing 确认 again after a lost answer cannot do the step twice.
    const [writeKey] = useState(newWriteKey);
    // The data provider's runAction, by the outbox's default for this key (addResumableWrites).
    const step = useMutation<unknown, Error, ActionVariables>({ mutationKey: [resource, 'runAction'] });
    // The network failed under the step: it is sent again by itself, so the dialog need not wait.
    const waiting = running && step.failureCount > 0;
    useEffect(() => {
        if (!waiting) return;
        notify('jiafang.offline.queued', { type: 'info', autoHideDuration: 8000 });
        onClose();
    }, [waiting, notify, onClose]);
    if (!record || !resource) return null;

    const defaults = Object.fromEntries(action.args.map(arg => [arg.name, record[arg.name] ?? undefined]));
    const submit = async (values: Values) => {
        setRunning(true);
        const online = onlineManager.isOnline();
        const variables: ActionVariables = {
            resource,
            mutation: action.mutation,
            id: String(record.id),
            // Sent later, the step is judged by the record's state then (the API checks it), not by
            // a version the phone could not keep up to date.
            version: online && typeof record.version === 'number' ? record.version : undefined,
            args: values,
            writeKey,
        };
        if (!online) {
            step.mutate(variables);
            notify('jiafang.offline.queued', { type: 'info', autoHideDuration: 8000 });
            onClose();
            setRunning(false);
            return undefined;
        }
        try {
            await step.mutateAsync(variables);
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
