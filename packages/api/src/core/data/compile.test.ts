import type { MetadataStorage } from '@mikro-orm/core';
import type { Viewer } from '../context';
import type { FieldSpec, ResourceSpec } from '../resource/spec';
import { registerResource } from '../resource/registry';
import { ViewLog } from '../audit/view-log';
import type { FieldRule } from '../access/types';
import { compileObject } from './compile';
import { filterSql, orderSql } from './filter-sql';
import { scopeSql, sqlBuild, type AccessRules, type SqlBuild } from './scope-sql';
import { COMPILED, finishRows } from './shape';
import type { Selection } from './selection';

// A small county of its own (schools, pupils with contacts, clubs of pupils), so the compiler is
// read against names and rules this file sets, not the product's.
class School {}
class Pupil {}
class Contact {}
class Club {}

const field = (name: string, kind: FieldSpec['kind'], extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name, gqlName: name, kind, label: name, nullable: true, writable: true, createOnly: false, search: false, indexed: false, unique: false, money: false, ...extra,
});
const ref = (name: string, target: Function) => field(name, 'ref', { gqlName: `${name}Id`, target: () => target as never });
const base = [field('id', 'id'), field('createdAt', 'datetime'), ref('bureau', School)];
const resource = (name: string, entity: Function, fields: FieldSpec[], extra: Partial<ResourceSpec> = {}): ResourceSpec => {
  const spec = {
    name, entity: entity as never, label: name, area: 'org', display: 'id', fields: [...base, ...fields], search: [], defaultSort: { field: 'id', order: 'ASC' },
    children: [], tenant: true, listedUnder: [], naturalKeys: {}, actions: [], operations: { create: true, update: true, delete: true }, ...extra,
  } as ResourceSpec;
  registerResource(spec);
  return spec;
};

const schools = resource('School', School, [field('name', 'text')]);
const pupils = resource('Pupil', Pupil, [
  field('name', 'text', { sensitivity: 'NAME' }),
  field('idNumber', 'text', { sensitivity: 'ID_NUMBER' }),
  field('birthDate', 'date', { sensitivity: 'BIRTH_DATE' }),
  field('note', 'text', { sensitivity: 'NOTES' }),
  field('grant', 'int', { sensitivity: 'AMOUNT' }),
  field('tags', 'enumList'),
  field('focus', 'json', { sensitivity: 'FOCUS', jsonMembers: { key: 'category', enumObject: {} } }),
  ref('school', School),
  ref('recordedBy', School),
], { children: [{ name: 'contacts', label: 'contacts', target: () => Contact as never, inverse: 'pupil', orderBy: { createdAt: 'asc' } }] });
const contacts = resource('Contact', Contact, [field('phone', 'text', { sensitivity: 'PHONE' }), ref('pupil', Pupil)]);
const clubs = resource('Club', Club, [field('title', 'text'), field('members', 'refList', { gqlName: 'memberIds', target: () => Pupil as never })]);

const columns = (...names: string[]) => Object.fromEntries(names.map((n) => [n, { name: n, kind: 'scalar', fieldNames: [n.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] }]));
const refColumns = (...names: string[]) => Object.fromEntries(names.map((n) => [n, { name: n, kind: 'm:1', fieldNames: [`${n.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_id`] }]));
const META = {
  get: (name: string) =>
    ({
      School: { tableName: 'school', properties: { ...columns('id', 'createdAt', 'name'), ...refColumns('bureau') } },
      Pupil: { tableName: 'pupil', properties: { ...columns('id', 'createdAt', 'name', 'idNumber', 'birthDate', 'note', 'grant', 'tags', 'focus'), ...refColumns('bureau', 'school', 'recordedBy') } },
      Contact: { tableName: 'contact', properties: { ...columns('id', 'createdAt', 'phone'), ...refColumns('bureau', 'pupil') } },
      Club: {
        tableName: 'club',
        properties: {
          ...columns('id', 'createdAt', 'title'), ...refColumns('bureau'),
          members: { name: 'members', kind: 'm:n', owner: true, pivotTable: 'club_members', joinColumns: ['club_id'], inverseJoinColumns: ['pupil_id'] },
        },
      },
    })[name],
} as unknown as MetadataStorage;

const viewer: Viewer = { userId: 'u1', username: 'u', displayName: null, role: 'TEACHER' as never, bureauId: 'B', schoolId: 'S1', staffId: null, schoolIds: ['S1', 'S2'], studentIds: [] };

