import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import {
  allowPolicy,
  credentialsMatch,
  parseBasicAuthorization,
  parseCredentialsSecret,
} from '../../../functions/basic-auth-authorizer/basic-auth.js';
import { makeAuthorizer } from '../../../functions/basic-auth-authorizer/handler.js';
import { ConfigValueError, ReferenceFailure, type SecretsManagerPort } from '../../../lib/config-providers/index.js';

const METHOD_ARN = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/connect/GET/connectors/x/status';
const basic = (userPass: string) => `Basic ${Buffer.from(userPass, 'utf8').toString('base64')}`;
const event = (authorizationToken: string): APIGatewayTokenAuthorizerEvent => ({
  type: 'TOKEN',
  authorizationToken,
  methodArn: METHOD_ARN,
});
const silent = { debug() {}, info() {}, warn() {}, error() {} };

function secrets(value: string): SecretsManagerPort & { reads: number } {
  const port = {
    reads: 0,
    getSecretString: async (id: string) => {
      port.reads += 1;
      if (id !== 'arn:secret') throw new ConfigValueError(ReferenceFailure.NOT_FOUND, `secret "${id}" was not found`);
      return value;
    },
  };
  return port;
}

describe('basic auth parsing', () => {
  test('parses user and password; the password may contain colons', () => {
    assert.deepEqual(parseBasicAuthorization(basic('alice:pa:ss')), { username: 'alice', password: 'pa:ss' });
    assert.deepEqual(parseBasicAuthorization(`basic ${Buffer.from('u:p').toString('base64')}`), {
      username: 'u',
      password: 'p',
    });
  });

  test('rejects other schemes, missing colon, empty user', () => {
    for (const header of [undefined, '', 'Bearer abc', basic('nocolon'), basic(':p'), 'Basic !!!']) {
      assert.equal(parseBasicAuthorization(header), undefined, String(header));
    }
  });

  test('the secret must carry non-empty username and password, and errors do not echo it', () => {
    assert.deepEqual(parseCredentialsSecret('{"username":"u","password":"p"}'), { username: 'u', password: 'p' });
    assert.throws(() => parseCredentialsSecret('{"username":"u"}'), /"username" and "password"/);
    assert.throws(
      () => parseCredentialsSecret('hunter2'),
      (e: unknown) => e instanceof Error && !e.message.includes('hunter2'),
    );
  });

  test('credentialsMatch compares both fields', () => {
    const expected = { username: 'u', password: 'p' };
    assert.equal(credentialsMatch(expected, { username: 'u', password: 'p' }), true);
    assert.equal(credentialsMatch(expected, { username: 'u', password: 'q' }), false);
    assert.equal(credentialsMatch(expected, { username: 'v', password: 'p' }), false);
  });

  test('the policy allows the whole stage, since API Gateway caches it across routes', () => {
    const policy = allowPolicy(METHOD_ARN, 'alice');
    assert.equal(policy.principalId, 'alice');
    assert.deepEqual(policy.policyDocument.Statement, [
      {
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/connect/*',
      },
    ]);
  });
});

describe('authorizer', () => {
  test('allows the right credentials and caches the secret', async () => {
    const port = secrets('{"username":"connect","password":"s3cret"}');
    const authorize = makeAuthorizer({ secretArn: 'arn:secret', secrets: port, log: silent });
    const result = await authorize(event(basic('connect:s3cret')));
    assert.equal(result.principalId, 'connect');
    await authorize(event(basic('connect:s3cret')));
    assert.equal(port.reads, 1);
  });

  test('answers Unauthorized (401) for wrong or malformed credentials', async () => {
    const authorize = makeAuthorizer({
      secretArn: 'arn:secret',
      secrets: secrets('{"username":"connect","password":"s3cret"}'),
      log: silent,
    });
    await assert.rejects(authorize(event(basic('connect:wrong'))), /^Error: Unauthorized$/);
    await assert.rejects(authorize(event('Bearer token')), /^Error: Unauthorized$/);
  });

  test('a missing secret is an error of its own, not a 401', async () => {
    const authorize = makeAuthorizer({ secretArn: 'arn:other', secrets: secrets('{}'), log: silent });
    await assert.rejects(authorize(event(basic('connect:s3cret'))), (e: unknown) => e instanceof ConfigValueError);
  });
});
