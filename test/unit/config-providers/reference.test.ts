import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConfigValueError,
  containsReferences,
  findReferences,
  ReferenceFailure,
  substituteReferences,
} from '../../../lib/config-providers/index.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-credentials-AbCdEf';

describe('findReferences', () => {
  test('a secret name with and without a JSON key', () => {
    assert.deepEqual(findReferences('${secretsmanager:db-credentials:password}'), [
      {
        text: '${secretsmanager:db-credentials:password}',
        provider: 'secretsmanager',
        path: 'db-credentials',
        key: 'password',
      },
    ]);
    assert.deepEqual(findReferences('${secretsmanager:prod/db}'), [
      { text: '${secretsmanager:prod/db}', provider: 'secretsmanager', path: 'prod/db' },
    ]);
  });

  test('a secret ARN keeps its colons; what follows the seventh field is the key', () => {
    const [withKey] = findReferences(`\${secretsmanager:${ARN}:user:name}`);
    assert.equal(withKey?.path, ARN);
    assert.equal(withKey?.key, 'user:name');
    const [whole] = findReferences(`\${secretsmanager:${ARN}}`);
    assert.equal(whole?.path, ARN);
    assert.equal(whole?.key, undefined);
  });

  test('an SSM parameter name is taken whole, selector included', () => {
    assert.deepEqual(findReferences('x=${ssm:/prod/kafka/password:3};'), [
      { text: '${ssm:/prod/kafka/password:3}', provider: 'ssm', path: '/prod/kafka/password:3' },
    ]);
  });

  test('several placeholders in one value, unknown providers ignored', () => {
    const refs = findReferences('${file:/etc/x:k} ${ssm:a} and ${secretsmanager:b:c}');
    assert.deepEqual(
      refs.map((r) => r.text),
      ['${ssm:a}', '${secretsmanager:b:c}'],
    );
  });

  test('malformed placeholders of known providers are rejected, naming the placeholder', () => {
    for (const text of ['${secretsmanager:}', '${secretsmanager:db:}', '${ssm:}', '${secretsmanager:arn:aws:x}']) {
      assert.throws(
        () => findReferences(`pre ${text} post`),
        (error: unknown) =>
          error instanceof ConfigValueError &&
          error.failure === ReferenceFailure.INVALID_REFERENCE &&
          error.reference === text,
        text,
      );
    }
  });
});

describe('substituteReferences and containsReferences', () => {
  test('only known placeholders are replaced', () => {
    const out = substituteReferences('u=${ssm:a} v=${env:HOME} w=${secretsmanager:b:c}', (t) => `<${t.length}>`);
    assert.equal(out, 'u=<8> v=${env:HOME} w=<21>');
  });

  test('containsReferences sees known providers only', () => {
    assert.equal(containsReferences({ a: 'plain', b: '${env:HOME}' }), false);
    assert.equal(containsReferences({ a: 'plain', b: 'x${ssm:p}' }), true);
    assert.equal(containsReferences({}), false);
  });
});
