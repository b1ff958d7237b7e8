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
export type AlertValues = Schemas['AlertValues'];
export type AlertDeliveries = Schemas['AlertDeliveries'];
export type Silence = Schemas['Silence'];
export type Matcher = Silence['matchers'][number];

export type Session = Schemas['CurrentSession'];
export type Distribution = Schemas['FeatureDistribution'];
export type NumericalDistribution = Schemas['NumericalDistribution'];
export type CategoricalDistribution = Schemas['CategoricalDistribution'];
/** Oldest first. */
export type StatisticSeries = Schemas['FeatureStatistic'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export type SegmentResults = Schemas['SegmentResults'];
export type SegmentResult = SegmentResults['items'][number];
export type ModelVersion = Schemas['ModelVersion'];
