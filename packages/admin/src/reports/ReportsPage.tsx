import { Alert, Box, Card, CardActionArea, CardContent, Grid, List, ListItemButton, ListItemText, Paper, Skeleton, Typography } from '@mui/material';
import { Link, Title, useParams, useTranslate } from 'react-admin';
import { useReportCatalog } from './catalog';
import { ReportView } from './ReportView';
import { reportPath } from './paths';
import type { ReportInfo } from './types';

/**
 * Every report the role reads, as cards: its form's real name (慰问金额统计表), what it counts,
 * and last, small, the circular and attachment it follows (000 附表).
 */
const Catalog = ({ reports }: { reports: ReportInfo[] }) => {
    const translate = useTranslate();
    return (
        <Grid container spacing={2}>
            {reports.map(info => (
                <Grid key={info.name} size={{ xs: 12, md: 6, xl: 4 }}>
                    <Card variant="outlined" sx={{ height: '100%' }}>
                        <CardActionArea component={Link} to={reportPath(info)} sx={{ height: '100%', alignItems: 'flex-start' }}>
                            <CardContent>
                                <Typography variant="h6" component="h2">
                                    {info.title}
                                </Typography>
                                <Typography variant="body2" gutterBottom>
                                    {info.description}
                                </Typography>
                                {info.form && (
                                    <Typography variant="caption" color="text.secondary">
                                        {translate('jiafang.reports.form', { form: info.form })}
                                    </Typography>
                                )}
                            </CardContent>
                        </CardActionArea>
                    </Card>
                </Grid>
            ))}
        </Grid>
    );
};

/** The reports beside the one open, by name. */
const Sidebar = ({ reports, current }: { reports: ReportInfo[]; current: string }) => (
    <Paper variant="outlined" sx={{ width: { xs: '100%', md: 200 }, flexShrink: 0, alignSelf: 'flex-start' }}>
        <List dense disablePadding component="nav">
            {reports.map(info => (
                <ListItemButton key={info.name} component={Link} to={reportPath(info)} selected={info.name === current}>
                    <ListItemText primary={info.title} />
                </ListItemButton>
            ))}
        </List>
    </Paper>
);

/** 报表: the reports of the role, generated from the API's report metadata. */
export const ReportsPage = () => {
    const translate = useTranslate();
    const { name } = useParams<{ name?: string }>();
    const state = useReportCatalog();
    const title = translate('jiafang.reports.title');
    if (state.status === 'loading') {
        return (
            <Box sx={{ p: 2 }}>
                <Title title={title} />
                <Skeleton variant="rectangular" height={200} />
            </Box>
        );
    }
    if (state.status === 'error') {
        return (
            <Box sx={{ p: 2 }}>
                <Title title={title} />
                <Alert severity="error">{state.error.message}</Alert>
            </Box>
        );
    }
    const { reports, defaults } = state.catalog;
    const current = reports.find(r => r.name === name);
    return (
        <Box sx={{ p: 2 }}>
            <Title title={current ? `${title} · ${current.title}` : title} />
            {!reports.length && <Typography color="text.secondary">{translate('jiafang.reports.none')}</Typography>}
            {name && !current && reports.length > 0 && (
                <Alert severity="warning" sx={{ mb: 2 }}>
                    {translate('jiafang.reports.not_found')}
                </Alert>
            )}
            {current ? (
                <Box sx={{ display: 'flex', flexDirection: { xs: 'column', md: 'row' }, gap: 2, minWidth: 0 }}>
                    <Sidebar reports={reports} current={current.name} />
                    <Box sx={{ flex: 1, minWidth: 0 }}>
                        <ReportView key={current.name} info={current} defaults={defaults} />
                    </Box>
                </Box>
            ) : (
                <Catalog reports={reports} />
            )}
        </Box>
    );
};
