import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../../../http/plugins/auth.js';
import { problemResponses } from '../../../lib/problem.js';
import {
  channelListSchema,
  channelParamsSchema,
  channelSchema,
  channelSpecSchema,
  channelTestResultSchema,
  savedChannelSchema,
} from './channels.schemas.js';
import type { ChannelService } from './channels.service.js';
import { pageInMemory, pageQuerySchema } from '../../../domain/paging.js';

const TAGS = ['alerting'];

export const channelsRoutes: FastifyPluginAsyncZod<{ channels: ChannelService }> = async (
  app,
  { channels },
) => {
  app.put(
    '/channels/:channelId',
    {
      config: { scope: 'admin', access: 'fleet' },
      schema: {
        tags: TAGS,
        summary: 'Create or replace a notification channel',
        description:
          'The URL is refused when it resolves to a private, loopback, link-local or metadata address (unless ALLOWED_WEBHOOK_HOSTS allows it). A webhook channel gets a signing secret when created or when `rotateSecret` is true; it is in this response only.',
        params: channelParamsSchema,
        body: channelSpecSchema,
        response: { 200: savedChannelSchema, 201: savedChannelSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { created, channel, secret } = await channels.put(
        request.params.channelId,
        request.body,
        principalOf(request).keyId,
      );
      return reply.code(created ? 201 : 200).send({ ...channel, ...(secret ? { secret } : {}) });
    },
  );

  app.get(
    '/channels',
    {
      config: { scope: 'admin', access: 'fleet' },
      schema: {
        tags: TAGS,
        summary: 'List channels (never their secrets)',
        querystring: pageQuerySchema,
        response: { 200: channelListSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => pageInMemory(await channels.list(), request.query, (c) => c.id),
  );

  app.get(
    '/channels/:channelId',
    {
      config: { scope: 'admin', access: 'fleet' },
      schema: {
        tags: TAGS,
        summary: 'Read a channel (never its secrets)',
        params: channelParamsSchema,
        response: { 200: channelSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => channels.get(request.params.channelId),
  );

  app.delete(
    '/channels/:channelId',
    {
      config: { scope: 'admin', access: 'fleet' },
      schema: {
        tags: TAGS,
        summary: 'Delete a channel no rule names; its queued notifications are cancelled',
        params: channelParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await channels.remove(request.params.channelId, principalOf(request).keyId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/channels/:channelId/test',
    {
      config: { scope: 'admin', access: 'fleet' },
      schema: {
        tags: TAGS,
        summary: 'Send a test notification now and report how the receiver answered',
        description:
          'One attempt, no retry. The result has the status code and a classification, never the response body.',
        params: channelParamsSchema,
        response: { 200: channelTestResultSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => channels.test(request.params.channelId),
  );
};
