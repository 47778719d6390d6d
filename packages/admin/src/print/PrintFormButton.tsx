import PrintIcon from '@mui/icons-material/Print';
import { Button } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import type { PrintForm } from '../auto/types';
import { downloadWithToken } from '../download';

/** The path of one record's printed form: `{id}` replaced by the record's id. */
const printPathOf = (form: PrintForm, id: string | number): string => form.path.replace('{id}', encodeURIComponent(String(id)));

/**
 * Downloads the record in context laid out as its paper form (`GET <path>` with the bearer token),
 * labelled as the API says (the resource's `printForm` in the session's metadata).
 */
export const PrintFormButton = ({ form }: { form: PrintForm }) => {
    const record = useRecordContext();
    const notify = useNotify();
    const translate = useTranslate();
    const [busy, setBusy] = useState(false);
    if (!record) return null;
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
