import imageCompression from 'browser-image-compression';

/** Long side and size a visit photo is brought down to on the phone, before it is sent. */
const MAX_SIDE = 1600;
const MAX_MB = 1;
const SHRINKABLE = new Set(['image/jpeg', 'image/png', 'image/webp']);

/**
 * A camera's 4000×3000, 5 MB photo becomes about 1600 px and under 1 MB on the device (turned the
 * way the camera held it): a village's weak signal sends it in seconds, and the server keeps less.
 * Files that are small already, and those that are not photos, are sent as they are.
 */
export const shrinkPhoto = async (file: File): Promise<File> => {
    if (!SHRINKABLE.has(file.type)) return file;
    try {
        const bitmap = await createImageBitmap(file);
        const small = Math.max(bitmap.width, bitmap.height) <= MAX_SIDE && file.size <= MAX_MB * 1024 * 1024;
        bitmap.close();
        if (small) return file;
        // In this thread: the library's worker would load its code from a CDN, which the CSP refuses.
        const shrunk = await imageCompression(file, { maxSizeMB: MAX_MB, maxWidthOrHeight: MAX_SIDE, useWebWorker: false, initialQuality: 0.85 });
        return new File([shrunk], file.name, { type: shrunk.type || file.type, lastModified: file.lastModified });
    } catch {
        return file; // a format the browser cannot draw: sent whole, the server's cap still applies
    }
};
