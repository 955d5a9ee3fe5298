/**
 * Database access for the JDBC connectors (issue 18): the functions that resolve `${secretsmanager:…}`
 * placeholders and run connectors (the task runner, and the scheduler, where connectors split their
 * work) may read each database's secret and nothing else, and may reach the database's security group on
 * its port. The secret's value never appears in a connector config, only its ARN.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { DataAccessProps, DatabaseAccess } from './props.js';

const POSTGRES_PORT = 5432;
/**
 * The Lambda Node.js runtime's CA bundle, which includes the RDS certificate authorities; Node 20+ runtimes
 * do not load it by default, and `sslmode=verify-full` to RDS or RDS Proxy needs it.
 */
export const LAMBDA_CA_BUNDLE = '/var/runtime/ca-cert.pem';

/** Grants each of `functions` what `props.databases` names. */
export function grantDatabaseAccess(functions: readonly lambda.Function[], props: DataAccessProps | undefined): void {
  const databases = props?.databases ?? [];
  if (databases.length === 0) return;
  for (const [index, database] of databases.entries()) checkDatabase(functions[0]!, index, database);
  for (const fn of functions) {
    fn.addEnvironment('NODE_EXTRA_CA_CERTS', LAMBDA_CA_BUNDLE);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'JdbcDatabaseSecrets',
        actions: ['secretsmanager:GetSecretValue'],
        resources: databases.map((database) => database.secretArn),
      }),
    );
    const keys = databases.flatMap((database) => (database.kmsKeyArn === undefined ? [] : [database.kmsKeyArn]));
    if (keys.length > 0) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'JdbcDatabaseSecretKeys',
          actions: ['kms:Decrypt'],
          resources: keys,
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(fn).region}.amazonaws.com` } },
        }),
      );
    }
    for (const database of databases) {
      if (database.securityGroup === undefined) continue;
      const port = database.port ?? POSTGRES_PORT;
      database.securityGroup.connections.allowFrom(
        fn.connections,
        ec2.Port.tcp(port),
        `${fn.node.path} to its JDBC database`,
      );
    }
  }
}

function checkDatabase(fn: lambda.Function, index: number, database: DatabaseAccess): void {
  const where = `${fn.node.path}: dataAccess.databases[${index}]`;
  if (
    !Token.isUnresolved(database.secretArn) &&
    !/^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:[^*]+$/.test(database.secretArn)
  ) {
    throw new Error(
      `${where}.secretArn must name one Secrets Manager secret (arn:…:secretsmanager:<region>:<account>:secret:<name>), got "${database.secretArn}"`,
    );
  }
  if (database.securityGroup !== undefined && !fn.isBoundToVpc) {
    throw new Error(`${where}.securityGroup needs the functions in the database's VPC: set network.vpc`);
  }
}
