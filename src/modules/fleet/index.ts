/**
 * The fleet module's entry: the fleet view and its KPIs, response KPIs and incidents, the
 * Prometheus gauges. Other modules, http/, jobs/, cli/ and the composition root import from here
 * only; files inside the module import each other directly (eslint.config.js,
 * docs/architecture.md#modules).
 */
export { fleetRoutes } from './fleet.routes.js';
export type { Fleet } from './fleet.schemas.js';
export { createFleetService, type FleetService } from './fleet.service.js';
export { fleetStore } from './fleet.store.js';
export { headlineValue } from './headline-value.js';
export { createIncidentsStore } from './incidents.store.js';
export { registerModelMetrics } from './model-metrics.js';
export { registerSegmentMetrics } from './segment-metrics.js';
export { registerResponseMetrics } from './response-metrics.js';
export { incidentSchema, responseKpisSchema, type ResponseReport } from './response.schemas.js';
export { createResponseReport } from './response.service.js';
export { registerValueMetrics } from './value-metrics.js';