// Pupils and their contacts are reached through the pupil's school; clubs through any member; schools by the tenant.
const RULES: Record<string, FieldRule> = { NAME: 'full', ID_NUMBER: 'masked', BIRTH_DATE: 'masked', NOTES: 'hidden', FOCUS: 'full', PHONE: 'full', AMOUNT: (row, v) => (row.recordedBy?.id === v.userId ? 'full' : 'hidden') };
const rules: AccessRules = {
  scopePlan: (res, v) =>
    res === schools ? { kind: 'tenant' }
    : res === pupils ? { kind: 'links', tests: [{ path: 'school', values: v.schoolIds }] }
    : res === contacts ? { kind: 'links', tests: [{ path: 'pupil.school', values: v.schoolIds }] }
    : { kind: 'links', tests: [{ path: 'members[]', values: ['P1'] }, { path: 'members[].school', values: v.schoolIds }] },
  fieldRule: (_res, f) => (f.sensitivity ? RULES[f.sensitivity] : 'full'),
};

function build(): SqlBuild {
  return sqlBuild(META, rules, viewer);
}
const sel = (tree: Record<string, unknown>): Selection => ({
  args: false,
  plain: true,
  fields: new Map(Object.entries(tree).map(([k, v]) => [k, v === true ? null : sel(v as Record<string, unknown>)])),
});
const squash = (sql: string) => sql.replace(/\s+/g, ' ');

describe('scopeSql', () => {
  it('tests the tenant, then any link path, with one placeholder per value list', () => {
    const b = build();
    expect(scopeSql(b, schools, 't0')).toBe('t0."bureau_id" = $1');
    expect(scopeSql(b, pupils, 't0')).toBe('(t0."bureau_id" = $1 and (t0."school_id" = any($2::uuid[])))');
    // Over the statement's own table: a semi-join on the reached ids (a teacher's list page).
    expect(scopeSql(build(), pupils, 't0', 'rows')).toBe('(t0."bureau_id" = $1 and (t0."school_id" in (select unnest($2::uuid[]))))');
    expect(b.params.values).toEqual(['B', ['S1', 'S2']]);
  });

  it('follows references with exists and crosses many-to-many lists through their join table', () => {
    const b = build();
    expect(scopeSql(b, contacts, 't0')).toBe('(t0."bureau_id" = $1 and (exists (select 1 from "pupil" t1 where t1."id" = t0."pupil_id" and t1."school_id" = any($2::uuid[]))))');
    const club = scopeSql(b, clubs, 't0');
    expect(club).toContain('exists (select 1 from "club_members" t2 where t2."club_id" = t0."id" and t2."pupil_id" = any($3::uuid[]))');
    expect(club).toContain('join "pupil" t4 on t4."id" = t3."pupil_id" where t3."club_id" = t0."id" and t4."school_id" = any($2::uuid[])');
  });

  it('on a lookup by id, writes only the asked ids a reach by row id holds, not the whole list', () => {
    const byId = { ...build(), rules: { ...rules, scopePlan: () => ({ kind: 'links' as const, tests: [{ path: 'id', values: ['p1', 'p2', 'p3'] }] }) } };
    expect(scopeSql(byId, pupils, 't0', 'row', ['P2', 'p9'])).toBe('(t0."bureau_id" = $1 and t0."id" = any($2::uuid[]))');
    expect(byId.params.values).toEqual(['B', ['p2']]);
    // None of them in reach: an empty list, so no row.
    const none = { ...byId, params: build().params };
    scopeSql(none, pupils, 't0', 'row', ['p9']);
    expect(none.params.values).toEqual(['B', []]);
    // Without the asked ids, or with a reach along a link, the whole plan as before.
    expect(scopeSql({ ...byId, params: build().params }, pupils, 't0')).toBe('(t0."bureau_id" = $1 and (t0."id" = any($2::uuid[])))');
    expect(scopeSql(build(), pupils, 't0', 'row', ['p2'])).toBe('(t0."bureau_id" = $1 and (t0."school_id" = any($2::uuid[])))');
  });

  it('reaches nothing when the plan says none', () => {
    const b = { ...build(), rules: { ...rules, scopePlan: () => ({ kind: 'none' as const }) } };
    expect(scopeSql(b, pupils, 't0')).toBe('false');
  });
});

