import DownloadIcon from '@mui/icons-material/Download';
import { Button, Menu, MenuItem } from '@mui/material';
import { useState } from 'react';
import { useListContext, useNotify, useResourceContext, useStore, useTranslate } from 'react-admin';
import { downloadWithToken } from '../download';
import { TECHNICAL_KEY } from './technical';

// The API writes every filtered row itself (react-admin's ExportButton stops at 1,000).
const EXPORT_PATH = '/export';
const FORMATS = ['xlsx', 'csv'] as const;

/** Exports all rows matching the list's filter and order, as the server writes them. */
export const ExportMenu = () => {
    const resource = useResourceContext();
    const { filterValues, sort, total } = useListContext();
    const notify = useNotify();
    const translate = useTranslate();
    const [anchor, setAnchor] = useState<HTMLElement | null>(null);
    const [busy, setBusy] = useState(false);
    // The API adds 版本 and the like only for roles that may read them (me.technicalInfo).
    const [technical] = useStore<boolean>(TECHNICAL_KEY, false);
    if (!resource) return null;

    const exportAs = async (format: (typeof FORMATS)[number]) => {
        setAnchor(null);
        setBusy(true);
        const query = new URLSearchParams({ filter: JSON.stringify(filterValues ?? {}) });
        if (sort?.field) {
            query.set('sortField', sort.field);
            query.set('sortOrder', sort.order);
        }
        if (technical) query.set('technical', '1');
        try {
            await downloadWithToken(`${EXPORT_PATH}/${resource}.${format}?${query}`, `${resource}.${format}`);
        } catch (error) {
            notify((error as Error).message, { type: 'error' });
        } finally {
            setBusy(false);
        }
    };

    return (
        <>
            <Button size="small" startIcon={<DownloadIcon />} disabled={busy || total === 0} onClick={e => setAnchor(e.currentTarget)}>
                {translate('ra.action.export')}
            </Button>
            <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
                {FORMATS.map(format => (
                    <MenuItem key={format} onClick={() => exportAs(format)}>
                        {translate(`jiafang.export.${format}`)}
                    </MenuItem>
                ))}
            </Menu>
        </>
    );
};
