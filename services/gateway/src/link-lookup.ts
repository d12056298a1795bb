import { sha256Hex } from '@parley/auth';
import type { PlatformBus } from '@parley/bus';
import { AppError, type LinkAccess, linkTokenPattern } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import { countInvalidToken, type LinkGuard } from './link-guard.js';

/**
 * The link of a public request's token, ready to serve: a token of another shape or an unknown
 * (or deleted) one is 404 after counting against the client's budget for unknown tokens; a
 * deactivated or expired link is 410.
 */
export async function lookupLink(bus: PlatformBus, guard: LinkGuard, request: FastifyRequest, token: string): Promise<LinkAccess> {
  const notFound = async (): Promise<never> => {
    await countInvalidToken(guard, request);
    throw new AppError('not_found', 'no such link');
  };
  if (!linkTokenPattern.test(token)) return notFound();
  let link: LinkAccess;
  try {
    link = await bus.request('links.resolve', { tokenHash: sha256Hex(token) }, { requestId: request.id });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return notFound();
    throw error;
  }
  if (link.state !== 'active') {
    throw new AppError('gone', link.state === 'expired' ? 'this link has expired' : 'this link has been deactivated', { details: { reason: link.state } });
  }
  return link;
}
