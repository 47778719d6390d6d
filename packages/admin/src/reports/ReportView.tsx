import DownloadIcon from '@mui/icons-material/Download';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { Alert, Box, Button, LinearProgress, Paper, Typography } from '@mui/material';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Form, useTranslate } from 'react-admin';
import { useAdminModel, useSchema } from '../auto/useAdminModel';
import { argInput } from './argInputs';
import { initialArgsOf, missingArgs, reportArgsOf } from './args';
import type { ReportError } from './errors';
import { reportListOf } from './query';
import { downloadReport } from './ReportDownloadButton';
import { ReportListSection } from './ReportListSection';
import { ReportTable } from './ReportTable';
import { useReportRunner } from './useReportRun';
import type { ReportArgs, ReportDefaults, ReportInfo, ReportResult } from './types';

// The report kind whose figures have a list of students behind them.
const WITH_LIST = 'compliance';

const Heading = ({ result }: { result: ReportResult }) => {
    const translate = useTranslate();
    const facts = [
        result.unitName && translate('jiafang.reports.unit', { unit: result.unitName }),
        result.period && translate('jiafang.reports.period', { period: result.period }),
        result.from && result.to && translate('jiafang.reports.range', { from: result.from, to: result.to }),
        result.asOf && translate('jiafang.reports.as_of', { date: result.asOf }),
    ].filter(Boolean);
    return (
        <Box sx={{ mb: 1.5, textAlign: 'center' }}>
            <Typography variant="h6" component="h3">
                {result.title}
            </Typography>
            <Typography variant="body2" color="text.secondary">
                {facts.join('　')}
            </Typography>
        </Box>
    );
};

/** One report: its arguments as a form, its table, its download, and for compliance its list. */
export const ReportView = ({ info, defaults }: { info: ReportInfo; defaults: ReportDefaults }) => {
    const translate = useTranslate();
    const schema = useSchema();
    const model = useAdminModel();
    const args = useMemo(() => (schema && model ? reportArgsOf(schema, model, info) : []), [schema, model, info]);
    const initial = useMemo(() => initialArgsOf(args, info, defaults), [args, info, defaults]);
    const { state: run, run: runReport } = useReportRunner(info);
    const [problem, setProblem] = useState<ReportError>();
    const [downloading, setDownloading] = useState(false);
    // Both buttons submit the form (so required arguments are checked); the one clicked says what for.
    const intent = useRef<'run' | 'download'>('run');
    const list = useMemo(
        () => (schema && model && (info.list || info.kind === WITH_LIST) ? reportListOf(schema, model, info) : undefined),
        [schema, model, info],
    );

    // Opens with the default period when nothing required is missing.
    const ready = !!schema && !!model;
    useEffect(() => {
        if (ready && !missingArgs(args, initial).length) void runReport(initial).then(setProblem);
    }, [ready, args, initial, runReport]);

    if (!model) return null;

    const submit = async (values: ReportArgs) => {
        const action = intent.current;
        intent.current = 'run';
        setProblem(undefined);
        let error: ReportError | undefined;
        if (action === 'download') {
            setDownloading(true);
            error = await downloadReport(info, values).then(
                () => undefined,
                (e: unknown) => e as ReportError,
            );
            setDownloading(false);
        } else {
            error = await runReport(values);
        }
        setProblem(error);
        // Returned errors go under their inputs (react-admin's server-side validation).
        return error?.field && args.some(a => a.name === error.field) ? { [error.field]: error.message } : undefined;
    };

    const result = run.status === 'ready' ? run.result : run.status === 'loading' ? run.previous : undefined;
    const ranWith = run.status === 'ready' ? run.args : undefined;
    const listArgs = list && ranWith ? Object.fromEntries(Object.entries(ranWith).filter(([k]) => info.args.includes(k))) : undefined;
    return (
        <Box>
            <Typography variant="h5" component="h2">
                {info.title}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
                {[info.description, info.form && translate('jiafang.reports.form', { form: info.form })].filter(Boolean).join(' · ')}
            </Typography>
            <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
                <Form defaultValues={initial} onSubmit={(values: ReportArgs) => submit(values)}>
                    <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2, alignItems: 'flex-start' }}>
                        {args.map(arg => argInput(arg, model, translate))}
                    </Box>
                    <Box sx={{ display: 'flex', gap: 1, mt: 1 }}>
                        <Button type="submit" variant="contained" startIcon={<PlayArrowIcon />} disabled={run.status === 'loading'}>
                            {translate('jiafang.reports.run')}
                        </Button>
                        {info.download && (
                            <Button
                                type="submit"
                                variant="outlined"
                                startIcon={<DownloadIcon />}
                                disabled={downloading}
                                onClick={() => {
                                    intent.current = 'download';
                                }}
                            >
                                {translate('jiafang.reports.download')}
                            </Button>
                        )}
                    </Box>
                </Form>
            </Paper>
            {problem && (
                <Alert severity="error" sx={{ mb: 2 }}>
                    {problem.message}
                </Alert>
            )}
            <Box sx={{ minHeight: 4, mb: 1 }}>{run.status === 'loading' && <LinearProgress />}</Box>
            {run.status === 'idle' && !result && <Typography color="text.secondary">{translate('jiafang.reports.missing_args')}</Typography>}
            {result && (
                <Paper variant="outlined" sx={{ p: 2 }}>
                    <Heading result={result} />
                    <ReportTable info={info} result={result} />
                </Paper>
            )}
            {list && listArgs && <ReportListSection key={JSON.stringify(listArgs)} list={list} args={listArgs} />}
        </Box>
    );
};
