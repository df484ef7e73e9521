// GET /audit: the audit log as JSON, newest first, filtered by requester or target. It exists only
// when AUDIT_TOKEN is set, and answers only to `Authorization: Bearer <AUDIT_TOKEN>`.
import { timingSafeEqual } from 'node:crypto';
import { registerApiRoute, type ApiRoute } from '@mastra/core/server';
import type { AuditLog } from './audit-log.js';

export function createAuditRoutes(audit: AuditLog, auditToken: string | undefined): ApiRoute[] {
  if (!auditToken) return [];
  return [
    registerApiRoute('/audit', {
      method: 'GET',
      requiresAuth: false,
      handler: async (c) => {
        if (!bearerMatches(c.req.header('authorization'), auditToken)) {
          return c.json({ error: 'unauthorized' }, 401, { 'WWW-Authenticate': 'Bearer' });
        }
        const limit = c.req.query('limit');
        if (limit !== undefined && !/^\d+$/.test(limit)) return c.json({ error: 'limit must be a whole number' }, 400);
        const entries = await audit.list({
          requester: c.req.query('requester') || undefined,
          target: c.req.query('target') || undefined,
          before: c.req.query('before') || undefined,
          limit: limit === undefined ? undefined : Number(limit),
        });
        return c.json({ entries });
      },
    }),
  ];
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header?.replace(/^Bearer\s+/i, '') ?? '');
  const expected = Buffer.from(token);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
