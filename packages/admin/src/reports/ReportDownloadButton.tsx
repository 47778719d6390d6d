import DownloadIcon from '@mui/icons-material/Download';
import { Button } from '@mui/material';
import { useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { downloadWithToken } from '../download';
import { downloadPathOf } from './args';
import { reportErrorOf, type ReportError } from './errors';
import type { ReportArgs, ReportInfo } from './types';

/** Saves the report's workbook for these arguments; rejects with the problem (and the argument it names). */
export const downloadReport = async (info: ReportInfo, args: ReportArgs): Promise<void> => {
    try {
        await downloadWithToken(downloadPathOf(info, args), `${info.title}.xlsx`);
    } catch (error) {
        throw reportErrorOf(error);
    }
};

/** 下载 Excel outside a form (the home page's charts): the server writes the report's printed form. */
export const ReportDownloadButton = ({ info, args }: { info: ReportInfo; args: ReportArgs }) => {
    const translate = useTranslate();
    const notify = useNotify();
    const [busy, setBusy] = useState(false);
    if (!info.download) return null;
    const download = async () => {
        setBusy(true);
        try {
            await downloadReport(info, args);
        } catch (error) {
            notify((error as ReportError).message, { type: 'error' });
        } finally {
            setBusy(false);
        }
    };
    return (
        <Button size="small" startIcon={<DownloadIcon />} onClick={download} disabled={busy}>
            {translate('jiafang.reports.download')}
        </Button>
    );
};
