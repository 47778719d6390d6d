import { verifyToken } from '../../packages/api/src/core/auth/token';
import { ScopedOrm, knexBindings } from '../../packages/api/src/core/data/scoped-orm';
import { RefBatch } from '../../packages/api/src/core/crud/ref-batch';
import { readRows } from '../../packages/api/src/core/crud/read-ahead';
import { allResources, resourceNamed } from '../../packages/api/src/core/resource/registry';
import { tableOf } from '../../packages/api/src/core/data/tables';
import { activeUser, viewerForUser } from '../../packages/api/src/http/viewer';
import { sqlRunner } from '../../packages/api/src/db/run-sql';
import type { Viewer } from '../../packages/api/src/core/context';
import { TEST_JWT_SECRET } from '../support/app';
import { useCounty } from '../support/county';

const t = useCounty();
const students = () => resourceNamed('Student')!;

/** The viewer a request with this login token gets. */
async function viewerOf(token: string): Promise<Viewer> {
  const verified = verifyToken(token, TEST_JWT_SECRET);
  if ('error' in verified) throw new Error(verified.error);
  return viewerForUser((await activeUser(verified.userId, sqlRunner(t.app.orm), t.app.orm.getMetadata()))!);
}

describe('scoped lookups by id (the write path reads references through them)', () => {
  let app: typeof t.app;
  let c: typeof t.county;
  beforeAll(() => {
    ({ app, county: c } = t);
  });

  it('name every column of each resource’s table, as `t0.*` would read them (prepared, a `*` breaks once a column is added)', async () => {
    const meta = app.orm.getMetadata();
    for (const res of allResources()) {
      const table = tableOf(meta, res);
      const columns = await app.sql('select column_name as c from information_schema.columns where table_schema = current_schema() and table_name = ?', [table.name]);
      expect({ resource: res.name, columns: [...table.stored].sort() }).toEqual({ resource: res.name, columns: columns.map((r) => r.c as string).sort() });
    }
  });

  it('go on finding rows on a connection that prepared them when a migration adds a column meanwhile', async () => {
    const viewer = await viewerOf(c.users.BUREAU_ADMIN);
    // One transaction: one connection, which prepares the lookup, then runs it again after the change.
    await app.orm.em.fork().transactional(async (em) => {
      const find = async () => ((await new ScopedOrm(em, viewer).byIds<{ id: string }>(students(), [c.students.s1])) as Array<{ id: string }>).map((r) => r.id);
      // A write's references, several prepared statements in one message.
      const across = async () => {
        const { rows } = await new ScopedOrm(em, viewer).byIdsAcross(new Map([[students(), [c.students.s1]], [resourceNamed('StaffMember')!, [c.staff.teacherStaff]]]));
        return [...rows.values()].map((r) => r.map((x) => x.id));
      };
      expect(await find()).toEqual([c.students.s1]);
      expect(await across()).toEqual([[c.students.s1], [c.staff.teacherStaff]]);
      await em.getConnection().execute('alter table student add column added_by_migration int', [], 'run', em.getTransactionContext());
      expect(await find()).toEqual([c.students.s1]);
      expect(await across()).toEqual([[c.students.s1], [c.staff.teacherStaff]]);
      throw new Error('undo the column');
    }).catch((e: Error) => expect(e.message).toBe('undo the column'));
    expect(await app.sql("select count(*)::int as n from information_schema.columns where table_name = 'student' and column_name = 'added_by_migration'")).toEqual([{ n: 0 }]);
  });

  it('find a row in reach and nothing out of it, as each role, exactly as the ORM condition does', async () => {
    const everyone = Object.values(c.students);
    const expected: Record<string, string[]> = {
      BUREAU_ADMIN: everyone,
      SCHOOL_ADMIN: [c.students.s1, c.students.s2, c.students.s3],
      TEACHER: [c.students.s1, c.students.s2],
    };
    for (const role of ['BUREAU_ADMIN', 'AID_OFFICER', 'SCHOOL_ADMIN', 'TEACHER', 'ANALYST']) {
      const scoped = new ScopedOrm(app.orm.em.fork(), await viewerOf(c.users[role]));
      const byOrm = (await scoped.find<{ id: string }>(students(), { id: { $in: everyone } })).map((r) => r.id).sort();
      const byId: string[] = [];
      for (const id of everyone) {
        const row = await new ScopedOrm(app.orm.em.fork(), scoped.viewer).byId<{ id: string }>(students(), id);
        if (row) byId.push(row.id);
      }
      const byIds = (await new ScopedOrm(app.orm.em.fork(), scoped.viewer).byIds<{ id: string }>(students(), everyone)).map((r) => r.id).sort();
      expect([role, byId.sort(), byIds]).toEqual([role, byOrm, byOrm]);
      if (expected[role]) expect([role, byOrm]).toEqual([role, [...expected[role]].sort()]);
    }
  });

  it('answer managed entities, and keep an entity already loaded as it is', async () => {
    const em = app.orm.em.fork();
    const scoped = new ScopedOrm(em, await viewerOf(c.users.SCHOOL_ADMIN));
    const first = (await scoped.byId<{ name: string; guardians: unknown }>(students(), c.students.s1))!;
    first.name = '改过未存';
    const again = await scoped.byId<{ name: string }>(students(), c.students.s1);
    expect(again).toBe(first);
    expect(again!.name).toBe('改过未存');
    expect(em.getUnitOfWork().getById(students().entity.name, c.students.s1)).toBe(first);
  });

  it('read inside the unit of work\'s open transaction', async () => {
    const em = app.orm.em.fork();
    const scoped = new ScopedOrm(em, await viewerOf(c.users.BUREAU_ADMIN));
    await em.begin();
    try {
      await em.getConnection().execute('update student set name = ? where id = ?', ['事务内的名字', c.students.s2], 'run', em.getTransactionContext());
      const seen = await scoped.byId<{ name: string }>(students(), c.students.s2);
      expect(seen!.name).toBe('事务内的名字');
    } finally {
      await em.rollback();
    }
    expect((await app.sql('select name from student where id = ?', [c.students.s2]))[0].name).not.toBe('事务内的名字');
  });
});

