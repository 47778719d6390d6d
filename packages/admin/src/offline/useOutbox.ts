import { onlineManager, useMutationState } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { onQueuedFiles } from './fileOutbox';

/** Whether the browser believes it has a network (react-query pauses writes while it does not). */
export const useOnline = (): boolean => useSyncExternalStore(onlineManager.subscribe.bind(onlineManager), () => onlineManager.isOnline());

/** Writes not yet accepted by the server: waiting for a network, or sent again after a failure; and photos kept on the device. */
export const useWaitingWrites = (): number => {
    const writes = useMutationState({
        filters: { status: 'pending', predicate: m => m.state.isPaused || m.state.failureCount > 0 },
        select: m => m.mutationId,
    }).length;
    const [files, setFiles] = useState(0);
    useEffect(() => onQueuedFiles(setFiles), []);
    return writes + files;
};
