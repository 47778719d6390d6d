import { HttpError, type RaRecord } from 'react-admin';
import { getToken } from './token';

// Files go to the API's multipart endpoint (http/upload.ts), never as base64 inside GraphQL.
export const FILES_PATH = '/files';

interface RouteError {
    code?: string;
    message?: string;
    field?: string;
}

/**
 * POSTs one file with its form fields to `/files` with the bearer token, reporting the share sent
 * (0…1) as it goes: fetch cannot tell upload progress, XMLHttpRequest can. Resolves with the
 * stored record; rejects with an HttpError carrying the server's message (Chinese, naming the
 * cap or the types allowed) and status, so a 401 ends the session like any other call.
 */
export const postFile = (
    fields: Record<string, string>,
    file: File,
    onProgress?: (fraction: number) => void,
    writeKey?: string,
): Promise<RaRecord> =>
    new Promise((resolve, reject) => {
        const form = new FormData();
        // Fields first: the server knows the owner before the file's bytes arrive.
        for (const [name, value] of Object.entries(fields)) form.append(name, value);
        form.append('file', file, file.name);
        const xhr = new XMLHttpRequest();
        xhr.open('POST', FILES_PATH);
        const token = getToken();
        if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
        // Sent again after a lost answer, the same photo is stored once.
        if (writeKey) xhr.setRequestHeader('Idempotency-Key', writeKey);
        xhr.responseType = 'text';
        xhr.upload.onprogress = event => {
            if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
        };
        xhr.onerror = () => reject(new HttpError('jiafang.file.failed', 0));
        xhr.onabort = () => reject(new HttpError('jiafang.file.failed', 0));
        xhr.onload = () => {
            let body: (RaRecord & RouteError) | null = null;
            try {
                body = JSON.parse(xhr.responseText) as RaRecord & RouteError;
            } catch {
                body = null;
            }
            if (xhr.status === 201 && body?.id) return resolve(body);
            // No JSON at all: an older server whose HTML fallback answered, or a proxy's page.
            if (!body) return reject(new HttpError(xhr.status === 413 ? 'jiafang.file.too_large' : 'jiafang.file.failed', xhr.status));
            reject(new HttpError(body.message || 'jiafang.file.failed', xhr.status, body));
        };
        xhr.send(form);
    });
