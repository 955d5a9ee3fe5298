/**
 * A real HTTPS server in front of the test registry (Node's https, not a mock): it presents a server
 * certificate signed by a test CA, can require a client certificate signed by that CA, and answers 401 in
 * Confluent's shape unless the request carries the expected bearer token; everything else is forwarded to
 * the registry. The CA, server and client certificates (PEM, the client's PKCS12 key store, a PKCS12 trust store)
 * are made per file with openssl in a temp dir removed after the file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { after, before } from 'node:test';

export interface TestPki {
  readonly dir: string;
  readonly caPem: string;
  readonly caFile: string;
  readonly clientKey: string;
  readonly clientCert: string;
  /** The client's key and certificate in one PEM file (a PEM key store). */
  readonly clientPemFile: string;
  /** The client's PKCS12 key store, password {@link STORE_PASSWORD}. */
  readonly clientP12File: string;
  /** The CA alone in a PKCS12 trust store (refused here: Node cannot load it). */
  readonly trustP12File: string;
  readonly serverKey: string;
  /** SAN IP:127.0.0.1. */
  readonly serverCert: string;
  /** SAN DNS:registry.elsewhere.test only: a host name check against 127.0.0.1 fails. */
  readonly otherNameCert: string;
  readonly otherNameKey: string;
}

export const STORE_PASSWORD = 'changeit-3';

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

async function makePki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'sr-tls-'));
  try {
    openssl(
      dir,
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=lc-test-ca',
    );
    const leaf = async (name: string, cn: string, ext: string): Promise<void> => {
      openssl(
        dir,
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.csr`,
        '-subj',
        `/CN=${cn}`,
      );
      await writeFile(join(dir, `${name}.ext`), `${ext}\n`);
      openssl(
        dir,
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        `${name}.pem`,
        '-days',
        '2',
        '-extfile',
        `${name}.ext`,
      );
    };
    await leaf('server', 'registry', 'subjectAltName=IP:127.0.0.1');
    await leaf('other', 'registry-elsewhere', 'subjectAltName=DNS:registry.elsewhere.test');
    await leaf('client', 'lambda-connect-client', 'extendedKeyUsage=clientAuth');
    openssl(
      dir,
      'pkcs12',
      '-export',
      '-inkey',
      'client.key',
      '-in',
      'client.pem',
      '-out',
      'client.p12',
      '-passout',
      `pass:${STORE_PASSWORD}`,
    );
    openssl(
      dir,
      'pkcs12',
      '-export',
      '-nokeys',
      '-in',
      'ca.pem',
      '-out',
      'trust.p12',
      '-passout',
      `pass:${STORE_PASSWORD}`,
    );
    const read = (file: string) => readFile(join(dir, file), 'utf8');
    const [caPem, clientKey, clientCert, serverKey, serverCert, otherNameCert, otherNameKey] = await Promise.all(
      ['ca.pem', 'client.key', 'client.pem', 'server.key', 'server.pem', 'other.pem', 'other.key'].map(read),
    );
    await writeFile(join(dir, 'client-store.pem'), `${clientKey}${clientCert}`);
    return {
      dir,
      caPem: caPem as string,
      caFile: join(dir, 'ca.pem'),
      clientKey: clientKey as string,
      clientCert: clientCert as string,
      clientPemFile: join(dir, 'client-store.pem'),
      clientP12File: join(dir, 'client.p12'),
      trustP12File: join(dir, 'trust.p12'),
      serverKey: serverKey as string,
      serverCert: serverCert as string,
      otherNameCert: otherNameCert as string,
      otherNameKey: otherNameKey as string,
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface TlsProxy {
  /** `https://127.0.0.1:<port><registry path>`. */
  readonly url: string;
  /** The bearer tokens and client certificate subjects of the requests it served. */
  readonly seen: Array<{ authorization: string | undefined; clientCn: string | undefined }>;
}

export interface TlsProxyOptions {
  readonly token: string;
  /** Present the certificate that does not name 127.0.0.1. */
  readonly wrongName?: boolean;
  readonly requireClientCert?: boolean;
}

/** Call at suite level: the PKI and the proxies (to `target()`) before the tests; closed and removed after. */
export function useTlsRegistryProxies(
  target: () => string,
  proxies: Readonly<Record<string, TlsProxyOptions>>,
): { pki(): TestPki; proxy(name: string): TlsProxy } {
  let pki: TestPki | undefined;
  const servers: Server[] = [];
  const running = new Map<string, TlsProxy>();
  before(async () => {
    pki = await makePki();
    for (const [name, options] of Object.entries(proxies))
      running.set(name, await start(pki, target, options, servers));
  });
  after(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    for (const s of servers) s.closeAllConnections();
    if (pki !== undefined) await rm(pki.dir, { recursive: true, force: true });
  });
  return {
    pki: () => {
      if (pki === undefined) throw new Error('the test PKI is not made');
      return pki;
    },
    proxy: (name) => {
      const proxy = running.get(name);
      if (proxy === undefined) throw new Error(`no proxy ${name}`);
      return proxy;
    },
  };
}

async function start(
  pki: TestPki,
  target: () => string,
  options: TlsProxyOptions,
  servers: Server[],
): Promise<TlsProxy> {
  const seen: TlsProxy['seen'] = [];
  const server = createServer(
    {
      key: options.wrongName === true ? pki.otherNameKey : pki.serverKey,
      cert: options.wrongName === true ? pki.otherNameCert : pki.serverCert,
      ca: pki.caPem,
      requestCert: options.requireClientCert === true,
      rejectUnauthorized: options.requireClientCert === true,
    },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        const clientCn = peer?.subject?.CN;
        seen.push({
          authorization: req.headers.authorization,
          clientCn: typeof clientCn === 'string' ? clientCn : undefined,
        });
        if (req.headers.authorization !== `Bearer ${options.token}`) {
          res
            .writeHead(401, { 'content-type': 'application/json' })
            .end('{"error_code":40101,"message":"Unauthorized: bad bearer token"}');
          return;
        }
        const base = new URL(target());
        const body = chunks.length === 0 ? null : Buffer.concat(chunks);
        fetch(`${base.origin}${req.url ?? '/'}`, {
          method: req.method ?? 'GET',
          headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
          ...(body === null ? {} : { body }),
        })
          .then(async (answer) =>
            res
              .writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' })
              .end(Buffer.from(await answer.arrayBuffer())),
          )
          .catch((error: unknown) => res.writeHead(502).end(String(error)));
      });
    },
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    get url() {
      return `https://127.0.0.1:${port}${new URL(target()).pathname}`;
    },
    seen,
  };
}
