/**
 * The load generator of bench-load.ts, run in a worker thread so that it does not share the
 * server's event loop: `connections` keep-alive loops send the request again as soon as the
 * answer is read (or, with `rate`, at the next of `rate` evenly spaced start times per second, as
 * a dashboard does), for `seconds`, and report every latency.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/** @param {import('./bench-load.ts').LoadJob} job */
async function run(job) {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const target = new URL(job.url);
  const latencies = [];
  const statuses = {};
  const started = performance.now();
  const until = started + job.seconds * 1000;
  let next = 0;
  const one = () =>
    new Promise((resolve) => {
      const path = job.paths ? job.paths[next++ % job.paths.length] : target.pathname + target.search;
      const t0 = performance.now();
      const req = request(
        { agent, host: target.hostname, port: target.port, path, method: job.method, headers: job.headers },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            // A cached answer says so (x-lastplan-cache), so the figures show hits and misses apart.
            const cache = res.headers['x-lastplan-cache'];
            const key = `${res.statusCode ?? 0}${typeof cache === 'string' ? ` ${cache}` : ''}`;
            statuses[key] = (statuses[key] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        statuses.error = (statuses.error ?? 0) + 1;
        resolve();
      });
      req.end(job.body);
    });
  const interval = job.rate ? 1000 / job.rate : 0;
  let slot = started;
  await Promise.all(
    Array.from({ length: job.connections }, async () => {
      while (performance.now() < until) {
        if (interval) {
          const wait = slot - performance.now();
          slot += interval;
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          if (performance.now() >= until) break;
        }
        await one();
      }
    }),
  );
  agent.destroy();
  return {
    requests: latencies.length,
    seconds: (performance.now() - started) / 1000,
    latenciesMs: latencies,
    statuses,
  };
}

if (parentPort && workerData) {
  const port = parentPort;
  run(workerData).then((result) => port.postMessage(result));
}
