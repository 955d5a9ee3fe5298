/**
 * The SDK adapters against a local HTTP server speaking the services' JSON protocol: the request each
 * sends, and how service errors become ConfigValueErrors.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  ConfigValueError,
  createSdkSecretsManagerPort,
  createSdkSsmPort,
  ReferenceFailure,
  type SdkClientOptions,
} from '../../../lib/config-providers/index.js';

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

const requests: { target: string; body: Record<string, unknown> }[] = [];
let reply: (target: string, body: Record<string, unknown>) => Reply = () => ({ status: 500, body: {} });
let options: SdkClientOptions;

function handle(req: IncomingMessage, res: ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    requests.push({ target, body });
    const { status, body: out } = reply(target, body);
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(out));
  });
}

const server = createServer(handle);
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  options = {
    region: 'eu-west-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function failure(error: unknown): ReferenceFailure | undefined {
  return error instanceof ConfigValueError ? error.failure : undefined;
}

describe('Secrets Manager adapter', () => {
  test('reads the SecretString of the secret id', async () => {
    reply = () => ({ status: 200, body: { Name: 'db', SecretString: '{"password":"p"}' } });
    const value = await createSdkSecretsManagerPort(options).getSecretString('db-sm-read');
    assert.equal(value, '{"password":"p"}');
    assert.deepEqual(requests.at(-1), { target: 'secretsmanager.GetSecretValue', body: { SecretId: 'db-sm-read' } });
  });

  test('maps service errors: not found, denied, binary, unavailable', async () => {
    const port = createSdkSecretsManagerPort(options);
    const cases: [Reply, ReferenceFailure, RegExp][] = [
      [
        { status: 400, body: { __type: 'ResourceNotFoundException', Message: 'no' } },
        ReferenceFailure.NOT_FOUND,
        /"sm-x" was not found/,
      ],
      [
        { status: 400, body: { __type: 'AccessDeniedException', Message: 'no' } },
        ReferenceFailure.ACCESS_DENIED,
        /secretArns/,
      ],
      [{ status: 200, body: { Name: 'sm-x', SecretBinary: 'AAEC' } }, ReferenceFailure.UNUSABLE_VALUE, /binary/],
      [
        { status: 500, body: { __type: 'InternalServiceError', Message: 'oops' } },
        ReferenceFailure.UNAVAILABLE,
        /sm-x/,
      ],
    ];
    for (const [answer, expected, message] of cases) {
      reply = () => answer;
      await assert.rejects(port.getSecretString('sm-x'), (e: unknown) => {
        assert.equal(failure(e), expected);
        assert.match((e as Error).message, message);
        return true;
      });
    }
  });
});

describe('SSM adapter', () => {
  test('reads the decrypted parameter value', async () => {
    reply = () => ({ status: 200, body: { Parameter: { Name: '/p/ssm-read', Value: 'v', Type: 'SecureString' } } });
    assert.equal(await createSdkSsmPort(options).getParameter('/p/ssm-read'), 'v');
    assert.deepEqual(requests.at(-1), {
      target: 'AmazonSSM.GetParameter',
      body: { Name: '/p/ssm-read', WithDecryption: true },
    });
  });

  test('maps ParameterNotFound and AccessDenied', async () => {
    const port = createSdkSsmPort(options);
    reply = () => ({ status: 400, body: { __type: 'ParameterNotFound' } });
    await assert.rejects(port.getParameter('/p/missing'), (e: unknown) => failure(e) === ReferenceFailure.NOT_FOUND);
    reply = () => ({ status: 400, body: { __type: 'AccessDeniedException', message: 'no' } });
    await assert.rejects(port.getParameter('/p/denied'), (e: unknown) => {
      assert.equal(failure(e), ReferenceFailure.ACCESS_DENIED);
      assert.match((e as Error).message, /parameterArns/);
      return true;
    });
  });
});
