import type { GraphQLError } from 'graphql';
import type { ResourceSpec } from '../resource/spec';
import { mapDbError, naturalKeyOfConstraint } from './db-errors';

const field = (name: string, kind: string, label: string) => ({ name, kind, label, gqlName: kind === 'ref' ? `${name}Id` : name });
const careCheck = {
  name: 'CareCheck',
  label: '关爱记录',
  fields: [field('bureau', 'ref', '教育局'), field('student', 'ref', '学生'), field('kind', 'enum', '关爱方式'), field('date', 'date', '日期'), field('code', 'text', '编码')],
  naturalKeys: { STUDENT_KIND_DATE: { fields: ['student', 'kind', 'date'], label: '学生、关爱方式与日期' }, CODE: { fields: ['code'], label: '编码' } },
} as unknown as ResourceSpec;

const refused = (constraint: string) => Object.assign(new Error(`duplicate key value violates unique constraint "${constraint}"`), { code: '23505' });

describe('a unique constraint the database refuses a write by', () => {
  it('is named by its natural key when it has several fields, with the key’s last field', () => {
    expect(naturalKeyOfConstraint(careCheck, 'care_check_student_id_kind_date_unique')).toMatchObject({ name: 'STUDENT_KIND_DATE', field: { name: 'date' } });
    const err = mapDbError(careCheck, refused('care_check_student_id_kind_date_unique'), 'write') as GraphQLError;
    expect(err.message).toBe('已有学生、关爱方式与日期相同的关爱记录，不能重复');
    expect(err.extensions).toMatchObject({ code: 'CONFLICT', rule: 'UNIQUE', field: 'date', key: 'STUDENT_KIND_DATE' });
  });

  it('is named by its one field otherwise, as before', () => {
    expect(naturalKeyOfConstraint(careCheck, 'care_check_code_unique')).toBeUndefined();
    const err = mapDbError(careCheck, refused('care_check_code_unique'), 'write') as GraphQLError;
    expect(err.message).toBe('编码已存在，不能重复');
    expect(err.extensions).toMatchObject({ code: 'CONFLICT', rule: 'UNIQUE', field: 'code' });
    expect(err.extensions.key).toBeUndefined();
  });

  it('matches a key only by all its columns in order', () => {
    expect(naturalKeyOfConstraint(careCheck, 'care_check_student_id_kind_unique')).toBeUndefined();
    expect(naturalKeyOfConstraint(careCheck, 'care_check_kind_student_id_date_unique')).toBeUndefined();
  });
});
