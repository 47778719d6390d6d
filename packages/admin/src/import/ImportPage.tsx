import DownloadIcon from '@mui/icons-material/Download';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
    Alert,
    Box,
    Button,
    Card,
    CardContent,
    FormControl,
    FormControlLabel,
    FormLabel,
    LinearProgress,
    MenuItem,
    Radio,
    RadioGroup,
    Select,
    Skeleton,
    Stack,
    Table,
    TableBody,
    TableCell,
    TableContainer,
    TableHead,
    TableRow,
    Typography,
} from '@mui/material';
import { useRef, useState, type ReactNode } from 'react';
import { Link, Title, useNotify, useParams, useTranslate } from 'react-admin';
import { downloadWithToken } from '../download';
import { useImportable } from './importables';
import type { ImportInfo, ImportMapping, ImportMode, ImportProgress, ImportResult } from './types';
import { postImport } from './upload';

/** The select's value for a column to leave out (the API's `null`). */
const IGNORE = '__ignore__';
const MODES: ImportMode[] = ['ALL_OR_NOTHING', 'VALID_ONLY'];

const Step = ({ n, title, children }: { n: number; title: string; children: ReactNode }) => (
    <Box sx={{ mb: 3 }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
            {n}. {title}
        </Typography>
        {children}
    </Box>
);

const Counts = ({ result }: { result: ImportResult }) => {
    const translate = useTranslate();
    const counts: Array<[string, number, 'default' | 'error' | 'success']> = [
        ['total', result.total, 'default'],
        ['created', result.created, 'success'],
        ['updated', result.updated, 'success'],
        ['unchanged', result.unchanged, 'default'],
        ['notWritten', result.notWritten, 'default'],
        ['failed', result.failed, result.failed ? 'error' : 'default'],
    ];
    return (
        <Stack direction="row" spacing={3} sx={{ my: 1, flexWrap: 'wrap' }} data-import-counts>
            {counts.map(([key, value, tone]) => (
                <Box key={key} data-count={key}>
                    <Typography variant="caption" color="text.secondary">
                        {translate(`jiafang.import.counts.${key}`)}
                    </Typography>
                    <Typography variant="h6" color={tone === 'error' ? 'error' : tone === 'success' ? 'success.main' : 'text.primary'}>
                        {value.toLocaleString()}
                    </Typography>
                </Box>
            ))}
        </Stack>
    );
};

/** The rows that failed: spreadsheet row, column head, what is wrong. */
const Problems = ({ result }: { result: ImportResult }) => {
    const translate = useTranslate();
    if (!result.errors.length) return <Alert severity="success">{translate('jiafang.import.no_problems')}</Alert>;
    return (
        <>
            <TableContainer sx={{ maxHeight: 360, border: 1, borderColor: 'divider', borderRadius: 1 }}>
                <Table size="small" stickyHeader data-import-problems>
                    <TableHead>
                        <TableRow>
                            <TableCell sx={{ width: 80 }}>{translate('jiafang.import.row')}</TableCell>
                            <TableCell sx={{ width: 160 }}>{translate('jiafang.import.column')}</TableCell>
                            <TableCell>{translate('jiafang.import.message')}</TableCell>
                        </TableRow>
                    </TableHead>
                    <TableBody>
                        {result.errors.map((e, i) => (
                            <TableRow key={`${e.row}-${i}`}>
                                <TableCell>{e.row}</TableCell>
                                <TableCell>{e.column ?? '—'}</TableCell>
                                <TableCell>{e.message}</TableCell>
                            </TableRow>
                        ))}
                    </TableBody>
                </Table>
            </TableContainer>
            {result.errorsTruncated && (
                <Typography variant="caption" color="text.secondary">
                    {translate('jiafang.import.truncated', { count: result.errors.length, total: result.errorCount })}
                </Typography>
            )}
        </>
    );
};

const ReportButton = ({ result }: { result: ImportResult }) => {
    const translate = useTranslate();
    const notify = useNotify();
    if (!result.errorReport) return null;
    const download = () =>
        downloadWithToken(result.errorReport!, 'import-errors.xlsx').catch((error: Error) =>
            notify(translate('jiafang.import.failed', { message: translate(error.message) }), { type: 'error' }),
        );
    return (
        <Button size="small" variant="outlined" startIcon={<DownloadIcon />} onClick={download} sx={{ mt: 1 }}>
            {translate('jiafang.import.report')}
        </Button>
    );
};

/** The mapping step: a field (or none) for every column the API could not place. */
const MappingStep = ({
    request,
    choices,
    setChoices,
    onRecheck,
    busy,
}: {
    request: ImportMapping;
    choices: Record<string, string>;
    setChoices: (c: Record<string, string>) => void;
    onRecheck: () => void;
    busy: boolean;
}) => {
    const translate = useTranslate();
    const chosen = new Set(Object.values(choices));
    const missing = request.fields.filter(f => f.required && !chosen.has(f.field));
    const unresolved = request.unmatched.filter(h => !choices[h]);
    return (
        <Box data-import-mapping>
            <Alert severity="warning" sx={{ mb: 1 }}>
                {translate('jiafang.import.mapping_help')}
            </Alert>
            {missing.length > 0 && (
                <Alert severity="error" sx={{ mb: 1 }}>
                    {translate('jiafang.import.mapping_missing', { fields: missing.map(f => f.label).join('、') })}
                </Alert>
            )}
            <Table size="small" sx={{ maxWidth: 640 }}>
                <TableHead>
                    <TableRow>
                        <TableCell>{translate('jiafang.import.file_column')}</TableCell>
                        <TableCell>{translate('jiafang.import.field')}</TableCell>
                    </TableRow>
                </TableHead>
                <TableBody>
                    {request.columns.map(c => (
                        <TableRow key={c.header}>
                            <TableCell sx={{ fontWeight: request.unmatched.includes(c.header) ? 600 : undefined }}>{c.header}</TableCell>
                            <TableCell>
                                {c.hintFor ? (
                                    <Typography variant="body2" color="text.secondary">
                                        {translate('jiafang.import.hint_column', { label: c.label ?? '' })}
                                    </Typography>
                                ) : (
                                    <Select
                                        size="small"
                                        displayEmpty
                                        value={choices[c.header] ?? ''}
                                        onChange={e => setChoices({ ...choices, [c.header]: String(e.target.value) })}
                                        inputProps={{ 'aria-label': c.header }}
                                        sx={{ minWidth: 240 }}
                                        error={request.unmatched.includes(c.header) && !choices[c.header]}
                                    >
                                        <MenuItem value="" disabled>
                                            {translate('jiafang.import.choose_field')}
                                        </MenuItem>
                                        <MenuItem value={IGNORE}>{translate('jiafang.import.ignore')}</MenuItem>
                                        {request.fields.map(f => (
                                            <MenuItem key={f.field} value={f.field}>
                                                {f.label}
                                                {f.required ? ' *' : ''}
                                            </MenuItem>
                                        ))}
                                    </Select>
                                )}
                            </TableCell>
                        </TableRow>
                    ))}
                </TableBody>
            </Table>
            <Button variant="contained" sx={{ mt: 1 }} startIcon={<FactCheckIcon />} onClick={onRecheck} disabled={busy || unresolved.length > 0}>
                {translate('jiafang.import.recheck')}
            </Button>
        </Box>
    );
};

const choicesOf = (request: ImportMapping): Record<string, string> =>
    Object.fromEntries(
        request.columns
            .filter(c => !c.hintFor)
            .map(c => [c.header, c.field ?? (request.unmatched.includes(c.header) ? '' : IGNORE)]),
    );

const ImportForm = ({ info }: { info: ImportInfo }) => {
    const translate = useTranslate();
    const input = useRef<HTMLInputElement>(null);
    const [file, setFile] = useState<File | null>(null);
    const [mode, setMode] = useState<ImportMode>('ALL_OR_NOTHING');
    const [op, setOp] = useState(info.op);
    const [mapping, setMapping] = useState<Record<string, string | null> | null>(null);
    const [request, setRequest] = useState<ImportMapping | null>(null);
    const [choices, setChoices] = useState<Record<string, string>>({});
    const [running, setRunning] = useState<'dry' | 'real' | null>(null);
    const [progress, setProgress] = useState<ImportProgress | null>(null);
    const [dry, setDry] = useState<ImportResult | null>(null);
    const [done, setDone] = useState<ImportResult | null>(null);
    const [error, setError] = useState<string | null>(null);
    const notify = useNotify();

    const choose = (chosen: File | null) => {
        setFile(chosen);
        setMapping(null);
        setRequest(null);
        setDry(null);
        setDone(null);
        setError(null);
        setProgress(null);
    };

    const run = async (dryRun: boolean, withMapping = mapping) => {
        if (!file) return;
        setRunning(dryRun ? 'dry' : 'real');
        setProgress(null);
        setError(null);
        setDone(null);
        if (dryRun) setDry(null);
        const params: Record<string, string> = { dryRun: String(dryRun), mode, op };
        if (withMapping) params.mapping = JSON.stringify(withMapping);
        try {
            await postImport(info.uploadPath, file, params, line => {
                if ('progress' in line) setProgress(line.progress);
                else if ('mapping' in line) {
                    setRequest(line.mapping);
                    setChoices(choicesOf(line.mapping));
                } else if ('result' in line) {
                    setRequest(null);
                    if (dryRun) setDry(line.result);
                    else setDone(line.result);
                } else if ('error' in line) setError(line.error.message);
            });
        } catch (e) {
            setError(translate((e as Error).message));
        } finally {
            setRunning(null);
        }
    };

    const recheck = () => {
        if (!request) return;
        const next: Record<string, string | null> = { ...(mapping ?? {}) };
        for (const c of request.columns) {
            const choice = choices[c.header];
            if (c.hintFor || choice === undefined) continue;
            if (choice === IGNORE) next[c.header] = null;
            else if (choice && (choice !== c.field || request.unmatched.includes(c.header))) next[c.header] = choice;
        }
        setMapping(next);
        void run(true, next);
    };

    const downloadTemplate = () =>
        downloadWithToken(info.templatePath, `${info.label}.xlsx`).catch((e: Error) =>
            notify(translate('jiafang.import.failed', { message: translate(e.message) }), { type: 'error' }),
        );

    const percent = progress?.totalBytes ? Math.min(100, (100 * progress.bytes) / progress.totalBytes) : undefined;
    const busy = running !== null;

    return (
        <Card>
            <CardContent>
                <Step n={1} title={translate('jiafang.import.step_template')}>
                    <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                        {translate('jiafang.import.template_hint')}
                    </Typography>
                    <Button size="small" variant="outlined" startIcon={<DownloadIcon />} onClick={downloadTemplate}>
                        {translate('jiafang.import.template')}
                    </Button>
                </Step>

                <Step n={2} title={translate('jiafang.import.step_file')}>
                    <input
                        ref={input}
                        type="file"
                        accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        hidden
                        data-import-file
                        onChange={e => choose(e.target.files?.[0] ?? null)}
                    />
                    <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
                        <Button size="small" variant="outlined" startIcon={<UploadFileIcon />} onClick={() => input.current?.click()} disabled={busy}>
                            {translate('jiafang.import.choose')}
                        </Button>
                        <Typography variant="body2" color={file ? 'text.primary' : 'text.secondary'} data-import-file-name>
                            {file ? `${file.name}（${Math.max(1, Math.round(file.size / 1024)).toLocaleString()} KB）` : translate('jiafang.import.no_file')}
                        </Typography>
                    </Stack>
                    <Stack direction={{ xs: 'column', md: 'row' }} spacing={4} sx={{ mt: 2 }}>
                        <FormControl>
                            <FormLabel>{translate('jiafang.import.mode_label')}</FormLabel>
                            <RadioGroup value={mode} onChange={e => setMode(e.target.value as ImportMode)}>
                                {MODES.map(m => (
                                    <FormControlLabel key={m} value={m} control={<Radio size="small" />} label={translate(`jiafang.import.mode.${m}`)} disabled={busy} />
                                ))}
                            </RadioGroup>
                        </FormControl>
                        {info.ops.length > 1 && (
                            <FormControl>
                                <FormLabel>{translate('jiafang.import.op_label', { key: info.keyLabel ?? '' })}</FormLabel>
                                <RadioGroup value={op} onChange={e => setOp(e.target.value)}>
                                    {info.ops.map(o => (
                                        <FormControlLabel
                                            key={o}
                                            value={o}
                                            control={<Radio size="small" />}
                                            label={translate(`jiafang.import.op.${o}`, { key: info.keyLabel ?? '' })}
                                            disabled={busy}
                                        />
                                    ))}
                                </RadioGroup>
                            </FormControl>
                        )}
                    </Stack>
                </Step>

                <Step n={3} title={translate('jiafang.import.step_check')}>
                    <Stack direction="row" spacing={2}>
                        <Button variant="outlined" startIcon={<FactCheckIcon />} onClick={() => run(true)} disabled={!file || busy}>
                            {translate('jiafang.import.dry_run')}
                        </Button>
                        <Button variant="contained" startIcon={<UploadFileIcon />} onClick={() => run(false)} disabled={!file || busy || !dry || !!request || !!done}>
                            {translate('jiafang.import.run')}
                        </Button>
                    </Stack>
                    {busy && (
                        <Box sx={{ mt: 2 }} data-import-progress>
                            <LinearProgress variant={percent === undefined ? 'indeterminate' : 'determinate'} value={percent} />
                            <Typography variant="caption" color="text.secondary">
                                {translate('jiafang.import.progress', { rows: (progress?.rows ?? 0).toLocaleString(), failed: (progress?.failed ?? 0).toLocaleString() })}
                            </Typography>
                        </Box>
                    )}
                    {error && (
                        <Alert severity="error" sx={{ mt: 2 }} data-import-error>
                            {error}
                        </Alert>
                    )}
                    {request && (
                        <Box sx={{ mt: 2 }}>
                            <MappingStep request={request} choices={choices} setChoices={setChoices} onRecheck={recheck} busy={busy} />
                        </Box>
                    )}
                    {dry && !done && (
                        <Box sx={{ mt: 2 }} data-import-dry>
                            <Alert severity={dry.failed ? 'warning' : 'info'}>
                                {translate(dry.failed ? 'jiafang.import.dry_with_problems' : 'jiafang.import.dry_clean')}
                            </Alert>
                            <Counts result={dry} />
                            <Problems result={dry} />
                            <ReportButton result={dry} />
                        </Box>
                    )}
                    {done && (
                        <Box sx={{ mt: 2 }} data-import-result>
                            <Alert severity={done.committed ? 'success' : 'error'}>
                                {translate(done.committed ? 'jiafang.import.done' : 'jiafang.import.not_written')}
                            </Alert>
                            <Counts result={done} />
                            {done.failed > 0 && <Problems result={done} />}
                            <Stack direction="row" spacing={2}>
                                <ReportButton result={done} />
                                <Button size="small" component={Link} to={`/${info.resource}`} sx={{ mt: 1 }}>
                                    {translate('jiafang.import.back', { name: info.label })}
                                </Button>
                            </Stack>
                        </Box>
                    )}
                </Step>
            </CardContent>
        </Card>
    );
};

/** 导入: template, file, mapping when needed, a dry run with its problems, then the import with progress. */
export const ImportPage = () => {
    const translate = useTranslate();
    const { resource } = useParams<{ resource: string }>();
    const state = useImportable(resource);
    const title = state.status === 'ready' && state.info ? translate('jiafang.import.title', { name: state.info.label }) : translate('jiafang.import.button');
    return (
        <Box sx={{ p: 2, maxWidth: 1100 }}>
            <Title title={title} />
            {state.status === 'loading' && <Skeleton variant="rectangular" height={240} />}
            {state.status === 'error' && <Alert severity="error">{state.error.message}</Alert>}
            {state.status === 'ready' && !state.info && <Alert severity="warning">{translate('jiafang.import.not_importable')}</Alert>}
            {state.status === 'ready' && state.info && <ImportForm key={state.info.resource} info={state.info} />}
        </Box>
    );
};
