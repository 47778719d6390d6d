import { Box, Button, CircularProgress, Typography } from '@mui/material';

// Shown before <Admin> exists, so no i18n provider yet: plain Chinese text.

export const SchemaLoading = () => (
    <Box sx={{ display: 'flex', height: '100vh', alignItems: 'center', justifyContent: 'center' }}>
        <CircularProgress aria-label="加载中" />
    </Box>
);

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
