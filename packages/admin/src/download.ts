import { HttpError } from 'react-admin';
import { getToken } from './token';

/** `attachment; filename*=UTF-8''%E5%AD%A6…` or `filename="x.csv"`, decoded. */
const fileNameOf = (disposition: string | null): string | undefined => {
    if (!disposition) return undefined;
    const encoded = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition)?.[1];
    if (encoded) {
        try {
            return decodeURIComponent(encoded.trim().replace(/^"|"$/g, ''));
        } catch {
            /* fall through to the plain name */
        }
    }
    return /filename="?([^";]+)"?/i.exec(disposition)?.[1];
};

const saveBlob = (blob: Blob, fileName: string) => {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

/**
 * Downloads a protected file (`/files/<id>`, `/export/<Resource>.csv`): the bearer token goes in a
 * header, so a plain link cannot do it; fetch, then save the blob. Rejects with an HttpError whose
 * status is 404 when the server has no such route (its HTML fallback page counts as none).
 */
export const downloadWithToken = async (path: string, fallbackName: string): Promise<void> => {
    const token = getToken();
    const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    const type = response.headers.get('content-type') ?? '';
    if (response.ok && type.startsWith('text/html')) throw new HttpError('jiafang.download.unavailable', 404);
    if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { message?: string; errors?: { message: string }[] } | null;
        const message = body?.errors?.[0]?.message ?? body?.message ?? response.statusText;
        throw new HttpError(message || 'jiafang.download.failed', response.status, body);
    }
    saveBlob(await response.blob(), fileNameOf(response.headers.get('content-disposition')) ?? fallbackName);
};
