import type { ReportInfo } from './types';

/** The path of the reports page, and of one report on it (apart, so the menu does not load the page). */
export const REPORTS_PATH = '/reports';
export const reportPath = (info: Pick<ReportInfo, 'name'>) => `${REPORTS_PATH}/${encodeURIComponent(info.name)}`;
