// What route adapters hand to services: the caller's identity plus the request id and source IP for audit events.
import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../../auth/identity.js';

export const requestContext = (req: FastifyRequest): RequestContext => {
  if (!req.identity) throw new Error(`route ${req.routeOptions.url} needs an identity but its rule is public`);
  return { identity: req.identity, requestId: String(req.id), sourceIp: req.ip };
};
