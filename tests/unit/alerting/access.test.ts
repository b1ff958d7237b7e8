// The access rule over what alerting objects concern (src/http/plugins/access.ts).
import { describe, expect, it } from 'vitest';
import { mayAccess } from '../../../src/http/plugins/access.js';
import type { Principal } from '../../../src/domain/principal.js';
import { ruleModels } from '../../../src/modules/alerting/rules/selectors.js';
import { pinnedModels } from '../../../src/modules/alerting/silences/silences.match.js';

const key = (modelIds: string[] | null): Principal => ({ keyId: 'k', scopes: ['admin'], modelIds });

describe('mayAccess', () => {
  it('lets an unlimited key reach everything, the fleet included', () => {
    expect(mayAccess(key(null), null)).toBe(true);
    expect(mayAccess(key(null), ['a', 'b'])).toBe(true);
  });

  it('lets a limited key reach only what concerns models it holds, all of them', () => {
    expect(mayAccess(key(['a', 'b']), ['a'])).toBe(true);
    expect(mayAccess(key(['a', 'b']), ['b', 'a'])).toBe(true);
    expect(mayAccess(key(['a']), ['a', 'b'])).toBe(false);
    expect(mayAccess(key(['a']), null)).toBe(false);
    expect(mayAccess(key(['a']), [])).toBe(false);
  });
});

describe('what rules and silences concern', () => {
  it('a rule: the models it names; all or by tag: the fleet', () => {
    expect(ruleModels({ match: 'models', models: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(ruleModels({ match: 'all', exclude: ['b'] })).toBeNull();
    expect(ruleModels({ match: 'tags', tags: { team: 'a' }, exclude: [] })).toBeNull();
  });

  it('a silence: the models its model= matchers pin; any other matcher on model makes it fleet-wide', () => {
    const m = (name: string, op: '=' | '!=' | '=~' | '!~', value: string) => ({ name, op, value });
    expect(pinnedModels([m('model', '=', 'a'), m('severity', '=~', '.*')])).toEqual(['a']);
    expect(pinnedModels([m('model', '=', 'b'), m('model', '=', 'a'), m('model', '=', 'a')])).toEqual([
      'a',
      'b',
    ]);
    expect(pinnedModels([m('severity', '=', 'critical')])).toBeNull();
    expect(pinnedModels([m('model', '=~', 'a')])).toBeNull();
    expect(pinnedModels([m('model', '=', 'a'), m('model', '!=', 'b')])).toBeNull();
  });
});
