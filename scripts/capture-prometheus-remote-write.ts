/**
 * Captures real Prometheus remote-write request bodies for fixtures/ingest/.
 *
 * Serves a small /metrics page (a counter, a gauge, a histogram, with `service` labels), receives
 * remote writes on /api/v1/write, and writes each body it receives to OUT_DIR/remote-write-N.snappy
 * with its headers. Run it, then a real Prometheus that scrapes it and remote-writes to it:
 *
 *   npx tsx scripts/capture-prometheus-remote-write.ts .tmp/prw 19191 &
 *   prometheus --config.file=.tmp/prw/prometheus.yml --storage.tsdb.path=.tmp/prw/data \
 *     --web.listen-address=127.0.0.1:19190
 *
 * The config file is written by this script. Stop both by pid when enough bodies are captured.
 * With a third argument N, /metrics fails after N scrapes, so that Prometheus marks the scraped
 * series stale and remote-writes its staleness markers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const outDir = process.argv[2] ?? '.tmp/prw';
const port = Number(process.argv[3] ?? 19191);
const failAfter = Number(process.argv[4] ?? Number.POSITIVE_INFINITY);
mkdirSync(outDir, { recursive: true });
writeFileSync(
  `${outDir}/prometheus.yml`,
  `global:
  scrape_interval: 1s
scrape_configs:
  - job_name: kfz-zulassung
    static_configs:
      - targets: ['127.0.0.1:${port}']
remote_write:
  - url: http://127.0.0.1:${port}/api/v1/write
    queue_config:
      batch_send_deadline: 1s
`,
);

let scrapes = 0;
let captured = 0;
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/metrics') {
    if (scrapes >= failAfter) {
      res.writeHead(503).end();
      return;
    }
    scrapes++;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`# HELP http_requests_total Requests served.
# TYPE http_requests_total counter
http_requests_total{code="200",route="/antrag"} ${100 + scrapes * 7}
http_requests_total{code="500",route="/antrag"} ${scrapes}
# HELP memory_gib Resident memory in GiB.
# TYPE memory_gib gauge
memory_gib{service="wahlschein"} ${(1.5 + (scrapes % 3) * 0.25).toFixed(2)}
# HELP http_request_duration_seconds Request latency.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.1"} ${scrapes * 3}
http_request_duration_seconds_bucket{le="1"} ${scrapes * 4}
http_request_duration_seconds_bucket{le="+Inf"} ${scrapes * 4}
http_request_duration_seconds_sum ${(scrapes * 1.7).toFixed(1)}
http_request_duration_seconds_count ${scrapes * 4}
`);
    return;
  }
  if (req.method === 'POST' && req.url === '/api/v1/write') {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = captured++;
      writeFileSync(`${outDir}/remote-write-${n}.snappy`, Buffer.concat(chunks));
      writeFileSync(`${outDir}/remote-write-${n}.headers.json`, JSON.stringify(req.headers, null, 2));
      res.writeHead(204).end();
    });
    return;
  }
  res.writeHead(404).end();
});
server.listen(port, '127.0.0.1', () => console.log(`capturing on 127.0.0.1:${port} into ${outDir}`));
