import { describe, expect, it } from 'vitest';
import { slackMessage, type SlackMessage } from '../../../../src/modules/alerting/channels/slack.js';
import { sampleNotification } from '../../../helpers/alert-notification.js';

// Slack incoming webhooks take `text` and/or Block Kit `blocks`; Block Kit's documented limits
// (docs.slack.dev/reference/block-kit): header 150 chars, section text 3000, ≤10 fields of ≤2000,
// button text 75 and URL 3000, ≤25 elements per actions block, ≤50 blocks.
function texts(message: SlackMessage): string[] {
  return message.blocks.flatMap((b) => {
    if (b.type === 'header') return [b.text.text];
    if (b.type === 'section')
      return [...(b.text ? [b.text.text] : []), ...(b.fields ?? []).map((f) => f.text)];
    if (b.type === 'context') return b.elements.map((e) => e.text);
    return b.elements.map((e) => e.text.text);
  });
}

describe('Slack message', () => {
  it('shows model, feature, value, threshold, severity and links', () => {
    const m = slackMessage(sampleNotification());
    const all = texts(m).join('\n');
    for (const part of [
      'FIRING',
      'credit-risk',
      'income',
      '0.2735',
      '0.1',
      'warning',
      'feature-drift-default',
    ]) {
      expect(all).toContain(part);
    }
    expect(m.text).toBe(
      'FIRING [warning] Feature income drifted on credit-risk (model credit-risk, feature income)',
    );
    const actions = m.blocks.find((b) => b.type === 'actions');
    expect(actions?.type === 'actions' && actions.elements.map((e) => e.url)).toEqual([
      'https://modelwatch.example.com/models/credit-risk/drift?feature=income',
      'https://runbooks.example.com/drift',
      'https://grafana.example.com/d/models?var-model=credit-risk',
    ]);
  });

  it('says RESOLVED once resolved, and omits the feature of a model-level alert', () => {
    const { feature: _feature, ...modelLabels } = sampleNotification().labels;
    const m = slackMessage(sampleNotification({ status: 'resolved', labels: modelLabels }));
    expect(m.text).toBe('RESOLVED [warning] Feature income drifted on credit-risk (model credit-risk)');
    expect(texts(m).join('\n')).not.toContain('*Feature*');
  });

  it('names the segment value of a segment alert', () => {
    const base = sampleNotification();
    const m = slackMessage(sampleNotification({ labels: { ...base.labels, segment: 'country:DE' } }));
    expect(m.text).toBe(
      'FIRING [warning] Feature income drifted on credit-risk (model credit-risk, segment country:DE, feature income)',
    );
    expect(texts(m)).toContain('*Segment*\ncountry:DE');
  });

  it("escapes Slack's control characters in user-supplied text", () => {
    const m = slackMessage(
      sampleNotification({
        annotations: { summary: 'x', description: 'a <b> & <!channel> <http://evil|click>' },
      }),
    );
    const all = texts(m).join('\n');
    expect(all).toContain('a &lt;b&gt; &amp; &lt;!channel&gt; &lt;http://evil|click&gt;');
    expect(all).not.toContain('<!channel>');
  });

  it('stays within Block Kit limits whatever the input size', () => {
    const long = 'é'.repeat(20_000);
    const base = sampleNotification();
    const m = slackMessage(
      sampleNotification({
        annotations: { summary: long.slice(0, 1000), description: long.slice(0, 10_000) },
        labels: { ...base.labels, model: 'm'.repeat(200), feature: 'f'.repeat(200) },
        links: Array.from({ length: 20 }, (_, i) => ({
          text: 't'.repeat(200),
          href: `https://x.example.com/${i}`,
        })),
      }),
    );
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    for (const b of m.blocks) {
      if (b.type === 'header') expect(Array.from(b.text.text).length).toBeLessThanOrEqual(150);
      if (b.type === 'section') {
        expect(Array.from(b.text?.text ?? '').length).toBeLessThanOrEqual(3000);
        expect((b.fields ?? []).length).toBeLessThanOrEqual(10);
        for (const f of b.fields ?? []) expect(Array.from(f.text).length).toBeLessThanOrEqual(2000);
      }
      if (b.type === 'actions') {
        expect(b.elements.length).toBeLessThanOrEqual(25);
        for (const e of b.elements) expect(Array.from(e.text.text).length).toBeLessThanOrEqual(75);
        expect(new Set(b.elements.map((e) => e.action_id)).size).toBe(b.elements.length);
      }
    }
  });
});
