import PrintIcon from '@mui/icons-material/Print';
import { Button } from '@mui/material';
import { useEffect, useState } from 'react';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import { useSchema } from '../auto/useAdminModel';
import { downloadWithToken } from '../download';
import { loadPrintForms, printPathOf, type PrintForm } from './printForms';

/** The printed form the API declares for a resource, or null (also while it is being read). */
export const usePrintForm = (resource: string): PrintForm | null => {
    const schema = useSchema();
    const [form, setForm] = useState<PrintForm | null>(null);
    useEffect(() => {
        if (!schema) return undefined;
        let active = true;
        loadPrintForms(schema).then(
            forms => active && setForm(forms.get(resource) ?? null),
            () => active && setForm(null), // the form is a help: without it the page still works
        );
        return () => {
            active = false;
        };
    }, [schema, resource]);
    return form;
};

/**
 * Downloads the record in context laid out as its paper form (`GET <path>` with the bearer token),
 * labelled as the API says; nothing when the resource has no printed form.
 */
export const PrintFormButton = ({ resource }: { resource: string }) => {
    const record = useRecordContext();
    const form = usePrintForm(resource);
    const notify = useNotify();
    const translate = useTranslate();
    const [busy, setBusy] = useState(false);
    if (!record || !form) return null;
    const print = async () => {
        setBusy(true);
        try {
            const path = printPathOf(form, record.id);
            await downloadWithToken(path, path.split('/').pop() ?? `${record.id}.xlsx`);
        } catch (error) {
            notify(translate('jiafang.print.failed', { message: translate((error as Error).message) }), { type: 'error' });
        } finally {
            setBusy(false);
        }
    };
    return (
        <Button size="small" startIcon={<PrintIcon />} disabled={busy} onClick={print} title={translate('jiafang.print.hint')}>
            {form.label}
        </Button>
    );
};
