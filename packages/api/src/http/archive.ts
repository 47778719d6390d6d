import type express from 'express';
import archiver from 'archiver';
import { resourceOf } from '../core/resource/registry';
import { checkId } from '../core/crud/where';
import { ViewLog } from '../core/audit/view-log';
import { writeViewEvents } from '../core/audit/view-events';
import { absent, forbidden } from '../core/errors';
import { School } from '../org/school.entity';
import { ARCHIVE_READERS } from '../policy';
import { archivePeriod } from '../archive/archive-period';
import { writeArchive } from '../archive/assemble';
import type { ArchiveContext } from '../archive/archive-context';
import { attachment, viewerRoute, type RouteServer } from './route';

/**
 * GET /archive/<schoolId>.zip?schoolYear=&semester= — a school's 控辍保学 archive laid out as 002
 * 附件2-2's catalogue, streamed: the uploaded documents, the ledgers generated under the caller's
 * field rules, and 目录.xlsx. For roles reaching every child of the school (ARCHIVE_READERS); a
 * school outside the caller's reach is absent (404).
 */
export function archiveRoute(server: RouteServer): express.RequestHandler {
  return viewerRoute(server, 'archive download', '生成档案失败', async (req, res, { em, viewer, scoped }) => {
    if (!ARCHIVE_READERS.includes(viewer.role as never)) {
      throw forbidden('当前角色不能下载学校的控辍保学档案（档案含全校学生台账）', { rule: 'ARCHIVE_READERS' });
    }
    const schoolId = checkId(String(req.params.schoolId), 'schoolId');
    const period = archivePeriod(req.query as Record<string, unknown>);
    const school = await scoped.byId<School>(resourceOf(School), schoolId);
    if (!school) throw absent('找不到学校');
    // A whole archive takes a connection and seconds: a few at once per caller, as exports.
    const release = server.exportSlot?.(req, res);
    if (release === null) return;
    res.on('close', () => release?.());

    const given = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) given.abort(new Error('archive download given up'));
    });
    const zip = archiver('zip', { zlib: { level: 6 } });
    const c: ArchiveContext = { em, viewer, scoped, views: new ViewLog(), rosterReads: [], school: { id: school.id, name: school.name }, ...period };
    res.setHeader('Content-Type', 'application/zip');
    res.setHeader('Cache-Control', 'no-store');
    attachment(res, `${school.name}控辍保学档案-${period.periodLabel}.zip`);
    zip.pipe(res);
    try {
      await writeArchive(c, zip, given.signal);
      // Full reads of 身份证号 and categories are recorded before the archive is complete.
      const reads = [...c.views.entries().map((e) => ({ ...e, details: { archive: school.id } })), ...c.rosterReads];
      if (reads.length) await writeViewEvents(server.orm, viewer, reads, server.log);
      await zip.finalize();
    } catch (err) {
      // Refused before a byte went out: answered as JSON (route.ts), not as a broken zip.
      zip.unpipe(res);
      zip.abort();
      if (!res.headersSent) ['Content-Type', 'Content-Disposition'].forEach((h) => res.removeHeader(h));
      throw err;
    }
  });
}
