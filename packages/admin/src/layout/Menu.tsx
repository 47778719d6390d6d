import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Collapse, List, ListItemButton, ListItemIcon, ListItemText } from '@mui/material';
import AssessmentIcon from '@mui/icons-material/Assessment';
import TerminalIcon from '@mui/icons-material/Terminal';
import { Menu as RaMenu, useSidebarState, useStore, useTranslate } from 'react-admin';
import { useAdminModel } from '../auto/useAdminModel';
import type { AutoResource } from '../auto/types';
import { useReportCatalog } from '../reports/catalog';
import { REPORTS_PATH } from '../reports/paths';
import { EXPLORER_PATH } from '../graphiql/paths';
import { AREAS, areaOf } from './areas';

const AreaSection = ({ areaKey, Icon, resources }: { areaKey: string; Icon: React.ComponentType; resources: AutoResource[] }) => {
    const translate = useTranslate();
    const [sidebarOpen] = useSidebarState();
    // Remembered per area, so a reload keeps the menu as the user left it.
    const [open, setOpen] = useStore(`jiafang.menu.${areaKey}`, true);
    const label = translate(`jiafang.area.${areaKey}`);
    return (
        <>
            <ListItemButton onClick={() => setOpen(!open)} dense aria-expanded={open} title={label}>
                <ListItemIcon sx={{ minWidth: 40 }}>
                    <Icon />
                </ListItemIcon>
                {sidebarOpen && <ListItemText primary={label} slotProps={{ primary: { fontWeight: 600, fontSize: 14 } }} />}
                {sidebarOpen && (open ? <ExpandLessIcon fontSize="small" /> : <ExpandMoreIcon fontSize="small" />)}
            </ListItemButton>
            <Collapse in={open} timeout="auto" unmountOnExit>
                <List disablePadding sx={{ pl: sidebarOpen ? 2 : 0 }}>
                    {resources.map(resource => (
                        <RaMenu.ResourceItem key={resource.name} name={resource.name} />
                    ))}
                </List>
            </Collapse>
        </>
    );
};

/** 报表, when the API offers the role any report. */
const ReportsItem = () => {
    const translate = useTranslate();
    const state = useReportCatalog();
    if (state.status !== 'ready' || !state.catalog.reports.length) return null;
    return <RaMenu.Item to={REPORTS_PATH} primaryText={translate('jiafang.reports.menu')} leftIcon={<AssessmentIcon />} />;
};

/** The menu: the home page, the reports, then the readable resources grouped by area. */
export const Menu = () => {
    const model = useAdminModel();
    if (!model) return <RaMenu>{<RaMenu.DashboardItem />}</RaMenu>;
    return (
        <RaMenu>
            <RaMenu.DashboardItem />
            <ReportsItem />
            {/* Every role may query the API within its own rules: the explorer is for all. */}
            <RaMenu.Item to={EXPLORER_PATH} primaryText="GraphQL 查询" leftIcon={<TerminalIcon />} />
            {AREAS.map(area => {
                const resources = model.resources.filter(r => areaOf(r.area).key === area.key && r.inMenu);
                return resources.length ? (
                    <AreaSection key={area.key} areaKey={area.key} Icon={area.icon} resources={resources} />
                ) : null;
            })}
        </RaMenu>
    );
};
