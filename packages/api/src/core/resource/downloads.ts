import type { Viewer } from '../context';

/** One query-string parameter of a record download, as the admin asks for it. */
export interface DownloadParam {
  name: string;
  /** The question in the admin's dialog. */
  label: string;
  /** The GraphQL enum whose values are the choices (Semester); free text otherwise. */
  enumType?: string;
  /** Shown under a free-text input (2024-2025). */
  example?: string;
  required?: boolean;
  /** The value offered first, worked out when the metadata is read (the current school year). */
  defaultValue?: () => string | null;
}

/**
 * A file built from one record beside its printed form (a school's 控辍保学 archive), declared by
 * the area that serves it: the admin offers a button on the record's page for the roles `allowed`.
 */
export interface RecordDownload {
  label: string;
  /** The download path with an `{id}` placeholder: /archive/{id}.zip. */
  path: string;
  params: DownloadParam[];
  allowed: (viewer: Viewer) => boolean;
}

const byResource = new Map<string, RecordDownload[]>();

/** Adds downloads to a resource's page (registry.ts), so the resource's own area need not know them. */
export function installRecordDownloads(resource: string, downloads: RecordDownload[]): void {
  byResource.set(resource, [...(byResource.get(resource) ?? []), ...downloads]);
}

/** The downloads a viewer is offered on a record of `resource`. */
export function recordDownloadsOf(resource: string, viewer: Viewer): RecordDownload[] {
  return (byResource.get(resource) ?? []).filter((d) => d.allowed(viewer));
}
