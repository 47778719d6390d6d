import { poolMax, preparedPerConnection } from './pool-settings';

describe("the pool's settings", () => {
  it('take their defaults when unset or empty', () => {
    expect(poolMax({})).toBe(10);
    expect(poolMax({ DB_POOL_MAX: ' ' })).toBe(10);
    expect(preparedPerConnection({})).toBe(200);
  });

  it('read whole numbers from their least up', () => {
    expect(poolMax({ DB_POOL_MAX: '2' })).toBe(2);
    expect(poolMax({ DB_POOL_MAX: '40' })).toBe(40);
    expect(preparedPerConnection({ DB_PREPARED_PER_CONNECTION: '1' })).toBe(1);
  });

  it('refuse anything else, naming the setting, the value and, for the pool, why', () => {
    for (const bad of ['1', '0', '-3', '2.5', 'ten']) expect(() => poolMax({ DB_POOL_MAX: bad })).toThrow(new RegExp(`^DB_POOL_MAX must be a whole number of at least 2 \\(got ${bad.replace('.', '\\.')}\\): the start-up migrations`));
    for (const bad of ['0', '-3', '2.5', 'many']) expect(() => preparedPerConnection({ DB_PREPARED_PER_CONNECTION: bad })).toThrow(/^DB_PREPARED_PER_CONNECTION must be a whole number of at least 1/);
  });
});
