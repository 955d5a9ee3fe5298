/**
 * A stand-in for the Secrets Manager and SSM endpoints (the AWS JSON 1.1 protocol: `X-Amz-Target`
 * names the operation), so the secrets probe runs offline. The SDK is pointed at it with
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER` / `AWS_ENDPOINT_URL_SSM`. Counts the calls it answered.
 */
import { createServer, type Server } from 'node:http';

export interface FakeSecrets {
  readonly url: string;
  readonly calls: () => number;
  close(): Promise<void>;
}

export async function startFakeSecrets(
  secrets: Readonly<Record<string, string>>,
  parameters: Readonly<Record<string, string>>,
): Promise<FakeSecrets> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const input = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { SecretId?: string; Name?: string };
      const reply = (status: number, body: unknown, type?: string) => {
        res.writeHead(status, {
          'Content-Type': 'application/x-amz-json-1.1',
          ...(type === undefined ? {} : { 'x-amzn-ErrorType': type }),
        });
        res.end(JSON.stringify(body));
      };
      calls++;
      if (target === 'secretsmanager.GetSecretValue') {
        const value = secrets[input.SecretId ?? ''];
        if (value === undefined)
          return reply(400, { __type: 'ResourceNotFoundException', message: 'not found' }, 'ResourceNotFoundException');
        return reply(200, {
          ARN: `arn:aws:secretsmanager:us-east-1:000000000000:secret:${input.SecretId}-abcdef`,
          Name: input.SecretId,
          SecretString: value,
          VersionId: 'v1',
          CreatedDate: 1,
        });
      }
      if (target === 'AmazonSSM.GetParameter') {
        const value = parameters[input.Name ?? ''];
        if (value === undefined)
          return reply(400, { __type: 'ParameterNotFound', message: 'not found' }, 'ParameterNotFound');
        return reply(200, {
          Parameter: {
            Name: input.Name,
            Type: 'SecureString',
            Value: value,
            Version: 1,
            ARN: `arn:aws:ssm:us-east-1:000000000000:parameter${input.Name}`,
          },
        });
      }
      return reply(400, { __type: 'UnknownOperationException', message: target }, 'UnknownOperationException');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
