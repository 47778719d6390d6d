import type { Archiver } from 'archiver';
import { resourceOf } from '../core/resource/registry';
import { Document } from './document.entity';
import { boxFolder, CATALOGUE, itemNumber, itemText } from './catalogue';
import { catalogueBook, type CatalogueLine } from './catalogue-sheet';
import { LEDGERS } from './ledgers';
import { attachedFiles, safeName } from './ledger-files';
import { bookBuffer, type ArchiveContext, type ArchiveEntry } from './archive-context';

/**
 * Adds one file and waits until the zip has taken it in (the answer's backpressure holds it), so
 * no more than one file is held at a time; fails when the zip fails or the download is given up.
 */
function add(zip: Archiver, name: string, content: Buffer, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  return new Promise((done, fail) => {
    const settle = (err?: unknown) => {
      zip.off('entry', onEntry);
      zip.off('error', settle);
      signal.removeEventListener('abort', onAbort);
      if (err) fail(err);
      else done();
    };
    const onEntry = () => settle();
    const onAbort = () => settle(signal.reason);
    zip.once('entry', onEntry);
    zip.once('error', settle);
    signal.addEventListener('abort', onAbort, { once: true });
    zip.append(content, { name });
  });
}

/** Names unique within a folder: a second 通知.pdf becomes 通知(2).pdf. */
function uniqueNames() {
  const taken = new Set<string>();
  return (name: string) => {
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = name.replace(/(\.[^.]*)?$/, (ext) => `(${n})${ext}`);
    taken.add(unique);
    return unique;
  };
}

/** The school's documents of the period: those of the semester, and those of the whole school year. */
async function documentsOf(c: ArchiveContext): Promise<Document[]> {
  const rows = await c.scoped.list<Document>(resourceOf(Document), { schoolId: c.school.id, schoolYear: c.schoolYear }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return rows.filter((d) => !c.semester || !d.semester || d.semester === c.semester);
}

/**
 * Writes a school's 控辍保学 archive into `zip` as 002 附件2-2 lays it out: a folder per box, in it
 * a folder per item holding the uploaded documents' files and the ledgers the system generates
 * (reports, rosters, printed forms with their photos), each box with its 盒内目录, and 目录.xlsx
 * marking per item what is present (有) and what is missing (缺). Answers the catalogue's lines.
 */
export async function writeArchive(c: ArchiveContext, zip: Archiver, signal: AbortSignal): Promise<CatalogueLine[]> {
  const root = safeName(`${c.school.name}控辍保学档案（${c.periodLabel}）`);
  const documents = await documentsOf(c);
  const lines: CatalogueLine[] = [];
  for (const box of CATALOGUE) {
    const boxLines: CatalogueLine[] = [];
    for (const item of box.items) {
      const folder = `${root}/${boxFolder(box)}/${safeName(`${itemNumber(item)} ${itemText(item)}`)}`;
      const name = uniqueNames();
      const line: CatalogueLine = { box, item, uploaded: [], generated: [], withoutFiles: [], empty: [] };
      const put = async (entry: ArchiveEntry, into: string[]) => {
        const unique = name(entry.name);
        await add(zip, `${folder}/${unique}`, entry.content, signal);
        into.push(unique);
        if (entry.rows === 0) line.empty.push(unique);
      };
      for (const d of documents.filter((x) => x.item === item)) {
        const before = line.uploaded.length;
        for await (const file of attachedFiles(c, 'documentId', d.id, safeName(d.title))) await put(file, line.uploaded);
        if (line.uploaded.length === before) line.withoutFiles.push(d.title);
      }
      const ledger = LEDGERS[item];
      if (ledger) for await (const file of ledger(c)) await put(file, line.generated);
      boxLines.push(line);
    }
    const title = `${c.school.name} ${box.spine} ${box.front} 盒内目录（${c.periodLabel}）`;
    await add(zip, `${root}/${boxFolder(box)}/盒内目录.xlsx`, await bookBuffer(catalogueBook(title, boxLines)), signal);
    lines.push(...boxLines);
  }
  await add(zip, `${root}/目录.xlsx`, await bookBuffer(catalogueBook(`${c.school.name}“控辍保学”档案材料分类目录（${c.periodLabel}）`, lines)), signal);
  return lines;
}
