import { useState } from 'preact/hooks';
import { request } from '../api/http.js';
import type { Alert, Matcher } from '../api/types.js';

/** The silences page with matchers for this alert's labels filled in. */
export function silenceLink(alert: Alert): string {
  const params = new URLSearchParams();
  for (const name of ['alertname', 'model', 'feature']) {
    const value = alert.labels[name];
    if (value) params.set(name, value);
  }
  return `/silences?${params.toString()}`;
}

const DURATIONS: [string, number][] = [
  ['1 hour', 1],
  ['4 hours', 4],
  ['1 day', 24],
  ['1 week', 168],
];

/** Create a silence: matchers (prefilled from the link), a duration and a comment. */
export function SilenceForm({ prefill, onCreated }: { prefill: Matcher[]; onCreated: () => void }) {
  const [matchers, setMatchers] = useState<Matcher[]>(
    prefill.length ? prefill : [{ name: '', op: '=', value: '' }],
  );
  const [hours, setHours] = useState(4);
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const edit = (i: number, patch: Partial<Matcher>) =>
    setMatchers(matchers.map((m, j) => (i === j ? { ...m, ...patch } : m)));

  const submit = (event: Event) => {
    event.preventDefault();
    const endsAt = new Date(Date.now() + hours * 3_600_000).toISOString();
    request('POST', '/v1/silences', { matchers: matchers.filter((m) => m.name), endsAt, comment }).then(
      () => {
        setMessage({ error: false, text: 'Silence created.' });
        onCreated();
      },
      (e: Error) => setMessage({ error: true, text: e.message }),
    );
  };

  return (
    <form class="silence" onSubmit={submit} aria-labelledby="new-silence">
      <h2 id="new-silence">New silence</h2>
      <fieldset>
        <legend>Matchers (all must match an alert’s labels)</legend>
        {matchers.map((m, i) => (
          <div class="matcher" key={i}>
            <label>
              Label
              <input value={m.name} required onInput={(e) => edit(i, { name: e.currentTarget.value })} />
            </label>
            <label>
              Operator
              <select value={m.op} onChange={(e) => edit(i, { op: e.currentTarget.value as Matcher['op'] })}>
                {['=', '!=', '=~', '!~'].map((op) => (
                  <option key={op}>{op}</option>
                ))}
              </select>
            </label>
            <label>
              Value
              <input value={m.value} onInput={(e) => edit(i, { value: e.currentTarget.value })} />
            </label>
            <button
              type="button"
              onClick={() => setMatchers(matchers.filter((_, j) => j !== i))}
              aria-label={`Remove matcher ${i + 1}`}
            >
              Remove
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setMatchers([...matchers, { name: '', op: '=', value: '' }])}>
          Add matcher
        </button>
      </fieldset>
      <label>
        Duration
        <select value={hours} onChange={(e) => setHours(Number(e.currentTarget.value))}>
          {DURATIONS.map(([text, h]) => (
            <option key={h} value={h}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <label>
        Comment
        <input value={comment} required onInput={(e) => setComment(e.currentTarget.value)} />
      </label>
      <button type="submit">Create silence</button>
      {message && (
        <p class={message.error ? 'error' : 'ok'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