describe('filterSql and orderSql', () => {
  it('binds every value and never splices it into the text', () => {
    const b = build();
    const sql = filterSql(b, pupils, 't0', [
      { kind: 'ids', ids: ['a'] },
      { kind: 'field', field: pupils.fields.find((f) => f.name === 'name')!, op: undefined, value: "x' or 1=1 --" },
      { kind: 'field', field: pupils.fields.find((f) => f.name === 'birthDate')!, op: 'gte', value: '2015-01-01' },
      { kind: 'field', field: pupils.fields.find((f) => f.name === 'school')!, op: undefined, value: null },
      { kind: 'field', field: pupils.fields.find((f) => f.name === 'school')!, op: 'neq', value: null },
      { kind: 'field', field: pupils.fields.find((f) => f.name === 'tags')!, op: undefined, value: ['A', 'B'] },
      { kind: 'field', field: pupils.fields.find((f) => f.name === 'focus')!, op: undefined, value: ['POOR', 'ORPHAN'] },
      { kind: 'field', field: pupils.fields.find((f) => f.name === 'focus')!, op: undefined, value: [] },
    ]);
    expect(sql).toEqual([
      't0."id" = any($1::uuid[])',
      't0."name" = $2',
      't0."birth_date" >= $3',
      't0."school_id" is null',
      't0."school_id" is not null',
      't0."tags" && $4::text[]',
      '(t0."focus" @> $5::jsonb or t0."focus" @> $6::jsonb)',
      'true',
    ]);
    expect(b.params.values).toEqual([['a'], "x' or 1=1 --", '2015-01-01', ['A', 'B'], '[{"category":"POOR"}]', '[{"category":"ORPHAN"}]']);
  });

  it('searches across paths with one pattern, following references', () => {
    const b = build();
    const [sql] = filterSql(b, contacts, 't0', [{ kind: 'search', paths: ['phone', 'pupil.name'], pattern: '%138%' }]);
    expect(sql).toBe('(t0."phone" ilike $1 or exists (select 1 from "pupil" t1 where t1."id" = t0."pupil_id" and t1."name" ilike $1))');
  });

  it('matches a many-to-many filter by any of the ids, and orders with the tie-breaker given', () => {
    const b = build();
    expect(filterSql(b, clubs, 't0', [{ kind: 'field', field: clubs.fields.find((f) => f.kind === 'refList')!, op: undefined, value: ['P1'] }])[0]).toBe(
      'exists (select 1 from "club_members" t1 where t1."club_id" = t0."id" and t1."pupil_id" = any($1::uuid[]))',
    );
    expect(orderSql(b, pupils, 't0', [{ field: 'birthDate', dir: 'desc' }, { field: 'id', dir: 'desc' }])).toBe('t0."birth_date" desc, t0."id" desc');
  });
});

