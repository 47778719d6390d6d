import net from 'node:net';
import { DriverException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { isDatabaseUnavailable } from './unavailable';

/** An error shaped as pg raises it: SQLSTATE in `code`. */
function pgError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code ? { code, severity: 'FATAL' } : {});
}

/** The error Node gives for a connection to a port nobody listens on. */
function refusedConnection(): Promise<Error> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => net.connect(port, '127.0.0.1').on('error', resolve));
    });
  });
}

describe('isDatabaseUnavailable', () => {
  it('recognises a refused connection, as Node raises it', async () => {
    const err = await refusedConnection();
    expect((err as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['ECONNRESET', 'read ECONNRESET'],
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['08001', 'could not connect'],
    ['53300', 'sorry, too many clients already'],
  ])('recognises code %s', (code, message) => {
    expect(isDatabaseUnavailable(pgError(message, code))).toBe(true);
  });

  it.each([
    'Connection terminated unexpectedly',
    'select "s0".* from "student" as "s0" - Connection terminated unexpectedly',
    'Client has encountered a connection error and is not queryable',
    'Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
    'the database system is shutting down',
    // A flush whose transaction knex ended when the connection broke (postmaster killed mid-write).
    'Transaction query already complete, run with DEBUG=knex:tx for more info',
  ])('recognises the message "%s"', (message) => {
    expect(isDatabaseUnavailable(new Error(message))).toBe(true);
  });

  it('sees through MikroORM, GraphQL, cause and AggregateError wrapping', () => {
    const wrapped = new DriverException(pgError('select 1 - Connection terminated unexpectedly'));
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    const admin = new DriverException(pgError('terminating connection due to administrator command', '57P01'));
    expect(admin.code).toBe('57P01');
    expect(isDatabaseUnavailable(new GraphQLError('Unexpected error.', { originalError: admin }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('failed', { cause: pgError('x', 'ECONNREFUSED') }))).toBe(true);
    const aggregate = new AggregateError([pgError('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], '');
    expect(isDatabaseUnavailable(aggregate)).toBe(true);
    const timeout = Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' });
    expect(isDatabaseUnavailable(timeout)).toBe(true);
  });

  it('leaves refusals and bugs alone', () => {
    expect(isDatabaseUnavailable(new UniqueConstraintViolationException(pgError('duplicate key value violates unique constraint "x"', '23505')))).toBe(false);
    expect(isDatabaseUnavailable(pgError('syntax error at or near "selec"', '42601'))).toBe(false);
    expect(isDatabaseUnavailable(pgError('relation "nope" does not exist', '42P01'))).toBe(false);
    expect(isDatabaseUnavailable(new GraphQLError('找不到', { extensions: { code: 'NOT_FOUND' } }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
  });

  it('stops at cyclic causes', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
