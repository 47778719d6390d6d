import { useEffect } from 'react';
import { useNotify } from 'react-admin';
import { onSentWrites } from './sentWrites';

/** In the layout: "离线时保存的 2 条记录已提交" once writes kept on the device reach the server. */
export const OutboxSync = () => {
    const notify = useNotify();
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
