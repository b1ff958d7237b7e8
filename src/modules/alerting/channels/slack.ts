import type { SlackTarget } from './targets.js';
import {
  formatValue,
  jsonRequest,
  type AlertNotification,
  type ChannelContext,
  type OutboundRequest,
  type Severity,
} from './types.js';

/**
 * A Slack incoming-webhook message (docs.slack.dev "Sending messages using incoming webhooks"):
 * `text` is the notification and fallback line, `blocks` the readable message (Block Kit).
 * Block Kit limits are enforced here because Slack rejects the whole message when one is exceeded:
 * header 150 characters, section text 3000, at most 10 fields of 2000, button text 75 and URL 3000,
 * at most 25 elements in an actions block.
 */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

type TextObject = { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string };
type SlackBlock =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'actions'; elements: { type: 'button'; action_id: string; text: TextObject; url: string }[] }
  | { type: 'context'; elements: TextObject[] };

const ICONS: Record<Severity, string> = {
  critical: ':red_circle:',
  warning: ':large_orange_circle:',
  info: ':large_blue_circle:',
};

export function slackMessage(n: AlertNotification): SlackMessage {
  const { model, feature, segment, severity, rule } = n.labels;
  const state = n.status === 'firing' ? 'FIRING' : 'RESOLVED';
  const icon = n.status === 'firing' ? ICONS[severity] : ':large_green_circle:';
  const where = [
    `model ${model}`,
    ...(segment ? [`segment ${segment}`] : []),
    ...(feature ? [`feature ${feature}`] : []),
  ].join(', ');
  const fields: [string, string][] = [
    ['Model', model],
    ...(segment ? [['Segment', segment] as [string, string]] : []),
    ...(feature ? [['Feature', feature] as [string, string]] : []),
    ['Value', formatValue(n.value)],
    ['Threshold', formatValue(n.threshold)],
    ['Severity', severity],
    ['Rule', rule],
    ...(n.driftStartedAt ? [['Drift began (estimated)', n.driftStartedAt] as [string, string]] : []),
  ];
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: cut(`${icon} ${state}: ${n.annotations.summary}`, 150), emoji: true },
    },
    { type: 'section', fields: fields.map(([k, v]) => mrkdwn(cut(`*${k}*\n${escape(v)}`, 2000))) },
  ];
  if (n.annotations.description) {
    blocks.push({ type: 'section', text: mrkdwn(cut(escape(n.annotations.description), 3000)) });
  }
  const buttons = linkButtons(n);
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });
  const started = Math.floor(Date.parse(n.startsAt) / 1000);
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        `Since <!date^${started}^{date_short_pretty} {time}|${n.startsAt}> · alert \`${escape(n.fingerprint)}\``,
      ),
    ],
  });
  return { text: escape(`${state} [${severity}] ${n.annotations.summary} (${where})`), blocks };
}

function linkButtons(n: AlertNotification) {
  const links = [
    { text: 'Open in modelwatch', href: n.generatorURL },
    ...(n.annotations.runbook_url ? [{ text: 'Runbook', href: n.annotations.runbook_url }] : []),
    ...n.links,
  ];
  return links
    .filter((l) => l.href.length <= 3000)
    .slice(0, 25)
    .map((l, i) => ({
      type: 'button' as const,
      action_id: `link_${i}`,
      text: { type: 'plain_text' as const, text: cut(l.text, 75) },
      url: l.href,
    }));
}

export function buildSlackRequest(
  n: AlertNotification,
  target: SlackTarget,
  _ctx: ChannelContext,
): OutboundRequest {
  return jsonRequest(target.url, slackMessage(n));
}

function mrkdwn(text: string): TextObject {
  return { type: 'mrkdwn', text };
}

/** Slack's three control characters in text (docs.slack.dev "Formatting text for app surfaces"). */
function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
