/**
 * The API's shapes, from the generated client's types (themselves generated from openapi.yaml):
 * the console cannot drift from the contract without the typecheck saying so.
 */
import type { components } from '../../../clients/typescript/src/generated/api.js';

type Schemas = components['schemas'];
export type Fleet = Schemas['Fleet'];
export type FleetModel = Fleet['models'][number];
export type Status = FleetModel['status'];
export type Model = Schemas['Model'];
export type AuditEntry = Schemas['AuditEntry'];
export type EvaluationPoint = Schemas['EvaluationPoint'];
export type DriftResult = Schemas['DriftResult'];
export type FeatureDrift = Schemas['FeatureDrift'];
export type PerformanceResult = Schemas['PerformanceResult'];
export type QualityResult = Schemas['QualityResult'];
export type Reference = Schemas['Reference'];
export type Alert = Schemas['Alert'];
export type AlertDetail = Schemas['AlertDetail'];
export type AlertDeliveries = Schemas['AlertDeliveries'];
export type Silence = Schemas['Silence'];
export type Matcher = Silence['matchers'][number];

/** GET/POST /v1/sessions(/current) (the sessions branch's contract). */
export interface Session {
  id: string;
  keyId: string;
  scopes: ('admin' | 'read' | 'ingest')[];
  models: string[] | null;
  expiresAt: string;
  csrfToken: string;
}

/** GET /v1/models/{id}/features/{feature}/distribution (the ui-api branch's contract). */
export type Distribution = NumericalDistribution | CategoricalDistribution;

export interface NumericalDistribution {
  feature: string;
  type: 'numerical';
  window: unknown;
  reference: { count: number; missing: number; quantiles: unknown };
  current: { count: number; missing: number; quantiles: unknown };
  bins: { edges: number[]; reference: number[]; current: number[] };
}

export interface CategoricalDistribution {
  feature: string;
  type: 'categorical';
  window: unknown;
  categories: { value: string; reference: number; current: number; unseen: boolean }[];
  other: { reference: number; current: number };
  referenceCount: number;
  currentCount: number;
  missing: { reference: number; current: number };
}

/** GET /v1/models/{id}/features/{feature}/statistic (oldest first). */
export interface StatisticSeries {
  feature: string;
  window: string;
  method: string;
  points: {
    windowEnd: string;
    evaluatedAt: string;
    statistic: number | null;
    threshold: number;
    drifted: boolean | null;
    noisePValue: number | null;
    status: string;
  }[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
