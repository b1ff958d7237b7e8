import { useState } from 'preact/hooks';
import { request } from '../api/http.js';
import type { AlertDetail } from '../api/types.js';
import { time } from '../lib/format.js';

/** Acknowledge the current episode with a comment; the acknowledgements so far are listed. */
export function AcknowledgeForm({ alert, onDone }: { alert: AlertDetail; onDone: () => void }) {
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const acknowledgeable = alert.state === 'firing' || alert.state === 'pending';
  const acknowledged = alert.acknowledgement?.episode === alert.episode;

  const submit = (event: Event) => {
    event.preventDefault();
    request('POST', `/v1/alerts/${encodeURIComponent(alert.id)}/ack`, { comment }).then(
      () => {
        setMessage({ error: false, text: 'Acknowledged.' });
        setComment('');
        onDone();
      },
      (e: Error) => setMessage({ error: true, text: e.message }),
    );
  };

  return (
    <>
      {alert.acknowledgements.length > 0 && (
        <ul class="acks" aria-label="Acknowledgements">
          {alert.acknowledgements.map((ack) => (
            <li key={`${ack.at}${ack.by}`}>
              Acknowledged by {ack.by} at {time(ack.at)} (episode {ack.episode})
              {ack.comment ? `: “${ack.comment}”` : ''}
            </li>
          ))}
        </ul>
      )}
      {acknowledgeable && (
        <form class="ack" onSubmit={submit}>
          <label for="ack-comment">Comment {acknowledged ? '(acknowledged already; add another)' : ''}</label>
          <textarea
            id="ack-comment"
            rows={2}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
          />
          <button type="submit">Acknowledge</button>
        </form>
      )}
      {message && (
        <p class={message.error ? 'error' : 'ok'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
    </>
  );
}
