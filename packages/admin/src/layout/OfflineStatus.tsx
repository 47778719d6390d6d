import CloudOffIcon from '@mui/icons-material/CloudOff';
import CloudSyncIcon from '@mui/icons-material/CloudSync';
import { Chip, Tooltip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { useOnline, useWaitingWrites } from '../offline/useOutbox';

/** In the app bar: 离线, and how many records wait on this device ("2 条记录待同步"). */
export const OfflineStatus = () => {
    const translate = useTranslate();
    const online = useOnline();
    const waiting = useWaitingWrites();
    if (online && !waiting) return null;
    const label = waiting ? translate('jiafang.offline.waiting', { smart_count: waiting }) : translate('jiafang.offline.offline');
    const hint = online ? translate('jiafang.offline.waiting_hint') : translate('jiafang.offline.offline_hint');
    return (
        <Tooltip title={hint}>
            <Chip
                role="status"
                aria-label={`${label}：${hint}`}
                size="small"
                color="warning"
                icon={online ? <CloudSyncIcon /> : <CloudOffIcon />}
                label={label}
                sx={{ mx: 0.5, maxWidth: { xs: 120, sm: 'none' } }}
            />
        </Tooltip>
    );
};
