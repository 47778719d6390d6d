import FileDownloadIcon from '@mui/icons-material/FileDownload';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
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
import { inputFor } from './inputFor';
import type { AdminModel, AutoUpload } from './types';

// Files are served by the API at /files/<id>, with the bearer token (http/files.ts).
const FILES_PATH = '/files';

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

const base64Of = (file: File): Promise<string> =>
    new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(file);
    });

/** Uploads a file owned by the record in context (`uploadAttachment(…, visitId: record.id)`). */
export const UploadButton = ({ upload, model }: { upload: AutoUpload; model: AdminModel }) => {
    const record = useRecordContext();
    const dataProvider = useDataProvider<AdminDataProvider>();
    const notify = useNotify();
    const refresh = useRefresh();
    const translate = useTranslate();
    const [open, setOpen] = useState(false);
    const [file, setFile] = useState<File | null>(null);
    if (!record) return null;

    const close = () => {
        setOpen(false);
        setFile(null);
    };
    const submit = async (values: Record<string, unknown>) => {
        if (!file) return { [upload.fileNameArg]: translate('jiafang.file.choose') };
        try {
            const content = await base64Of(file);
            await dataProvider.upload(upload.attachmentResource, {
                mutation: upload.mutation,
                args: { ...values, [upload.fileNameArg]: file.name, [upload.contentArg]: content, [upload.ownerArg]: record.id },
            });
            notify('jiafang.file.uploaded', { type: 'success', messageArgs: { name: file.name } });
            close();
            refresh();
        } catch (error) {
            notify((error as Error).message, { type: 'error' });
        }
        return undefined;
    };
    const choose = (event: ChangeEvent<HTMLInputElement>) => setFile(event.target.files?.[0] ?? null);

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
                            <Typography component="span" sx={{ ml: 2 }} variant="body2">
                                {file ? `${file.name}（${Math.ceil(file.size / 1024)} KB）` : ''}
                            </Typography>
                        </Box>
                        {upload.args.map(arg => inputFor(arg, model))}
                    </DialogContent>
                    <DialogActions>
                        <Button onClick={close}>{translate('ra.action.cancel')}</Button>
                        <SaveButton label={translate('jiafang.file.upload')} icon={<UploadFileIcon />} alwaysEnable disabled={!file} />
                    </DialogActions>
                </Form>
            </Dialog>
        </>
    );
};
