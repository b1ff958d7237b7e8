/**
 * A Node service that scores loan applications and logs each prediction to modelwatch with
 * @modelwatch/client (the workspace package clients/typescript; `npm install @modelwatch/client`
 * elsewhere).
 *
 *   POST /predict   {"age": 41, "income": 52000, "country": "NL"} → {"id": "...", "default": 0, "score": 0.21}
 *   POST /feedback  {"id": "...", "default": 1}                    → 204
 *
 * Run it: MODELWATCH_URL=http://127.0.0.1:8080 MODELWATCH_API_KEY=mw_... npx tsx examples/node-service/server.ts
 * (PORT, default 8001; MODELWATCH_MODEL, default credit-risk-node). The key needs the admin scope
 * the first time, to register the model.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createApi, Monitor, orThrow } from '@modelwatch/client';

const env = process.env;
const url = env.MODELWATCH_URL ?? 'http://127.0.0.1:8080';
const apiKey = env.MODELWATCH_API_KEY ?? '';
const model = env.MODELWATCH_MODEL ?? 'credit-risk-node';

const monitor = new Monitor({ url, apiKey, model });

interface Application {
  age: number;
  income: number;
  country: string;
}

/** The model: a fixed logistic score of default. */
function score(a: Application): number {
  const z =
    -2 + 0.03 * (a.age - 40) - 0.00002 * (a.income - 50_000) + (['ES', 'IT'].includes(a.country) ? 0.4 : 0);
  return 1 / (1 + Math.exp(-z));
}

async function body<T>(req: IncomingMessage): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}') as T;
}

function answer(res: ServerResponse, status: number, payload?: unknown): void {
  res
    .writeHead(status, { 'content-type': 'application/json' })
    .end(payload === undefined ? '' : JSON.stringify(payload));
}

const server = createServer((req, res) => {
  void (async () => {
    if (req.method === 'POST' && req.url === '/predict') {
      const application = await body<Application>(req);
      const p = score(application);
      // The only line monitoring adds to the request path: it buffers and returns at once.
      const id = monitor.logPrediction({
        features: { ...application },
        prediction: Number(p >= 0.5),
        score: p,
      });
      answer(res, 200, { id, default: Number(p >= 0.5), score: Math.round(p * 1e4) / 1e4 });
    } else if (req.method === 'POST' && req.url === '/feedback') {
      const { id, default: actual } = await body<{ id: string; default: number }>(req);
      monitor.logOutcome(id, actual);
      answer(res, 204);
    } else answer(res, 404, { error: 'not found' });
  })().catch((err: Error) => answer(res, 400, { error: err.message }));
});

// Register (or update) the model, then serve; on SIGINT/SIGTERM, send what is buffered and exit.
const api = createApi(url, apiKey);
orThrow(
  await api.PUT('/v1/models/{modelId}', {
    params: { path: { modelId: model } },
    body: {
      name: 'Credit risk (Node example)',
      task: 'binary_classification',
      positiveClass: 1,
      features: [
        { name: 'age', type: 'numerical' },
        { name: 'income', type: 'numerical' },
        { name: 'country', type: 'categorical' },
      ],
    },
  }),
);
server.listen(Number(env.PORT ?? 8001), '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  console.log(`model server on http://127.0.0.1:${port}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void monitor.close().then((delivered) => process.exit(delivered ? 0 : 1));
  });
}
