import { Card } from '@mui/material';
import { Title } from 'react-admin';
import { Explorer } from './Explorer';

/** GraphQL 查询, a page of the admin: the explorer with the signed-in session's token. */
export const ExplorerPage = () => (
    <Card sx={{ mt: 1, height: 'calc(100vh - 96px)', minHeight: 480 }}>
        <Title title="GraphQL 查询" />
        <Explorer />
    </Card>
);
