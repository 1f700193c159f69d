/*
 * The HTTP clients of the read benchmark, in a process of their own so that
 * their work is not counted in the server's event loop: `clients` loops
 * reading the URLs round-robin over keep-alive connections, `perClient`
 * requests each; replies with every request's time and the process's CPU
 * time, or the first failure.
 */

/** What the benchmark asks of this process. */
export interface ReadJob {
  urls: string[];
  clients: number;
  perClient: number;
}

async function timedGet(url: string): Promise<number> {
  const start = process.hrtime.bigint();
  const response = await fetch(url);
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 500)}`);
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function run({ urls, clients, perClient }: ReadJob) {
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        samples.push(await timedGet(urls[(c * perClient + i) % urls.length]));
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
