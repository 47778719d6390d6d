import AccountTreeIcon from '@mui/icons-material/AccountTree';
import BackpackIcon from '@mui/icons-material/Backpack';
import FolderOpenIcon from '@mui/icons-material/FolderOpen';
import GroupsIcon from '@mui/icons-material/Groups';
import HandshakeIcon from '@mui/icons-material/Handshake';
import HomeWorkIcon from '@mui/icons-material/HomeWork';
import SettingsIcon from '@mui/icons-material/Settings';
import VolunteerActivismIcon from '@mui/icons-material/VolunteerActivism';
import type { ComponentType } from 'react';

/**
 * The areas the API files its resources under (`resources { area }`), in menu order. Areas are
 * not resources: their names and icons live here. Translation keys are in i18n (jiafang.area.*).
 */
export const AREAS: { key: string; icon: ComponentType }[] = [
    { key: 'org', icon: AccountTreeIcon },
    { key: 'roster', icon: GroupsIcon },
    { key: 'visit', icon: HomeWorkIcon },
    { key: 'pairing', icon: HandshakeIcon },
    { key: 'assistance', icon: VolunteerActivismIcon },
    { key: 'dropout', icon: BackpackIcon },
    { key: 'system', icon: SettingsIcon },
    // Resources of an area the admin does not know, or all of them before the API says.
    { key: 'other', icon: FolderOpenIcon },
];

export const areaOf = (key: string) => AREAS.find(area => area.key === key) ?? AREAS[AREAS.length - 1]!;
