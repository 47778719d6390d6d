import { GraphQLError } from 'graphql';
import { describeForLog, redact } from './error-log';

const ID = '11010519491231002X';

describe('redact', () => {
  it('replaces SQL literals, quoted values, key values and numbers, keeping identifiers', () => {
    const sql = `insert into "student" ("name", "id_number", "birth_date", "note") values ('张晓明', '${ID}', '2015-04-01', E'O''Brien\\n') - duplicate key value violates unique constraint "student_bureau_id_id_number_unique"`;
    const out = redact(sql);
    expect(out).toBe('insert into "student" ("name", "id_number", "birth_date", "note") values (?, ?, ?, ?) - duplicate key value violates unique constraint "student_bureau_id_id_number_unique"');
  });

  it('leaves no digit run or quoted value of a PostgreSQL message', () => {
    expect(redact(`invalid input syntax for type uuid: "${ID}"`)).toBe('invalid input syntax for type uuid: "?"');
    expect(redact(`Key (id_number)=(${ID}) already exists.`)).toBe('Key (id_number)=(?) already exists.');
    expect(redact(`select * from student where phone = 13912345678 limit 10`)).toBe('select * from student where phone = ? limit ?');
  });
});

describe('describeForLog', () => {
  it('names a database error by class, code and constraint, without its detail or values', () => {
    const err = Object.assign(new Error(`update "student" set "note" = '家里有${ID}' where "id" = 'a' - deadlock detected`), {
      name: 'DeadlockException',
      code: '40P01',
      detail: `Process 12 waits for ShareLock; Key (id_number)=(${ID})`,
      where: `COPY student, line 3, column name: "张晓明"`,
      table: 'student',
    });
    const line = describeForLog(new GraphQLError('x', { originalError: err }));
    expect(line).toMatch(/^DeadlockException \[40P01\] \(table=student\): update "student" set "note" = \? where "id" = \? - deadlock detected/);
    expect(line).not.toContain(ID);
    expect(line).not.toContain('张晓明');
    expect(line).not.toContain('Process');
  });

  it('keeps the frames of the stack, not its first line', () => {
    const err = new Error(`values ('${ID}')`);
    const line = describeForLog(err);
    expect(line).toContain('\n    at ');
    expect(line).not.toContain(ID);
  });
});