describe('compileObject', () => {
  it('selects only what is asked, nests references and child lists in scope, and leaves hidden fields in the database', () => {
    const b = build();
    const compiled = compileObject(b, pupils, sel({ name: true, note: true, createdAt: true, school: { name: true }, contacts: { phone: true } }), 't0')!;
    const sql = squash(compiled.json);
    expect(sql).toMatch(/^json_build_object\('id', t0\."id", 'name', t0\."name", 'note', null, 'createdAt', to_char\(t0\."created_at" at time zone 'UTC', /);
    expect(sql).toContain(`'school', case when t1."id" is null then null else json_build_object('id', t1."id", 'name', t1."name") end`);
    // A single reference is joined, within the viewer's scope of its own table.
    expect(squash(compiled.joins).trim()).toBe(`left join "school" t1 on t1."id" = t0."school_id" and t1."bureau_id" = $1`);
    expect(sql).toContain(`'contacts', coalesce((select json_agg(json_build_object('id', t2."id", 'phone', t2."phone") order by t2."created_at" asc, t2."id" asc) from "contact" t2 where t2."pupil_id" = t0."id" and (t2."bureau_id" = $1 and (exists`);
    expect(sql).not.toMatch(/t0\."note"|id_number/);
    expect(compiled.shape.nested.map((n) => [n.key, n.many])).toEqual([['school', false], ['contacts', true]]);
  });

  it('joins a reference of a reference after its own, and a reference inside a child list inside that list', () => {
    const b = build();
    const compiled = compileObject(b, contacts, sel({ pupil: { school: { name: true } } }), 't0')!;
    expect(squash(compiled.joins).trim()).toMatch(/^left join "pupil" t1 on t1\."id" = t0\."pupil_id" and .* left join "school" t2 on t2\."id" = t1\."school_id" and t2\."bureau_id" = \$1$/);
    expect(squash(compiled.json)).toContain(`'pupil', case when t1."id" is null then null else json_build_object('id', t1."id", 'school', case when t2."id" is null then null else json_build_object('id', t2."id", 'name', t2."name") end) end`);

    const inList = compileObject(build(), pupils, sel({ contacts: { pupil: { name: true } } }), 't0')!;
    expect(inList.joins).toBe('');
    expect(squash(inList.json)).toMatch(/from "contact" t1 left join "pupil" t2 on t2\."id" = t1\."pupil_id" and .* where t1\."pupil_id" = t0\."id"/);
  });

  it('reads a json field whole whatever of its objects is selected', () => {
    const compiled = compileObject(build(), pupils, sel({ focus: { category: true } }), 't0')!;
    expect(compiled.json).toBe(`json_build_object('id', t0."id", 'focus', t0."focus")`);
    expect(compiled.shape.nested).toEqual([]);
  });

  it('hands a computed field or a field with arguments back to the resolvers', () => {
    expect(compileObject(build(), pupils, sel({ name: true, latestVisit: { id: true } }), 't0')).toBeUndefined();
    expect(compileObject(build(), pupils, { ...sel({ name: true }), args: true }, 't0')).toBeUndefined();
  });

  it('reads the ids of a many-to-many list within the target scope', () => {
    const sql = squash(compileObject(build(), clubs, sel({ memberIds: true, members: { name: true } }), 't0')!.json);
    expect(sql).toContain(`'memberIds', coalesce((select json_agg(t1."pupil_id" order by t1."pupil_id") from "club_members" t1 join "pupil" t2 on t2."id" = t1."pupil_id" where t1."club_id" = t0."id" and (t2."bureau_id" = $1 and (t2."school_id" = any($2::uuid[])))), '[]'::json)`);
    expect(sql).toContain(`'members', coalesce((select json_agg(json_build_object('id', t3."id", 'name', t3."name") order by t3."id")`);
  });

  it('splits an object of more than 50 fields over several json_build_object calls', () => {
    const wide = resource('Wide', class Wide {}, Array.from({ length: 60 }, (_, i) => field(`f${i}`, 'int')));
    const meta = { get: () => ({ tableName: 'wide', properties: columns('id', ...wide.fields.map((f) => f.name)) }) } as unknown as MetadataStorage;
    const json = compileObject({ ...build(), meta }, wide, sel(Object.fromEntries(wide.fields.slice(3).map((f) => [f.name, true]))), 't0')!.json;
    expect(json.match(/json_build_object\(/g)).toHaveLength(2);
    expect(json).toMatch(/^\(json_build_object\(.*\)::jsonb \|\| json_build_object\(.*\)::jsonb\)::json$/s);
  });
});

describe('finishRows', () => {
  it('masks, applies rules of the row, audits full reads of audited fields, and marks every object', () => {
    const b = build();
    const compiled = compileObject(b, pupils, sel({ idNumber: true, birthDate: true, grant: true, focus: true, contacts: { phone: true } }), 't0')!;
    const views = new ViewLog();
    const rows = finishRows(
      compiled.shape,
      [
        { id: 'p1', idNumber: '61052620150314002X', birthDate: '2015-03-14', grant: 500, recordedById: 'u1', focus: [{ category: 'POOR' }], contacts: [{ id: 'c1', phone: '13812345678' }] },
        { id: 'p2', idNumber: null, birthDate: '2016-01-02', grant: 300, recordedById: 'u2', focus: [], contacts: [] },
      ],
      viewer,
      views,
    );
    expect(rows[0]).toMatchObject({ idNumber: '******201503******', birthDate: '2015-03-01', grant: 500, contacts: [{ phone: '13812345678' }] });
    expect(rows[1]).toMatchObject({ idNumber: null, birthDate: '2016-01-01', grant: null });
    expect(rows[0][COMPILED]).toBe(true);
    expect((rows[0].contacts as any[])[0][COMPILED]).toBe(true);
    // The focus of p1 was read in full; p2's empty list is no read of anyone's categories.
    expect(views.entries()).toEqual([{ resource: 'Pupil', ids: ['p1'], fields: ['focus'] }]);
  });
});
