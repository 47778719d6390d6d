import { onlineManager, useMutationState } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';

/** Whether the browser believes it has a network (react-query pauses writes while it does not). */
export const useOnline = (): boolean => useSyncExternalStore(onlineManager.subscribe.bind(onlineManager), () => onlineManager.isOnline());

/** Writes not yet accepted by the server: waiting for a network, or sent again after a failure. */
export const useWaitingWrites = (): number =>
    useMutationState({
        filters: { status: 'pending', predicate: m => m.state.isPaused || m.state.failureCount > 0 },
        select: m => m.mutationId,
    }).length;
