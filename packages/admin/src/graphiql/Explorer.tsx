import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { Box, FormControlLabel, Radio, RadioGroup, TextField, Typography } from '@mui/material';
import { GraphiQL } from 'graphiql';
import { buildClientSchema } from 'graphql';
import { useMemo, useRef, useState } from 'react';
import schema from 'virtual:jiafang-introspection';
import examples from 'virtual:jiafang-examples';
import { GRAPHQL_PATH } from '../graphqlEndpoint';
import { getToken } from '../token';

type Params = { query: string; variables?: unknown; operationName?: string | null };

// GraphiQL keeps tabs and history in localStorage: under a prefix of ours, and never the headers.
const PREFIX = 'jiafang.graphiql:';
const storage = {
    getItem: (key: string) => localStorage.getItem(PREFIX + key),
    setItem: (key: string, value: string) => localStorage.setItem(PREFIX + key, value),
    removeItem: (key: string) => localStorage.removeItem(PREFIX + key),
    clear: () => Object.keys(localStorage).filter(k => k.startsWith(PREFIX)).forEach(k => localStorage.removeItem(k)),
    get length() {
        return Object.keys(localStorage).filter(k => k.startsWith(PREFIX)).length;
    },
};

const TABS = examples.map(e => ({ query: `# ${e.title}\n${e.query}\n` }));

/**
 * GraphiQL over this server only (bundled; nothing from a CDN): the schema and its Chinese
 * descriptions come with the build, the docs' examples are its saved tabs, and requests carry the
 * signed-in session's token or an API token pasted here (kept in memory, never stored).
 */
export const Explorer = () => {
    const session = getToken();
    const [source, setSource] = useState<'session' | 'token'>(session ? 'session' : 'token');
    const [apiToken, setApiToken] = useState('');
    const auth = useRef<() => string | null>(() => null);
    auth.current = () => (source === 'session' ? getToken() : apiToken.trim() || null);

    const clientSchema = useMemo(() => buildClientSchema({ __schema: schema }), []);
    const fetcher = useMemo(
        () => async (params: Params) => {
            const token = auth.current();
            const res = await fetch(GRAPHQL_PATH, {
                method: 'POST',
                headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
                body: JSON.stringify(params),
            });
            return res.json();
        },
        [],
    );

    return (
        <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 0 }}>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, px: 2, py: 1, flexWrap: 'wrap', borderBottom: 1, borderColor: 'divider' }}>
                <Typography variant="subtitle2">身份</Typography>
                <RadioGroup row value={source} onChange={e => setSource(e.target.value as 'session' | 'token')}>
                    <FormControlLabel value="session" control={<Radio size="small" />} label="当前登录" disabled={!session} />
                    <FormControlLabel value="token" control={<Radio size="small" />} label="API 令牌" />
                </RadioGroup>
                {source === 'token' && (
                    <TextField
                        size="small"
                        type="password"
                        label="粘贴 API 令牌（jft_…）"
                        value={apiToken}
                        onChange={e => setApiToken(e.target.value)}
                        autoComplete="off"
                        sx={{ minWidth: 320 }}
                        slotProps={{ htmlInput: { 'aria-label': 'API 令牌' } }}
                    />
                )}
                <Typography variant="caption" color="text.secondary">
                    查询按所选身份的权限执行；右侧“Docs”为各字段的中文说明，标签页为文档中的示例查询。
                </Typography>
            </Box>
            <Box sx={{ flex: 1, minHeight: 0 }}>
                <GraphiQL fetcher={fetcher} schema={clientSchema} defaultTabs={TABS} storage={storage as Storage} shouldPersistHeaders={false} />
            </Box>
        </Box>
    );
};