describe('lookups across resources (a write’s references, together)', () => {
  const staff = () => resourceNamed('StaffMember')!;

  it('find in one message (a statement each) what byIds finds for each resource, as each role, as managed entities', async () => {
    const { app, county: c } = t;
    const everyone = Object.values(c.students);
    const teachers = Object.values(c.staff);
    for (const role of ['BUREAU_ADMIN', 'SCHOOL_ADMIN', 'TEACHER', 'ANALYST']) {
      const viewer = await viewerOf(c.users[role]);
      const em = app.orm.em.fork();
      const scoped = new ScopedOrm(em, viewer);
      let found!: Map<unknown, Array<Record<string, any>>>;
      expect(await app.countStatements(async () => void (found = (await scoped.byIdsAcross(new Map([[students(), everyone], [staff(), teachers]]))).rows))).toBe(2);
      const single = new ScopedOrm(app.orm.em.fork(), viewer);
      for (const [res, ids] of [[students(), everyone], [staff(), teachers]] as const) {
        const expected = (await single.byIds<{ id: string }>(res, ids)).map((r) => r.id).sort();
        expect([role, res.name, (found.get(res) ?? []).map((r) => r.id).sort()]).toEqual([role, res.name, expected]);
        for (const row of found.get(res) ?? []) expect(em.getUnitOfWork().getById(res.entity.name, row.id)).toBe(row);
      }
    }
  });

  it('read inside the unit of work\'s open transaction, and compare ids as PostgreSQL does', async () => {
    const { app, county: c } = t;
    const em = app.orm.em.fork();
    const scoped = new ScopedOrm(em, await viewerOf(c.users.BUREAU_ADMIN));
    await em.begin();
    try {
      await em.getConnection().execute('update student set name = ? where id = ?', ['事务内的名字', c.students.s3], 'run', em.getTransactionContext());
      const found = (await scoped.byIdsAcross(new Map([[students(), [c.students.s3]], [staff(), [c.staff.teacherStaff]]]))).rows;
      expect(found.get(students())!.map((r) => r.name)).toEqual(['事务内的名字']);
    } finally {
      await em.rollback();
    }
    // An entity already loaded is answered as it is, its change not yet flushed kept.
    const kept = new ScopedOrm(app.orm.em.fork(), scoped.viewer);
    const loaded = (await kept.byId<{ name: string }>(students(), c.students.s2))!;
    loaded.name = '改过未存';
    const again = (await kept.byIdsAcross(new Map([[students(), [c.students.s2]], [staff(), [c.staff.teacherStaff]]]))).rows;
    expect(again.get(students())).toEqual([loaded]);
    expect(again.get(students())![0]).toBe(loaded);
    expect(loaded.name).toBe('改过未存');
    // Ids as PostgreSQL compares them: in capitals too; an id of nothing finds nothing.
    const found = (await new ScopedOrm(app.orm.em.fork(), scoped.viewer).byIdsAcross(new Map([[students(), [c.students.s1.toUpperCase(), '00000000-0000-4000-8000-000000000000']], [staff(), ['00000000-0000-4000-8000-000000000000']]]))).rows;
    expect(found.get(students())!.map((r) => r.id)).toEqual([c.students.s1]);
    expect(found.get(staff())).toEqual([]);
  });
});

