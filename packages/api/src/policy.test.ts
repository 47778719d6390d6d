import 'reflect-metadata';
import { resources } from './registry';
import { GRANTS, MENUS, RESOURCES } from './policy';
import { Role } from './org/org.enums';
import { scopeNameOf } from './core/data/viewer-reach';
import { resourceOf, resourceNamed, targetResource } from './core/resource/registry';
import type { ResourceSpec } from './core/resource/spec';
import { School } from './org/school.entity';
import { Student } from './roster/student.entity';
import { StaffMember } from './org/staff-member.entity';

/**
 * Where a link path leads, step by step through the fields of each resource (`student.school`,
 * `students[]`, `id`), or why it does not.
 */
function endOf(res: ResourceSpec, path: string): ResourceSpec | string {
  let current = res;
  for (const part of path.split('.')) {
    const list = part.endsWith('[]');
    const field = current.fields.find((f) => f.name === (list ? part.slice(0, -2) : part));
    if (!field) return `${current.name} has no field ${part}`;
    if (field.kind === 'id' && !list) continue;
    if (field.kind !== (list ? 'refList' : 'ref')) return `${current.name}.${part} is a ${field.kind}`;
    current = targetResource(field);
  }
  return current;
}

describe('the policy table (src/policy.ts)', () => {
  it('gives every role a kind of reach', () => {
    for (const role of Object.values(Role)) expect(scopeNameOf(role)).toEqual(expect.any(String));
  });

  it('has an entry for every registered resource, and none for a resource that does not exist', () => {
    const names = resources().map((r) => r.name);
    expect(names.filter((n) => !RESOURCES[n])).toEqual([]);
    expect(Object.keys(RESOURCES).filter((n) => !resourceNamed(n))).toEqual([]);
  });

  it('trims menus to resources that exist and the role may read', () => {
    for (const [role, names] of Object.entries(MENUS)) {
      expect(names.filter((n) => !resourceNamed(n))).toEqual([]);
      expect(names.filter((n) => !RESOURCES[n]?.access[role as Role]?.includes('read'))).toEqual([]);
    }
  });

  it('links each resource to its school, student and staff along paths of real fields', () => {
    const ends = { school: resourceOf(School), student: resourceOf(Student), staff: resourceOf(StaffMember), granted: resourceOf(Student) };
    const wrong: string[] = [];
    for (const res of resources()) {
      const { links } = RESOURCES[res.name];
      if (links === 'bureau') continue;
      for (const [to, paths] of Object.entries(links) as Array<[keyof typeof ends, string[]]>) {
        for (const path of paths) {
          const end = endOf(res, path);
          if (end !== ends[to]) wrong.push(`${res.name} ${to}: ${path} → ${typeof end === 'string' ? end : end.name}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('grants by resources and fields that exist, naming a student, a school and staff', () => {
    for (const g of GRANTS) {
      const res = resourceNamed(g.resource)!;
      expect(res).toBeDefined();
      expect([endOf(res, g.student), endOf(res, g.school), g.staff && endOf(res, g.staff)]).toEqual([
        resourceOf(Student),
        resourceOf(School),
        g.staff && resourceOf(StaffMember),
      ]);
    }
  });

  it('says that a path is wrong when it is', () => {
    const guardian = resourceNamed('Guardian')!;
    expect(endOf(guardian, 'student.school')).toBe(resourceOf(School));
    expect(endOf(guardian, 'student.shcool')).toBe('Student has no field shcool');
    expect(endOf(guardian, 'name')).toBe('Guardian.name is a text');
  });
});
