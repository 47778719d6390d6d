import { useCallback, useEffect, useRef, useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { AdminDataProvider } from '../dataProvider';
import { useSchema } from '../auto/useAdminModel';
import { reportErrorOf, type ReportError } from './errors';
import { reportQuery } from './query';
import type { ReportArgs, ReportInfo, ReportResult } from './types';

export type RunState =
    | { status: 'idle' }
    | { status: 'loading'; previous?: ReportResult }
    | { status: 'ready'; result: ReportResult; args: ReportArgs }
    | { status: 'error'; error: ReportError };

/**
 * Runs a report on demand: `run(args)` answers the problem (undefined when it went well), so a
 * form can put a refused argument under its input. Only the latest run's answer is kept.
 */
export const useReportRunner = (info: ReportInfo) => {
    const dataProvider = useDataProvider<AdminDataProvider>();
    const schema = useSchema();
    const [state, setState] = useState<RunState>({ status: 'idle' });
    const latest = useRef(0);
    useEffect(
        () => () => {
            latest.current += 1; // unmounted: later answers are dropped
        },
        [],
    );
    const run = useCallback(
        async (args: ReportArgs): Promise<ReportError | undefined> => {
            if (!schema) return undefined;
            const id = ++latest.current;
            setState(current => ({ status: 'loading', previous: current.status === 'ready' ? current.result : undefined }));
            try {
                const { data } = await dataProvider.runQuery<{ result: ReportResult }>(reportQuery(schema, info, args));
                if (id === latest.current) setState({ status: 'ready', result: data.result, args });
                return undefined;
            } catch (error) {
                const problem = reportErrorOf(error);
                if (id === latest.current) setState({ status: 'error', error: problem });
                return problem;
            }
        },
        [dataProvider, schema, info],
    );
    return { state, run };
};
