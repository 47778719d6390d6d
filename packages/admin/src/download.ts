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
 * Fetches a protected path: the bearer token goes in a header, so a plain link cannot do it.
 * Rejects with an HttpError whose status is 404 when the server has no such route (its HTML
 * fallback page counts as none; a page asked for is told from it by its Content-Disposition).
 */
const fetchWithToken = async (path: string, page = false): Promise<Response> => {
    const token = getToken();
    const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    const type = response.headers.get('content-type') ?? '';
    const fallback = type.startsWith('text/html') && !(page && response.headers.get('content-disposition'));
    if (response.ok && fallback) throw new HttpError('jiafang.download.unavailable', 404);
    if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { message?: string; errors?: { message: string }[] } | null;
        const message = body?.errors?.[0]?.message ?? body?.message ?? response.statusText;
        throw new HttpError(message || 'jiafang.download.failed', response.status, body);
    }
    return response;
};

/** Downloads a protected file (`/files/<id>`, `/export/<Resource>.csv`): fetched, then the blob saved. */
export const downloadWithToken = async (path: string, fallbackName: string): Promise<void> => {
    const response = await fetchWithToken(path);
    saveBlob(await response.blob(), fileNameOf(response.headers.get('content-disposition')) ?? fallbackName);
};

/**
 * Shows a protected page (a printable form) in a new tab, the token never in a URL: fetched with
 * it, then opened as a blob URL. The tab opens at once, while the click still counts as the
 * user's (popup blockers refuse a window opened after a slow fetch), and is filled when the page arrives.
 */
export const openWithToken = async (path: string, waiting: string): Promise<void> => {
    const tab = window.open('', '_blank');
    if (!tab) throw new HttpError('jiafang.print.blocked', 0);
    tab.opener = null;
    tab.document.title = waiting;
    tab.document.body.textContent = waiting;
    try {
        const response = await fetchWithToken(path, true);
        const url = URL.createObjectURL(await response.blob());
        tab.location.href = url;
        // Long enough for the tab to load it; a reload after that asks the admin again.
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
        tab.close();
        throw error;
    }
};
