import type { Collection, Rel } from '@mikro-orm/core';
import { RefField, RefListField, Resource, TenantEntity, TextField } from '../core/resource';
import { conflict } from '../core/errors';
import { pgArray } from '../db/knex';
import { phoneProblem } from '../core/validation/phone';
import { Region } from '../org/region.entity';
import { Student } from './student.entity';

/**
 * 家庭: brothers and sisters under one roof. 003 asks for a visit to each student's family every
 * school year, so a visit at home to one child counts for the others (compliance/rules.ts).
 * Found from a shared guardian phone (on import, in the demo, or by `linkHouseholds`).
 */
@Resource({
  label: '家庭',
  area: 'roster',
  display: 'name',
  search: ['name', 'phone'],
  defaultSort: { field: 'name', order: 'ASC' },
  beforeSave: async (h: Household, { em }) => {
    if (!h.students.isInitialized()) return;
    const ids = h.students.getItems().map((s) => s.id);
    if (!ids.length) return;
    // A child lives in one family: the pivot's unique index guards the race, this names the other.
    const [other] = await em.getConnection().execute<Array<{ household_id: string; student_id: string; name: string }>>(
      `select hs.household_id, hs.student_id, h.name from household_students hs join household h on h.id = hs.household_id
        where hs.student_id = any(?::uuid[]) and hs.household_id <> ? limit 1`,
      [pgArray(ids), h.id],
    );
    if (other) {
      throw conflict(`该学生已属于家庭“${other.name}”，一名学生只能属于一个家庭；请先从原家庭中移除`, {
        field: 'studentIds', rule: 'ONE_HOUSEHOLD_PER_STUDENT', existingId: other.household_id, studentId: other.student_id,
      });
    }
  },
})
export class Household extends TenantEntity {
  /** How the family is called: the guardian's name (张大山家). */
  @TextField('家庭名称', { search: true, index: true, maxLength: 40, sensitive: 'NAME' })
  name!: string;

  @TextField('联系电话', { nullable: true, index: true, validate: phoneProblem, sensitive: 'PHONE' })
  phone?: string;

  @RefField('户籍所在村', () => Region, { nullable: true })
  village?: Rel<Region>;

  @TextField('家庭住址', { nullable: true, maxLength: 200, sensitive: 'ADDRESS' })
  address?: string;

  @RefListField('家庭子女', () => Student, 'studentIds')
  students!: Collection<Student>;

  @TextField('备注', { nullable: true, maxLength: 500, sensitive: 'NOTES' })
  note?: string;
}
