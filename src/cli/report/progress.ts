/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal so that piped and
 * captured output (CI logs, `--format json > out.json`) stays clean.
 */
export interface Progress {
  update(bytesRead: number): void;
  done(): void;
}

const WIDTH = 30;
const REDRAW_MS = 100;

const silent: Progress = { update: () => {}, done: () => {} };

export function createProgress(
  label: string,
  totalBytes: number,
  out: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): Progress {
  if (!out.isTTY || totalBytes === 0) return silent;
  let lastDraw = 0;
  const draw = (bytes: number) => {
    const share = Math.min(1, bytes / totalBytes);
    const filled = Math.round(share * WIDTH);
    const bar = '#'.repeat(filled) + '-'.repeat(WIDTH - filled);
    out.write(`\r${label} [${bar}] ${(share * 100).toFixed(0).padStart(3)}% of ${megabytes(totalBytes)}`);
  };
  return {
    update(bytes) {
      const t = now();
      if (t - lastDraw < REDRAW_MS) return;
      lastDraw = t;
      draw(bytes);
    },
    done() {
      draw(totalBytes);
      out.write('\n');
    },
  };
}

function megabytes(bytes: number): string {
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(0)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
