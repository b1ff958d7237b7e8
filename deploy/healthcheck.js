// Container health check for the image (Docker HEALTHCHECK, compose): the slim base has no curl.
// One script serves every role without knowing which one runs here: healthy when /healthz answers
// 2xx on the API port (serve, all) or on the worker's metrics port (worker). It checks liveness
// only; readiness (/readyz) is for load balancers, and a container must not be restarted for a
// database outage.
const ports = [process.env.PORT || '8080', process.env.METRICS_PORT || '9464'];

async function answers(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

const results = await Promise.all(ports.map(answers));
process.exit(results.includes(true) ? 0 : 1);
