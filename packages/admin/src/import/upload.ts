import { HttpError } from 'react-admin';
import { getToken } from '../token';
import type { ImportLine } from './types';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const formatOf = (file: File): 'csv' | 'xlsx' => (/\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'csv' : 'xlsx');

/**
 * POSTs the file to the import endpoint and hands over each NDJSON line as it arrives (progress
 * while the server works through the rows, then the mapping request or the result). Rejects with
 * an HttpError when the server refuses the request itself.
 */
export const postImport = async (
    path: string,
    file: File,
    params: Record<string, string>,
    onLine: (line: ImportLine) => void,
    signal?: AbortSignal,
): Promise<void> => {
    const token = getToken();
    const format = formatOf(file);
    const query = new URLSearchParams({ ...params, format, fileName: file.name });
    const response = await fetch(`${path}?${query}`, {
        method: 'POST',
        headers: { 'Content-Type': format === 'csv' ? 'text/csv' : XLSX, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        body: file,
        signal,
    });
    if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { message?: string } | null;
        throw new HttpError(body?.message ?? response.statusText ?? 'jiafang.import.failed', response.status, body);
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    const flush = (final: boolean) => {
        let end = buffer.indexOf('\n');
        while (end >= 0) {
            const line = buffer.slice(0, end).trim();
            buffer = buffer.slice(end + 1);
            if (line) onLine(JSON.parse(line) as ImportLine);
            end = buffer.indexOf('\n');
        }
        if (final && buffer.trim()) onLine(JSON.parse(buffer) as ImportLine);
    };
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        flush(false);
    }
    buffer += decoder.decode();
    flush(true);
};
