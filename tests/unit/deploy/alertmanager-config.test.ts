// deploy/alertmanager/alertmanager.yml: valid for Alertmanager, and routes as its comments say.
import { describe, expect, it } from 'vitest';
import { readRepoFile } from '../../helpers/deploy-files.js';
import { amtool } from '../../helpers/tools.js';

const CONFIG = 'deploy/alertmanager/alertmanager.yml';

const receivers = async (...labels: string[]) =>
  (await amtool('config', 'routes', 'test', `--config.file=${CONFIG}`, ...labels))
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('Warning'))
    .join('');

describe(CONFIG, () => {
  it('passes amtool check-config', async () => {
    expect(await amtool('check-config', CONFIG)).toMatch(/SUCCESS/);
  });

  it('pages and posts critical alerts, posts the rest to Slack', async () => {
    expect(await receivers('alertname=ModelSilent', 'model=fraud', 'severity=critical')).toBe(
      'ml-oncall-pager,ml-oncall-slack',
    );
    expect(await receivers('alertname=ModelDatasetDrift', 'model=fraud', 'severity=warning')).toBe(
      'ml-oncall-slack',
    );
    expect(await receivers('alertname=Info', 'model=fraud', 'severity=info')).toBe('ml-oncall-slack');
  });

  it('holds no secret: Slack URL and PagerDuty key come from files', () => {
    const text = readRepoFile(CONFIG);
    expect(text).toMatch(/api_url_file:/);
    expect(text).toMatch(/routing_key_file:/);
    expect(text).not.toMatch(/hooks\.slack\.com\/services\/T/);
    expect(text).not.toMatch(/^\s*(api_url|routing_key|service_key):/m);
  });
});
