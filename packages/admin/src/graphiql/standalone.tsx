import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Explorer } from './Explorer';

// /graphiql: the explorer on a page of its own, for analysts who do not use the admin.
createRoot(document.getElementById('root')!).render(
    <StrictMode>
        <Explorer />
    </StrictMode>,
);
