import { onlineManager } from '@tanstack/react-query';

/** Resolves after `ms`, and not before the browser has a network again. */
export const networkBack = (ms: number): Promise<void> =>
    new Promise(resolve => {
        setTimeout(() => {
            if (onlineManager.isOnline()) return resolve();
            const stop = onlineManager.subscribe(online => {
                if (!online) return;
                stop();
                resolve();
            });
        }, ms);
    });
