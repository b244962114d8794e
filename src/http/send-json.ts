import type { FastifyReply } from 'fastify';

/**
 * Send `json`, already serialised, as the route's response. Fastify sends a string with a JSON
 * content type as it is, without its response serializer; the route's response schema still
 * documents the body (OpenAPI) and is what the caller must have serialised to.
 */
export function sendJson(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
