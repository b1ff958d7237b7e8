import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDependencyHealth, unreachableDependency } from '../../../src/lib/dependency-health.js';
import { isRedisUnavailable, RedisUnavailableError } from '../../../src/lib/redis.js';
import { recordingLogger } from '../../helpers/log-records.js';

// Issue 8, "quiet under faults": one log line when a dependency goes, one when it is back, and a
// probe with a bounded exponential backoff in between. (The chaos suite, tests/chaos, shows the
// same on a real worker process.)

const pgDown = Object.assign(new Error('terminating connection due to administrator command'), {
  code: '57P01',
});

function setup(probe: () => Promise<unknown>) {
  const { log, records } = recordingLogger();
  const probes = { postgres: vi.fn(probe), redis: vi.fn(probe) };
  const health = createDependencyHealth({ log, probes, minDelayMs: 100, maxDelayMs: 800 });
  const changes: [string, boolean][] = [];
  health.onChange((dependency, up) => changes.push([dependency, up]));
  const lines = (msg: string) => records.filter((r) => r.msg === msg);
  return { health, probes, changes, lines };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createDependencyHealth', () => {
  it('logs an outage once however many errors it causes, and its end once', async () => {
    let reachable = false;
    const { health, changes, lines } = setup(async () => {
      if (!reachable) throw pgDown;
    });
    for (let i = 0; i < 500; i++) health.down('postgres', pgDown);
    expect(health.isUp('postgres')).toBe(false);
    expect(health.isUp('redis')).toBe(true);
    await vi.advanceTimersByTimeAsync(2_000);
    reachable = true;
    await vi.advanceTimersByTimeAsync(1_000);

    expect(lines('dependency unreachable')).toEqual([
      expect.objectContaining({ level: 40, dependency: 'postgres', err: pgDown.message }),
    ]);
    expect(lines('dependency reachable again')).toEqual([
      expect.objectContaining({ level: 30, dependency: 'postgres', errors: 500 }),
    ]);
    expect(changes).toEqual([
      ['postgres', false],
      ['postgres', true],
    ]);
    expect(health.isUp('postgres')).toBe(true);
    health.stop();
  });

  it('probes with a backoff that doubles up to its bound, and stops probing once the dependency is back', async () => {
    let reachable = false;
    const { health, probes } = setup(async () => {
      if (!reachable) throw new Error('connect ECONNREFUSED');
    });
    health.down('redis', new RedisUnavailableError('not connected'));
    // Probes at 100, 300, 700, 1500, 2300, 3100 ms: 100 → 200 → 400 → 800 → 800 …
    const probesBy = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      return probes.redis.mock.calls.length;
    };
    expect(await probesBy(99)).toBe(0);
    expect(await probesBy(1)).toBe(1);
    expect(health.retryDelayMs('redis')).toBe(200);
    expect(await probesBy(600)).toBe(3);
    expect(await probesBy(2_400)).toBe(6);
    expect(health.retryDelayMs('redis')).toBe(800);
    reachable = true;
    expect(await probesBy(800)).toBe(7);
    expect(await probesBy(10_000)).toBe(7);
    expect(probes.postgres).not.toHaveBeenCalled();
    health.stop();
  });

  it('logs each of two outages', async () => {
    const { health, lines } = setup(async () => undefined);
    health.down('redis', new Error('write EPIPE'));
    await vi.advanceTimersByTimeAsync(100);
    health.down('redis', new Error('write EPIPE'));
    await vi.advanceTimersByTimeAsync(100);
    expect(lines('dependency unreachable')).toHaveLength(2);
    expect(lines('dependency reachable again')).toHaveLength(2);
    health.stop();
  });

  it('absorbs the errors of an unreachable dependency, and leaves every other error to the caller', () => {
    const { health, lines } = setup(async () => undefined);
    expect(health.absorb(pgDown)).toBe('postgres');
    expect(health.absorb(new RedisUnavailableError('Redis is not connected'))).toBe('redis');
    expect(health.absorb(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBeUndefined();
    expect(health.absorb(new Error('numeric summary: non-finite moment'))).toBeUndefined();
    expect(lines('dependency unreachable').map((r) => r.dependency)).toEqual(['postgres', 'redis']);
    health.stop();
  });

  it('stops probing when stopped', async () => {
    const { health, probes } = setup(async () => {
      throw pgDown;
    });
    health.down('postgres', pgDown);
    await vi.advanceTimersByTimeAsync(100);
    health.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(probes.postgres).toHaveBeenCalledTimes(1);
  });
});

describe('telling which dependency an error is about', () => {
  it('reads Postgres from SQLSTATEs, socket errors and node-postgres messages', () => {
    expect(unreachableDependency(pgDown)).toBe('postgres');
    expect(
      unreachableDependency(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe('postgres');
    expect(
      unreachableDependency(new Error('Client has encountered a connection error and is not queryable')),
    ).toBe('postgres');
  });

  it('reads Redis from ioredis errors and our own RedisUnavailableError', () => {
    expect(unreachableDependency(new Error('Connection is closed.'))).toBe('redis');
    expect(
      unreachableDependency(new Error("Stream isn't writeable and enableOfflineQueue options is false")),
    ).toBe('redis');
    expect(unreachableDependency(new RedisUnavailableError('Redis is not connected'))).toBe('redis');
    expect(isRedisUnavailable(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(true);
    expect(isRedisUnavailable(new Error('ERR unknown command'))).toBe(false);
    expect(isRedisUnavailable('Connection is closed.')).toBe(false);
  });
});
