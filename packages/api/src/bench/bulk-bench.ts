import { randomUUID } from 'node:crypto';
import type { EntityManager as SqlEntityManager } from '@mikro-orm/postgresql';
import { makeIdNumber } from '../core/validation/id-number';
import { withBenchServer } from './harness';

// `pnpm bench:bulk [sizes]`: rows per second of createManyStudents and upsertManyStudents over
// HTTP (one call each; every row validated, scoped, audited, in one transaction) beside a plain
// multi-row INSERT of the same kind of rows into the same table, and their ratio.
const SIZES = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);

let serial = 0;
// A region code of its own per run, so a reused database never sees the same 身份证号 twice.
const region = 110000 + Math.floor(Math.random() * 5000) * 100;
function studentRow(schoolId: string, withGuardian: boolean) {
  serial++;
  const day = new Date(Date.UTC(2010, 0, 1) + (serial % 3650) * 86_400_000).toISOString().slice(0, 10);
  const idNumber = makeIdNumber(String(region + Math.floor(serial / 1_825_000)), day, (Math.floor(serial / 3650) % 500) * 2 + 1, 'MALE');
  return {
    name: `测试${serial}`, gender: 'MALE', birthDate: day, idNumber, schoolId, address: '城关街道东村3组',
    ...(withGuardian ? { guardians: [{ name: `家长${serial}`, relation: 'FATHER', phone: '13812345678' }] } : {}),
  };
}

async function main() {
  await withBenchServer(300, async ({ orm, post, token, url }) => {
    const [school] = await orm.em.getConnection().execute(`select id, bureau_id, code from school where kind = 'PRIMARY' order by code limit 1`);
    const timed = async (fn: () => Promise<unknown>) => {
      const t0 = process.hrtime.bigint();
      await fn();
      return Number(process.hrtime.bigint() - t0) / 1e9;
    };
    const bulk = (op: string) => `mutation ($d: [StudentInput!]!) { r: ${op}(data: $d, onlyErrors: true) { committed created updated failed } }`;

    console.log(`\n${'rows'.padStart(7)}  ${'operation'.padEnd(44)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(9)} ${'× INSERT'.padStart(9)}`);
    for (const n of SIZES) {
      const plain = Array.from({ length: n }, () => studentRow(school.id, false));
      const now = new Date();
      const insert = await timed(() =>
        // The baseline: the same columns, bound parameters, 1,000 rows per statement, one transaction.
        (orm.em as unknown as SqlEntityManager).getKnex().transaction(async (trx) => {
          for (let i = 0; i < plain.length; i += 1000) {
            const batch = plain.slice(i, i + 1000);
            await trx.raw(
              `insert into student (id, version, created_at, updated_at, bureau_id, name, gender, birth_date, id_number, school_id, address, schooling_status, focus_categories, home_teaching) values ${batch.map(() => "(?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'IN_COUNTY', '[]', false)").join(', ')}`,
              batch.flatMap((r) => [randomUUID(), now, now, school.bureau_id, r.name, r.gender, r.birthDate, r.idNumber, r.schoolId, r.address]),
            );
          }
        }),
      );
      const line = (op: string, seconds: number) =>
        console.log(`${String(n).padStart(7)}  ${op.padEnd(44)} ${seconds.toFixed(2).padStart(8)} ${Math.round(n / seconds).toString().padStart(9)} ${(seconds / insert).toFixed(1).padStart(9)}`);
      line('plain multi-row INSERT (baseline)', insert);

      const rows = Array.from({ length: n }, () => studentRow(school.id, false));
      let created = 0;
      line('createManyStudents', await timed(async () => { created = (await post(bulk('createManyStudents'), token, { d: rows })).r.created; }));
      if (created !== n) throw new Error(`created ${created} of ${n}`);
      const changed = rows.map((r) => ({ ...r, address: '城关街道西村5组' }));
      line('upsertManyStudents (all existing, changed)', await timed(() => post(bulk('upsertManyStudents'), token, { d: changed })));
      const withGuardians = Array.from({ length: n }, () => studentRow(school.id, true));
      line('upsertManyStudents (new, with a guardian)', await timed(() => post(bulk('upsertManyStudents'), token, { d: withGuardians })));

      // The same kind of rows as a school's roster file: CSV with Chinese heads, streamed and converted.
      const csv = ['姓名,性别,出生日期,身份证号,学校代码,现住址,监护人姓名,监护人关系,监护人电话'];
      for (const r of Array.from({ length: n }, () => studentRow(school.id, true))) {
        csv.push(`${r.name},男,${r.birthDate},${r.idNumber},${school.code},${r.address},${r.guardians![0].name},父亲,${r.guardians![0].phone}`);
      }
      let imported: { created?: number; failed?: number; errors?: unknown[] } = {};
      line('import a roster CSV (new, with a guardian)', await timed(async () => {
        const res = await fetch(`${url}/import/Student`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` }, body: csv.join('\n') });
        const last = (await res.text()).trim().split('\n').pop()!;
        imported = JSON.parse(last).result ?? JSON.parse(last);
      }));
      if (imported.created !== n) throw new Error(`imported ${JSON.stringify(imported).slice(0, 2000)}`);
    }
  });
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
