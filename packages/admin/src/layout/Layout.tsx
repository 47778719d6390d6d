import { Box } from '@mui/material';
import type { ReactNode } from 'react';
import { AppBar, Layout as RaLayout, LoadingIndicator, LocalesMenuButton } from 'react-admin';
import { Menu } from './Menu';
import { NotificationBell } from './NotificationBell';
import { OfflineStatus } from './OfflineStatus';
import { OutboxSync } from '../offline/OutboxSync';

// The content may shrink below its widest table, which then scrolls in its card (AutoList).
const SHRINKABLE_CONTENT = {
    minWidth: 0,
    '& .RaLayout-appFrame, & .RaLayout-contentWithSidebar, & .RaLayout-content, & .RaList-main, & .list-page': { minWidth: 0 },
};

// A long page title ends in … rather than running under the buttons on a phone.
const TITLE = { '& #react-admin-title': { minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } };

/** react-admin's bar with the outbox's state, the reminders' bell before the language (not on a phone) and the loading indicator. */
const Bar = () => (
    <AppBar
        sx={TITLE}
        toolbar={
            <>
                <OfflineStatus />
                <NotificationBell />
                <Box sx={{ display: { xs: 'none', sm: 'inline-flex' } }}>
                    <LocalesMenuButton />
                </Box>
                <LoadingIndicator />
            </>
        }
    />
);

export const Layout = ({ children }: { children: ReactNode }) => (
    <RaLayout menu={Menu} appBar={Bar} sx={SHRINKABLE_CONTENT}>
        <OutboxSync />
        {children}
    </RaLayout>
);
