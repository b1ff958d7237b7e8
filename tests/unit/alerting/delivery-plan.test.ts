// What each channel is told after an evaluation: once per state for webhook/Slack/PagerDuty,
// every evaluation for Alertmanager, nothing while silenced, the held-back one after.
import { describe, expect, it } from 'vitest';
import { planNotification, type PlanInput } from '../../../src/modules/alerting/delivery/delivery-plan.js';
import { notificationId } from '../../../src/modules/alerting/alerts/identity.js';

const t0 = new Date('2026-03-01T10:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  alert: { id: 'a1', state: 'firing', episode: 2, resolvedAt: null },
  channel: { id: 'ops', type: 'webhook' },
  windowEnd: t0,
  last: null,
  silenced: false,
  resolvedResendMs: 300_000,
  ...over,
});

describe('webhook, Slack, PagerDuty: once per state of an episode', () => {
  it('tells a firing alert once, under an id that depends only on what it announces', () => {
    const plan = planNotification(input());
    expect(plan).toEqual({
      id: notificationId({ alertId: 'a1', channelId: 'ops', episode: 2, status: 'firing' }),
      status: 'firing',
      suppressed: false,
    });
    expect(planNotification(input({ windowEnd: minutes(5) }))!.id).toBe(plan!.id);
    expect(planNotification(input({ last: { episode: 2, status: 'firing' } }))).toBeNull();
  });

  it('tells the resolution only to a channel that heard the alert fire in this episode', () => {
    const resolved = { id: 'a1', state: 'resolved' as const, episode: 2, resolvedAt: t0 };
    expect(
      planNotification(input({ alert: resolved, last: { episode: 2, status: 'firing' } })),
    ).toMatchObject({
      status: 'resolved',
    });
    expect(planNotification(input({ alert: resolved, last: null }))).toBeNull();
    expect(planNotification(input({ alert: resolved, last: { episode: 1, status: 'firing' } }))).toBeNull();
    expect(planNotification(input({ alert: resolved, last: { episode: 2, status: 'resolved' } }))).toBeNull();
  });

  it('a new episode is a new notification', () => {
    const plan = planNotification(
      input({
        alert: { id: 'a1', state: 'firing', episode: 3, resolvedAt: null },
        last: { episode: 2, status: 'resolved' },
      }),
    );
    expect(plan?.id).toBe(notificationId({ alertId: 'a1', channelId: 'ops', episode: 3, status: 'firing' }));
  });

  it('pending and inactive alerts tell nobody', () => {
    for (const state of ['pending', 'inactive'] as const) {
      expect(
        planNotification(input({ alert: { id: 'a1', state, episode: 2, resolvedAt: null } })),
      ).toBeNull();
    }
  });

  it('while silenced the notification is suppressed; afterwards the same id goes out', () => {
    const held = planNotification(input({ silenced: true }));
    expect(held).toMatchObject({ status: 'firing', suppressed: true });
    // A suppressed notification told the channel nothing: `last` is still empty next time.
    const released = planNotification(input({ windowEnd: minutes(1), silenced: false }));
    expect(released).toEqual({ ...held, suppressed: false });
  });
});

describe('Alertmanager: re-sent at every evaluation, resolved for a while', () => {
  const am = { id: 'am', type: 'alertmanager' as const };

  it('sends a firing alert at every evaluation, each under its own id', () => {
    const first = planNotification(input({ channel: am }));
    const second = planNotification(
      input({ channel: am, windowEnd: minutes(1), last: { episode: 2, status: 'firing' } }),
    );
    expect(first?.status).toBe('firing');
    expect(second?.status).toBe('firing');
    expect(second!.id).not.toBe(first!.id);
  });

  it('sends the resolution at every evaluation within the resend period, then stops', () => {
    const resolved = { id: 'a1', state: 'resolved' as const, episode: 2, resolvedAt: t0 };
    const told = { episode: 2, status: 'firing' as const };
    expect(planNotification(input({ channel: am, alert: resolved, last: told, windowEnd: t0 }))?.status).toBe(
      'resolved',
    );
    expect(
      planNotification(input({ channel: am, alert: resolved, last: told, windowEnd: minutes(5) }))?.status,
    ).toBe('resolved');
    expect(
      planNotification(input({ channel: am, alert: resolved, last: told, windowEnd: minutes(6) })),
    ).toBeNull();
    expect(planNotification(input({ channel: am, alert: resolved, last: null }))).toBeNull();
  });
});
