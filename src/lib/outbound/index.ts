export { checkUrl, type UrlCheck, type RefusalReason } from './check-url.js';
export { safePost, type SafePostOptions } from './safe-post.js';
export {
  createOutboundPolicy,
  systemResolver,
  type OutboundPolicy,
  type Resolver,
  type ResolvedAddress,
} from './policy.js';
export { classifyAddress, type AddressVerdict, type BlockedCategory } from './classify-address.js';
export {
  parseAllowEntry,
  parseAllowList,
  splitAllowList,
  type AllowList,
  type AllowEntry,
} from './allow-list.js';
export type { DeliveryResult, DeliveryOutcome } from './delivery-result.js';
