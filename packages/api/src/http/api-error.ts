import type express from 'express';
import { GraphQLError } from 'graphql';

const STATUS: Record<string, number> = { BAD_USER_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

/**
 * Answers a download's refusal (the same GraphQLError a query would raise) as JSON with its HTTP
 * status; anything else is logged and answered 500 without details.
 */
export function sendApiError(res: express.Response, err: unknown, log: (m: string) => void, what: string, message: string): void {
  const status = err instanceof GraphQLError ? STATUS[String(err.extensions.code)] : undefined;
  if (status) return void res.status(status).json({ message: (err as GraphQLError).message, ...(err as GraphQLError).extensions });
  log(`${what} failed: ${(err as Error).stack}`);
  res.status(500).json({ code: 'INTERNAL_SERVER_ERROR', message });
}
