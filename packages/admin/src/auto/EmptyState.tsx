import InboxOutlinedIcon from '@mui/icons-material/InboxOutlined';
import { Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useTranslate } from 'react-admin';

/**
 * The one way an empty list reads, everywhere (lists, child lists, cards, the dashboard):
 * 暂无<resource> with an icon, and what the role may do about it (a create button).
 */
export const EmptyState = ({ label, action, dense = false }: { label: string; action?: ReactNode; dense?: boolean }) => {
    const translate = useTranslate();
    return (
        <Box
            className="jiafang-empty"
            sx={{ display: 'flex', flexDirection: dense ? 'row' : 'column', alignItems: 'center', justifyContent: 'center', gap: 1, p: dense ? 1 : 4, color: 'text.secondary', width: '100%' }}
        >
            <InboxOutlinedIcon sx={{ fontSize: dense ? 24 : 48, opacity: 0.6 }} />
            <Typography color="text.secondary">{translate('jiafang.empty.none', { name: label })}</Typography>
            {action}
        </Box>
    );
};
