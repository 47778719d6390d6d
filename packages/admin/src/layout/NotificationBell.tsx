import NotificationsIcon from '@mui/icons-material/Notifications';
import { Badge, Box, Button, IconButton, List, ListItemButton, ListItemText, Popover, Tooltip, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useCreatePath, useDataProvider, useNavigate, useResourceDefinitions, useTranslate } from 'react-admin';
import { useSchema } from '../auto/useAdminModel';
import type { AdminDataProvider } from '../dataProvider';

interface Reminder {
    id: string;
    title: string;
    body: string;
    createdAt: string;
    readAt: string | null;
    subjectType: string | null;
    subjectId: string | null;
}

const COUNT = '{ unreadNotificationCount }';
const LIST = '{ myNotifications(first: 20) { id title body createdAt readAt subjectType subjectId } }';
const READ = 'mutation ($ids: [ID!]) { markNotificationsRead(ids: $ids) }';
const KEY = ['jiafang', 'reminders'];

const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });

/** The bell in the app bar: unread reminders counted every minute, the latest in a list, each opening its record. */
const Bell = () => {
    const translate = useTranslate();
    const dataProvider = useDataProvider<AdminDataProvider>();
    const queries = useQueryClient();
    const navigate = useNavigate();
    const createPath = useCreatePath();
    const resources = useResourceDefinitions();
    const [anchor, setAnchor] = useState<HTMLElement | null>(null);
    const count = useQuery({
        queryKey: [...KEY, 'count'],
        queryFn: async () => (await dataProvider.runQuery<{ unreadNotificationCount: number }>({ text: COUNT })).data.unreadNotificationCount,
        refetchInterval: 60_000,
    });
    const list = useQuery({
        queryKey: [...KEY, 'list'],
        queryFn: async () => (await dataProvider.runQuery<{ myNotifications: Reminder[] }>({ text: LIST })).data.myNotifications,
        enabled: Boolean(anchor),
    });
    const markRead = async (ids: string[] | null) => {
        await dataProvider.runMutation({ text: READ, variables: { ids } });
        await queries.invalidateQueries({ queryKey: KEY });
    };
    const open = (r: Reminder) => {
        setAnchor(null);
        void markRead([r.id]);
        if (r.subjectType && r.subjectId && resources[r.subjectType]) navigate(createPath({ resource: r.subjectType, id: r.subjectId, type: 'show' }));
    };
    const unread = count.data ?? 0;
    return (
        <>
            <Tooltip title={translate('jiafang.notifications.unread', { smart_count: unread })}>
                <IconButton color="inherit" aria-label={translate('jiafang.notifications.title')} data-unread={unread} onClick={e => setAnchor(e.currentTarget)}>
                    <Badge badgeContent={unread} color="error" max={99}>
                        <NotificationsIcon />
                    </Badge>
                </IconButton>
            </Tooltip>
            <Popover open={Boolean(anchor)} anchorEl={anchor} onClose={() => setAnchor(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }} transformOrigin={{ vertical: 'top', horizontal: 'right' }}>
                <Box sx={{ width: 'min(380px, 100vw)', maxHeight: '70vh', overflowY: 'auto' }} data-reminders>
                    <Box sx={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', px: 2, pt: 1 }}>
                        <Typography variant="subtitle1">{translate('jiafang.notifications.title')}</Typography>
                        {unread > 0 && <Button size="small" onClick={() => void markRead(null)}>{translate('jiafang.notifications.mark_all')}</Button>}
                    </Box>
                    {list.data?.length === 0 && (
                        <Typography sx={{ px: 2, py: 3 }} color="text.secondary">
                            {translate('jiafang.notifications.empty')}
                        </Typography>
                    )}
                    <List dense>
                        {list.data?.map(r => (
                            <ListItemButton key={r.id} onClick={() => open(r)} sx={{ alignItems: 'flex-start', fontWeight: r.readAt ? undefined : 600 }}>
                                <ListItemText
                                    primary={r.title}
                                    secondary={`${when(r.createdAt)} · ${r.body}`}
                                    slotProps={{ primary: { sx: { fontWeight: r.readAt ? 400 : 600 } } }}
                                />
                            </ListItemButton>
                        ))}
                    </List>
                </Box>
            </Popover>
        </>
    );
};

/** Shown where the API offers reminders. */
export const NotificationBell = () => (useSchema()?.queries.has('unreadNotificationCount') ? <Bell /> : null);
