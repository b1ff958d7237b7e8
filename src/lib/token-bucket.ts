import type { Redis } from 'ioredis';

/**
 * A token bucket per key in Redis, shared by every worker: `take` spends a token when there is
 * one and answers 0, or answers how many milliseconds until the next token, spending nothing.
 * Redis' own clock is used, so workers with skewed clocks still share one rate.
 */
const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
return wait
`;

export interface Rate {
  perSecond: number;
  burst: number;
}

export interface TokenBucket {
  /** 0 when a token was taken; otherwise the milliseconds to wait before asking again. */
  take(key: string, rate: Rate): Promise<number>;
}

export function createTokenBucket(redis: Pick<Redis, 'eval'>, prefix: string): TokenBucket {
  return {
    async take(key, rate) {
      const wait = await redis.eval(TAKE, 1, `${prefix}:rate:${key}`, rate.perSecond, rate.burst);
      return Number(wait);
    },
  };
}