describe('reads ahead of a write’s rules (with its references)', () => {
  const careChecks = () => resourceNamed('CareCheck')!;

  it('are taken by the rule once with the same values, and read again for other values', async () => {
    const { app, county: c } = t;
    const em = app.orm.em.fork();
    const scoped = new ScopedOrm(em, await viewerOf(c.users.BUREAU_ADMIN));
    const record = {};
    const read = { text: 'select ?::int + 1 as v', values: [41] };
    const refs = await new RefBatch().load(scoped, careChecks(), [{ studentId: c.students.s1, staffId: c.staff.teacherStaff }], { record, reads: [read] });
    expect((refs.get(students(), c.students.s1) as { id: string }).id).toBe(c.students.s1);
    // Taken without a statement, once; other values, or a second time, read now.
    expect(await app.countStatements(async () => expect(await readRows(em as never, record, read.text, [41])).toEqual([{ v: 42 }]))).toBe(0);
    expect(await app.countStatements(async () => expect(await readRows(em as never, record, read.text, [41])).toEqual([{ v: 42 }]))).toBe(1);
    expect(await readRows(em as never, record, read.text, [1])).toEqual([{ v: 2 }]);
  });

  it('refused by PostgreSQL, leave the references looked up alone, and the rule reads for itself', async () => {
    const { app, county: c } = t;
    const em = app.orm.em.fork();
    const scoped = new ScopedOrm(em, await viewerOf(c.users.TEACHER));
    const record = {};
    const refs = await new RefBatch().load(scoped, careChecks(), [{ studentId: c.students.s1, staffId: c.staff.teacherStaff }], { record, reads: [{ text: 'select 1 / ?::int as v', values: [0] }] });
    expect((refs.get(students(), c.students.s1) as { id: string }).id).toBe(c.students.s1);
    expect(refs.get(resourceNamed('StaffMember')!, c.staff.teacherStaff)).toBeTruthy();
    await expect(readRows(em as never, record, 'select 1 / ?::int as v', [0])).rejects.toMatchObject({ code: '22012' });
    expect(await readRows(em as never, record, 'select 1 / ?::int as v', [1])).toEqual([{ v: 1 }]);
  });
});

describe('knexBindings', () => {
  it('turns $n into positional bindings, repeats included', () => {
    expect(knexBindings('a = $1 and b = any($2::uuid[]) and c = $1', ['x', ['y']])).toEqual({ text: 'a = ? and b = any(?::uuid[]) and c = ?', bindings: ['x', ['y'], 'x'] });
    expect(() => knexBindings("a ? 'k'", [])).toThrow();
  });
});
