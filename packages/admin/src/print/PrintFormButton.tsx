import PreviewIcon from '@mui/icons-material/Preview';
import PrintIcon from '@mui/icons-material/Print';
import { Button } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import type { PrintForm } from '../auto/types';
import { downloadWithToken, openWithToken } from '../download';

/** The path of one record's printed form: `{id}` replaced by the record's id. */
const printPathOf = (form: PrintForm, id: string | number): string => form.path.replace('{id}', encodeURIComponent(String(id)));

/** The same form as a page to print from the browser: the API serves `.html` beside each `.xlsx` (http/forms.ts). */
const pagePathOf = (path: string): string => path.replace(/\.xlsx$/, '.html');

/**
 * The record in context laid out as its paper form (`GET <path>` with the bearer token), labelled
 * as the API says (the resource's `printForm` in the session's metadata): downloaded as Excel, or
 * opened in a new tab as a page to print (打印预览).
 */
export const PrintFormButton = ({ form }: { form: PrintForm }) => {
    const record = useRecordContext();
    const notify = useNotify();
    const translate = useTranslate();
    const [busy, setBusy] = useState(false);
    if (!record) return null;
    const run = async (fetchForm: (path: string) => Promise<void>) => {
        setBusy(true);
        try {
            await fetchForm(printPathOf(form, record.id));
        } catch (error) {
            notify(translate('jiafang.print.failed', { message: translate((error as Error).message) }), { type: 'error' });
        } finally {
            setBusy(false);
        }
    };
    const download = (path: string) => downloadWithToken(path, path.split('/').pop() ?? `${record.id}.xlsx`);
    const preview = (path: string) => openWithToken(pagePathOf(path), translate('jiafang.download.preparing'));
    return (
        <>
            <Button size="small" startIcon={<PrintIcon />} disabled={busy} onClick={() => run(download)} title={translate('jiafang.print.hint')}>
                {form.label}
            </Button>
            <Button size="small" startIcon={<PreviewIcon />} disabled={busy} onClick={() => run(preview)} title={translate('jiafang.print.preview_hint')}>
                {translate('jiafang.print.preview')}
            </Button>
        </>
    );
};
