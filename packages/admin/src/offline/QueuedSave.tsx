import { useMutationState } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNotify, useRedirect } from 'react-admin';
import { writeKeyOf } from './writeKey';

/**
 * In a create form: once its save waits in the outbox for a network, the teacher is told so in
 * Chinese and taken back to the list, instead of watching the button spin.
 */
export const QueuedSave = ({ resource, writeKey }: { resource: string; writeKey: string }) => {
    const notify = useNotify();
    const redirect = useRedirect();
    const queued = useMutationState({
        filters: {
            mutationKey: [resource, 'create'],
            predicate: m => m.state.isPaused && writeKeyOf(m) === writeKey,
        },
        select: m => m.mutationId,
    }).length;
    useEffect(() => {
        if (!queued) return;
        notify('jiafang.offline.queued', { type: 'info', autoHideDuration: 8000 });
        redirect('list', resource);
    }, [queued, notify, redirect, resource]);
    return null;
};
