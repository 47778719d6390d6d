import FileDownloadIcon from '@mui/icons-material/FileDownload';
import PhotoCameraIcon from '@mui/icons-material/PhotoCamera';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, Typography } from '@mui/material';
import { useState, type ChangeEvent } from 'react';
import {
    Form,
    SaveButton,
    useDataProvider,
    useNotify,
    useRecordContext,
    useRefresh,
    useTranslate,
} from 'react-admin';
import type { AdminDataProvider } from '../dataProvider';
import { downloadWithToken } from '../download';
import { FILES_PATH } from '../fileUpload';
import { inputFor } from './inputFor';
import { isRetryable } from '../offline/outbox';
import { queueFile } from '../offline/fileOutbox';
import { onlineManager } from '@tanstack/react-query';
import { networkBack } from '../offline/network';
import { shrinkPhoto } from '../offline/photo';
import { newWriteKey } from '../offline/writeKey';
import type { AdminModel, AutoUpload } from './types';

/** Downloads the file record in context. */
export const DownloadButton = ({ label }: { label?: string }) => {
    const record = useRecordContext();
    const notify = useNotify();
    const translate = useTranslate();
    if (!record) return null;
    const download = (event: React.MouseEvent) => {
        event.stopPropagation();
        downloadWithToken(`${FILES_PATH}/${record.id}`, String(record.fileName ?? record.id)).catch((error: Error) =>
            notify(error.message, { type: 'error' }),
        );
    };
    return (
        <Button size="small" startIcon={<FileDownloadIcon />} onClick={download}>
            {label ?? translate('jiafang.file.download')}
        </Button>
    );
};

/** The dialog's inputs as multipart fields: given ones only, as text (the form also holds the record's own values). */
const formFields = (upload: AutoUpload, values: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(
        upload.args.flatMap(({ name }) => {
            const value = values[name];
            return value === undefined || value === null || value === '' ? [] : [[name, String(value)]];
        }),
    );

/**
 * Uploads a file owned by the record in context: streamed to `POST /files` with the owner
 * (`visitId: record.id`) and the upload mutation's other arguments (`kind`) as form fields,
 * with its progress; the lists showing files refresh once it is stored.
 */
export const UploadButton = ({ upload, model }: { upload: AutoUpload; model: AdminModel }) => {
    const record = useRecordContext();
    const dataProvider = useDataProvider<AdminDataProvider>();
    const notify = useNotify();
    const refresh = useRefresh();
    const translate = useTranslate();
    const [open, setOpen] = useState(false);
    const [file, setFile] = useState<File | null>(null);
    const [progress, setProgress] = useState<number | null>(null);
    const [error, setError] = useState<string | null>(null);
    // The network dropped under the upload: it goes on by itself when the network returns.
    const [waiting, setWaiting] = useState(false);
    const [shrinking, setShrinking] = useState(false);
    // One key per chosen file: sent again after a lost answer, it is stored once.
    const [writeKey, setWriteKey] = useState(newWriteKey);
    if (!record) return null;

    const close = () => {
        if (progress !== null) return; // not while sending
        setOpen(false);
        setFile(null);
        setError(null);
    };
    const submit = async (values: Record<string, unknown>) => {
        if (!file) return { [upload.fileNameArg]: translate('jiafang.file.choose') };
        setError(null);
        setProgress(0);
        const params = { fields: { ...formFields(upload, values), [upload.ownerArg]: String(record.id) }, file, onProgress: setProgress, writeKey };
        // No network: the photo waits on the device and goes when the network returns (fileOutbox).
        const keep = async () => {
            await queueFile({ writeKey, resource: upload.attachmentResource, fields: params.fields, file });
            notify('jiafang.offline.photo_queued', { type: 'info', autoHideDuration: 8000 });
            setProgress(null);
            setWaiting(false);
            setOpen(false);
            setFile(null);
        };
        if (!onlineManager.isOnline()) {
            await keep();
            return undefined;
        }
        try {
            for (let attempt = 0; ; attempt++) {
                try {
                    await dataProvider.upload(upload.attachmentResource, params);
                    break;
                } catch (failure) {
                    if (!isRetryable(failure)) throw failure;
                    if (!onlineManager.isOnline()) {
                        await keep();
                        return undefined;
                    }
                    // A blip: tried again here, with the same key.
                    setWaiting(true);
                    await networkBack(Math.min(1000 * 2 ** attempt, 30_000));
                    setProgress(0);
                }
            }
            setWaiting(false);
            setProgress(null);
            notify('jiafang.file.uploaded', { type: 'success', messageArgs: { name: file.name } });
            setOpen(false);
            setFile(null);
            refresh();
        } catch (failure) {
            setWaiting(false);
            setProgress(null);
            // Shown in the dialog, the file still chosen: the user picks another or cancels.
            setError(translate((failure as Error).message, { _: (failure as Error).message }));
        }
        return undefined;
    };
    const choose = async (event: ChangeEvent<HTMLInputElement>) => {
        const chosen = event.target.files?.[0] ?? null;
        setError(null);
        setWriteKey(newWriteKey());
        if (!chosen) return setFile(null);
        setShrinking(true);
        setFile(await shrinkPhoto(chosen));
        setShrinking(false);
    };

    return (
        <>
            <Button size="small" startIcon={<UploadFileIcon />} onClick={() => setOpen(true)}>
                {translate('jiafang.file.upload')}
            </Button>
            <Dialog open={open} onClose={close} fullWidth maxWidth="sm">
                <DialogTitle>{translate('jiafang.file.upload')}</DialogTitle>
                <Form onSubmit={submit}>
                    <DialogContent>
                        <Box sx={{ mb: 2 }}>
                            <Button component="label" variant="outlined" startIcon={<UploadFileIcon />}>
                                {translate('jiafang.file.choose')}
                                <input hidden type="file" onChange={choose} data-testid="upload-file" />
                            </Button>
                            {/* On a phone: straight to the back camera. */}
                            <Button component="label" variant="outlined" startIcon={<PhotoCameraIcon />} sx={{ ml: 1 }}>
                                {translate('jiafang.file.camera')}
                                <input hidden type="file" accept="image/*" capture="environment" onChange={choose} data-testid="upload-camera" />
                            </Button>
                            <Typography component="span" sx={{ ml: 2 }} variant="body2">
                                {shrinking ? translate('jiafang.file.shrinking') : file ? `${file.name}（${Math.ceil(file.size / 1024)} KB）` : ''}
                            </Typography>
                        </Box>
                        {upload.args.map(arg => inputFor(arg, model))}
                        {progress !== null && (
                            <Box sx={{ mt: 2 }} data-testid="upload-progress">
                                <LinearProgress variant="determinate" value={Math.round(progress * 100)} />
                                <Typography variant="caption">
                                    {waiting ? translate('jiafang.file.waiting') : translate('jiafang.file.sending', { percent: Math.round(progress * 100) })}
                                </Typography>
                            </Box>
                        )}
                        {error && (
                            <Alert severity="error" sx={{ mt: 2 }} data-testid="upload-error">
                                {error}
                            </Alert>
                        )}
                    </DialogContent>
                    <DialogActions>
                        <Button onClick={close} disabled={progress !== null}>{translate('ra.action.cancel')}</Button>
                        <SaveButton label={translate('jiafang.file.upload')} icon={<UploadFileIcon />} alwaysEnable disabled={!file || shrinking || progress !== null} />
                    </DialogActions>
                </Form>
            </Dialog>
        </>
    );
};
