import type { FastifyPluginAsync } from 'fastify';
import { alertsRoutes } from './alerts/alerts.routes.js';
import { channelsRoutes } from './channels/channels.routes.js';
import type { AlertService } from './alerts/alerts.service.js';
import type { ChannelService } from './channels/channels.service.js';
import { rulesRoutes } from './rules/rules.routes.js';
import type { RuleService } from './rules/rules.service.js';
import { silencesRoutes } from './silences/silences.routes.js';
import type { SilenceService } from './silences/silences.service.js';

export interface AlertingApi {
  rules: RuleService;
  alerts: AlertService;
  silences: SilenceService;
  channels: ChannelService;
}

/** `/v1/alert-rules`, `/v1/alerts`, `/v1/silences`, `/v1/channels`. */
export const alertingRoutes: FastifyPluginAsync<{ api: AlertingApi }> = async (app, { api }) => {
  await app.register(rulesRoutes, { rules: api.rules });
  await app.register(alertsRoutes, { alerts: api.alerts });
  await app.register(silencesRoutes, { silences: api.silences });
  await app.register(channelsRoutes, { channels: api.channels });
};
