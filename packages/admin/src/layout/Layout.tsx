import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { Menu } from './Menu';

// The content may shrink below its widest table, which then scrolls in its card (AutoList).
const SHRINKABLE_CONTENT = {
    minWidth: 0,
    '& .RaLayout-appFrame, & .RaLayout-contentWithSidebar, & .RaLayout-content, & .RaList-main, & .list-page': { minWidth: 0 },
};

export const Layout = ({ children }: { children: ReactNode }) => (
    <RaLayout menu={Menu} sx={SHRINKABLE_CONTENT}>
        {children}
    </RaLayout>
);
