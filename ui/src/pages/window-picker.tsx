import { useState } from 'preact/hooks';
import { useFetch } from '../lib/use-fetch.js';
import { configuredWindows, type WindowChoice } from './window-choice.js';

const toLocal = (iso?: string) => (iso ? iso.slice(0, 16) : '');
const toIso = (local: string) => (local ? new Date(`${local}Z`).toISOString() : '');

/** A configured window (offered from the service's list; empty: the status window) or a custom range, in UTC. */
export function WindowPicker({
  choice,
  onChange,
}: {
  choice: WindowChoice;
  onChange: (c: WindowChoice) => void;
}) {
  const configured = useFetch('windows', configuredWindows);
  const [window, setWindow] = useState(choice.window ?? '');
  const [from, setFrom] = useState(toLocal(choice.from));
  const [to, setTo] = useState(toLocal(choice.to));
  return (
    <form
      class="filters"
      aria-label="Window"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(from && to ? { from: toIso(from), to: toIso(to) } : window ? { window } : {});
      }}
    >
      <label>
        Window
        <input
          list="windows"
          value={window}
          placeholder="status window"
          size={8}
          onInput={(e) => setWindow(e.currentTarget.value)}
        />
        <datalist id="windows">
          {(configured.data ?? []).map((w) => (
            <option key={w} value={w} />
          ))}
        </datalist>
      </label>
      <label>
        or from (UTC)
        <input type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      </label>
      <label>
        to (UTC)
        <input type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      <button type="submit">Show</button>
    </form>
  );
}
