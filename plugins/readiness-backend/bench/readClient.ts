/*
 * The HTTP clients of the read benchmark, in a process of their own so that
 * their work is not counted in the server's event loop: `clients` loops
 * reading the URLs round-robin over keep-alive connections, `perClient`
 * requests each; replies with every request's time and the process's CPU
 * time, or the first failure.
 */

import http from 'http';
import { gunzipSync } from 'zlib';

/** What the benchmark asks of this process. */
export interface ReadJob {
  urls: string[];
  clients: number;
  perClient: number;
  /** Ask for gzip, as a browser does, and decode it. */
  gzip?: boolean;
}

/**
 * Keep-alive connections, one per concurrent client, kept across jobs.
 * Node's own HTTP client rather than fetch: the clients share the server's
 * two cores, and fetch (undici) cost them ~0.3-0.4 ms more a request (with
 * fetch, 1.4-2.2 ms a read at load 4-5 against the server's 0.8-3.9 ms).
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** The time of one GET, its body read whole and decoded (as fetch's text()). */
function timedGet(url: string, gzip = false): Promise<number> {
  const start = process.hrtime.bigint();
  const headers = gzip ? { 'accept-encoding': 'gzip' } : {};
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, response => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = (
            response.headers['content-encoding'] === 'gzip'
              ? gunzipSync(body)
              : body
          ).toString('utf8');
          const status = response.statusCode ?? 0;
          if (status < 200 || status > 299) {
            reject(new Error(`GET ${url}: ${status} ${text.slice(0, 500)}`));
          } else resolve(Number(process.hrtime.bigint() - start) / 1e6);
        });
      })
      .on('error', reject);
  });
}

async function run({ urls, clients, perClient, gzip }: ReadJob) {
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        const url = urls[(c * perClient + i) % urls.length];
        samples.push(await timedGet(url, gzip));
      }
    }),
  );
  return samples;
}

process.on('message', (message: { job?: ReadJob }) => {
  if (!message?.job) return;
  // The clients' own CPU: on two cores it competes with the server's.
  const cpu = process.cpuUsage();
  run(message.job).then(
    samples => {
      const used = process.cpuUsage(cpu);
      process.send!({ samples, cpuMs: (used.user + used.system) / 1000 });
    },
    error => process.send!({ error: String(error?.stack ?? error) }),
  );
});
