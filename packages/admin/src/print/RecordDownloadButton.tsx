import FolderZipIcon from '@mui/icons-material/FolderZip';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { useRecordContext, useTranslate } from 'react-admin';
import type { RecordDownload } from '../auto/types';
import { downloadWithToken } from '../download';

const initialValues = (download: RecordDownload): Record<string, string> =>
    Object.fromEntries(download.params.map(p => [p.name, p.defaultValue ?? '']));

/** The path of one record's download: `{id}` replaced, the filled-in parameters as its query string. */
const pathOf = (download: RecordDownload, id: string | number, values: Record<string, string>): string => {
    const query = new URLSearchParams(Object.entries(values).filter(([, v]) => v !== ''));
    const path = download.path.replace('{id}', encodeURIComponent(String(id)));
    return query.size ? `${path}?${query}` : path;
};

/**
 * A download built from the record in context (a school's 控辍保学 archive), as the API declares it
 * in `resources { downloads }`: a dialog asks for its parameters (school year, semester), then the
 * file is fetched with the bearer token; the API's refusal is shown in the dialog.
 */
export const RecordDownloadButton = ({ download }: { download: RecordDownload }) => {
    const record = useRecordContext();
    const translate = useTranslate();
    const [open, setOpen] = useState(false);
    const [values, setValues] = useState(() => initialValues(download));
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState<string | null>(null);
    if (!record) return null;
    const missing = download.params.some(p => p.required && !values[p.name]);
    const start = async () => {
        setBusy(true);
        setError(null);
        try {
            const path = pathOf(download, record.id, values);
            await downloadWithToken(path, path.split('/').pop()!.split('?')[0]);
            setOpen(false);
        } catch (failure) {
            setError(translate('jiafang.download.failed_with', { message: translate((failure as Error).message, { _: (failure as Error).message }) }));
        } finally {
            setBusy(false);
        }
    };
    return (
        <>
            <Button size="small" startIcon={<FolderZipIcon />} onClick={() => setOpen(true)}>
                {download.label}
            </Button>
            <Dialog open={open} onClose={() => !busy && setOpen(false)} fullWidth maxWidth="xs">
                <DialogTitle>{download.label}</DialogTitle>
                <DialogContent>
                    <Stack spacing={2} sx={{ mt: 1 }}>
                        {download.params.map(p => (
                            <TextField
                                key={p.name}
                                select={!!p.choices}
                                label={p.label}
                                required={p.required}
                                value={values[p.name] ?? ''}
                                helperText={p.example ? translate('jiafang.download.example', { example: p.example }) : undefined}
                                onChange={event => setValues({ ...values, [p.name]: event.target.value })}
                                inputProps={{ 'data-testid': `download-${p.name}` }}
                            >
                                {p.choices && [
                                    <MenuItem key="" value="">
                                        —
                                    </MenuItem>,
                                    ...p.choices.map(c => (
                                        <MenuItem key={c.id} value={c.id}>
                                            {c.name}
                                        </MenuItem>
                                    )),
                                ]}
                            </TextField>
                        ))}
                        {busy && <Alert severity="info">{translate('jiafang.download.preparing')}</Alert>}
                        {error && (
                            <Alert severity="error" data-testid="download-error">
                                {error}
                            </Alert>
                        )}
                    </Stack>
                </DialogContent>
                <DialogActions>
                    <Button onClick={() => setOpen(false)} disabled={busy}>
                        {translate('ra.action.cancel')}
                    </Button>
                    <Button variant="contained" startIcon={<FolderZipIcon />} onClick={start} disabled={busy || missing}>
                        {translate('jiafang.download.start')}
                    </Button>
                </DialogActions>
            </Dialog>
        </>
    );
};
