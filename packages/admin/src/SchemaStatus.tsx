import { Box, Button, CircularProgress, Typography } from '@mui/material';
import { useOnline } from './offline/useOutbox';

// Shown before <Admin> exists, so no i18n provider yet: plain Chinese text.

/**
 * While the app starts. Opened with no network (the installed app on a village road), it says so
 * instead of spinning: the screens need the server, what was saved on the device waits for it.
 */
export const SchemaLoading = () => {
    const online = useOnline();
    return (
        <Box sx={{ display: 'flex', flexDirection: 'column', height: '100vh', alignItems: 'center', justifyContent: 'center', gap: 2, px: 3, textAlign: 'center' }}>
            <CircularProgress aria-label="加载中" />
            {!online && (
                <Typography role="status" variant="body1">
                    网络已断开：恢复后将自动继续。离线时保存的记录已在本机，不会丢失。
                </Typography>
            )}
        </Box>
    );
};

export const SchemaError = ({ error }: { error: Error }) => (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100vh', alignItems: 'center', justifyContent: 'center', gap: 2 }}>
        <Typography variant="h6">无法连接服务器，请稍后重试。</Typography>
        <Typography variant="body2" color="text.secondary">
            {error.message}
        </Typography>
        {/* ra-data-graphql caches the failed introspection, so retrying means reloading. */}
        <Button variant="contained" onClick={() => window.location.reload()}>
            重试
        </Button>
    </Box>
);
