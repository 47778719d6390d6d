import { onlineManager, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNotify } from 'react-admin';
import { sendQueuedFiles } from './fileOutbox';
import { onSentWrites, sent } from './sentWrites';

/**
 * In the layout: "离线时保存的 2 条记录已提交" once writes kept on the device reach the server; and
 * the photos kept on the device sent now and whenever the network returns.
 */
export const OutboxSync = () => {
    const notify = useNotify();
    const queryClient = useQueryClient();
    useEffect(() => {
        const send = () =>
            void sendQueuedFiles({
                sent: (_record, queued) => {
                    void queryClient.invalidateQueries({ queryKey: [queued.resource] });
                    sent(1);
                },
                refused: (error, queued) =>
                    notify('jiafang.offline.photo_refused', { type: 'error', messageArgs: { name: queued.file.name, message: error.message } }),
            });
        send();
        return onlineManager.subscribe(online => {
            if (online) send();
        });
    }, [queryClient, notify]);
    useEffect(() => {
        // One notice for a queue sent together.
        let total = 0;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const stop = onSentWrites(count => {
            total += count;
            clearTimeout(timer);
            timer = setTimeout(() => {
                notify('jiafang.offline.synced', { type: 'success', messageArgs: { smart_count: total } });
                total = 0;
            }, 300);
        });
        return () => {
            stop();
            clearTimeout(timer);
        };
    }, [notify]);
    return null;
};
