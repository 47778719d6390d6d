import { operationLabel, routeLabel } from './metrics';

describe('metric labels stay a bounded set', () => {
  it('keeps well-formed operation names, up to a cap, and folds the rest into "other"', () => {
    expect(operationLabel(undefined)).toBe('(anonymous)');
    expect(operationLabel('StudentList')).toBe('StudentList');
    expect(operationLabel('张三的查询')).toBe('other');
    expect(operationLabel('a'.repeat(65))).toBe('other');
    for (let i = 0; i < 300; i++) operationLabel(`Generated${i}`);
    expect(operationLabel('StudentList')).toBe('StudentList'); // seen before the cap
    expect(operationLabel('Generated299')).toBe('other');
  });

  it('names routes by kind, never by id or file', () => {
    expect(routeLabel('/graphql')).toBe('/graphql');
    expect(routeLabel('/files/0b4c6f1e-aaaa-bbbb-cccc-1234567890ab')).toBe('/files');
    expect(routeLabel('/export/Student.csv')).toBe('/export');
    expect(routeLabel('/students/123/show')).toBe('admin');
    expect(routeLabel('/assets/index-ab12.js')).toBe('/assets');
  });
});
