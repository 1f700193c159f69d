import net from 'net';

/**
 * A TCP proxy on 127.0.0.1 in front of a database server, so a test can take
 * the database away (refusing and cutting connections) and bring it back.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;

  const listen = () =>
    new Promise<void>(resolve => {
      server = net.createServer(client => {
        const upstream = net.connect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });

  await listen();
  return {
    get port() {
      return port;
    },
    /** Refuses new connections and cuts the open ones. */
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>(resolve => server!.close(() => resolve()));
    },
    /** Accepts connections again, on the same port. */
    start: listen,
  };
}
