/**
 * Reads the CDK context values the default app understands (`-c key=value` or cdk.json) into
 * `LambdaConnect` props. Everything is optional: with no context at all the app still synthesizes.
 */
import { Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import {
  KafkaSaslMechanism,
  type ApiAuth,
  type DatabaseAccess,
  type KafkaAuth,
  type LambdaConnectProps,
  type NetworkProps,
  type S3Access,
  type S3Grant,
} from './constructs/props.js';

/** The context keys, documented in docs/deploy.md. */
export const ContextKey = {
  BOOTSTRAP_SERVERS: 'bootstrapServers',
  KAFKA_TLS: 'kafkaTls',
  SASL_MECHANISM: 'kafkaSaslMechanism',
  SASL_SECRET_ARN: 'kafkaSaslSecretArn',
  SASL_SECRET_KMS_KEY_ARN: 'kafkaSaslSecretKmsKeyArn',
  MSK_CLUSTER_ARN: 'mskClusterArn',
  API_AUTH: 'apiAuth',
  BASIC_AUTH_SECRET_ARN: 'basicAuthSecretArn',
  DOMAIN_NAME: 'domainName',
  CERTIFICATE_ARN: 'certificateArn',
  HOSTED_ZONE_ID: 'hostedZoneId',
  VPC_ID: 'vpcId',
  SUBNET_IDS: 'subnetIds',
  SECURITY_GROUP_IDS: 'securityGroupIds',
  SECRET_ARNS: 'secretArns',
  PARAMETER_ARNS: 'parameterArns',
  KMS_KEY_ARNS: 'kmsKeyArns',
  TASK_RUNNER_CONCURRENCY: 'taskRunnerConcurrency',
  TABLE_REMOVAL_POLICY: 'tableRemovalPolicy',
  TABLE_DELETION_PROTECTION: 'tableDeletionProtection',
  ALARM_TOPIC_ARN: 'alarmTopicArn',
  API_ACCESS_LOGS: 'apiAccessLogs',
  WORKER_PROPERTIES: 'workerProperties',
  CONNECTORS_FILE: 'connectorsFile',
  FILE_STREAM_ALLOWED_DIRS: 'fileStreamAllowedDirs',
  S3_BUCKETS: 's3Buckets',
  DYNAMODB_TABLES: 'dynamoDbTables',
  GLUE_SCHEMA_REGISTRIES: 'glueSchemaRegistries',
  DATABASE_SECRET_ARNS: 'databaseSecretArns',
  DATABASE_SECURITY_GROUP_ID: 'databaseSecurityGroupId',
  DATABASE_PORT: 'databasePort',
} as const;

export interface ConnectorDeclaration {
  readonly name: string;
  readonly config: Record<string, string>;
}

export class ContextReader {
  constructor(private readonly scope: Construct) {}

  string(key: string): string | undefined {
    const value: unknown = this.scope.node.tryGetContext(key);
    if (value === undefined || value === null || value === '') return undefined;
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  list(key: string): string[] | undefined {
    const value: unknown = this.scope.node.tryGetContext(key);
    if (Array.isArray(value)) return value.map(String);
    const text = this.string(key);
    return text === undefined
      ? undefined
      : text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  }

  boolean(key: string): boolean | undefined {
    const text = this.string(key);
    if (text === undefined) return undefined;
    if (text !== 'true' && text !== 'false') throw new Error(`Context ${key} must be true or false, got ${text}`);
    return text === 'true';
  }

  number(key: string): number | undefined {
    const text = this.string(key);
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`Context ${key} must be a non-negative integer, got ${text}`);
    return n;
  }
}

/** `LambdaConnect` props from context; `scope` is where imported resources (secret, VPC) are defined. */
export function propsFromContext(scope: Construct): LambdaConnectProps {
  const ctx = new ContextReader(scope);
  const secretArns = ctx.list(ContextKey.SECRET_ARNS);
  const parameterArns = ctx.list(ContextKey.PARAMETER_ARNS);
  const kmsKeyArns = ctx.list(ContextKey.KMS_KEY_ARNS);
  const auth = kafkaAuth(scope, ctx);
  const tls = ctx.boolean(ContextKey.KAFKA_TLS);
  const network = networkFromContext(scope, ctx);
  const domainName = ctx.string(ContextKey.DOMAIN_NAME);
  const concurrency = taskRunnerConcurrency(ctx);
  const workerProperties = ctx.string(ContextKey.WORKER_PROPERTIES);
  const deletionProtection = ctx.boolean(ContextKey.TABLE_DELETION_PROTECTION);
  const accessLogs = ctx.boolean(ContextKey.API_ACCESS_LOGS);
  const alarmTopicArn = ctx.string(ContextKey.ALARM_TOPIC_ARN);
  const fileStreamDirs = ctx.list(ContextKey.FILE_STREAM_ALLOWED_DIRS);
  // `bucket` or `bucket/prefix/`, each optionally `:read`, `:write` or `:readWrite`, comma-separated.
  const s3 = ctx.list(ContextKey.S3_BUCKETS)?.map(s3GrantFromContext);
  const dynamoDbTables = ctx.list(ContextKey.DYNAMODB_TABLES);
  const glueSchemaRegistries = ctx.list(ContextKey.GLUE_SCHEMA_REGISTRIES);
  const databases = databasesFromContext(scope, ctx);
  return {
    kafka: { ...(auth === undefined ? {} : { auth }), ...(tls === undefined ? {} : { tls }) },
    api: {
      auth: apiAuth(scope, ctx),
      ...(domainName === undefined ? {} : { domain: domainFromContext(scope, ctx, domainName) }),
      ...(accessLogs === undefined ? {} : { accessLogs }),
    },
    ...(network === undefined ? {} : { network }),
    tables: {
      removalPolicy:
        ctx.string(ContextKey.TABLE_REMOVAL_POLICY) === 'destroy' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      ...(deletionProtection === undefined ? {} : { deletionProtection }),
    },
    ...(alarmTopicArn === undefined
      ? {}
      : { monitoring: { alarmTopic: sns.Topic.fromTopicArn(scope, 'AlarmTopic', alarmTopicArn) } }),
    functions: {
      ...(concurrency === undefined ? {} : { taskRunner: { reservedConcurrency: concurrency } }),
      taskRunnerMaxEventAge: Duration.minutes(15),
    },
    secretsByReference: {
      ...(secretArns === undefined ? {} : { secretArns }),
      ...(parameterArns === undefined ? {} : { parameterArns }),
      ...(kmsKeyArns === undefined ? {} : { kmsKeyArns }),
    },
    ...(workerProperties === undefined
      ? {}
      : { workerProperties: JSON.parse(workerProperties) as Record<string, string> }),
    // Opting in to the FileStream connectors is naming the directories they may use.
    ...(fileStreamDirs === undefined ? {} : { fileStream: { allowedDirs: fileStreamDirs } }),
    ...(s3 === undefined &&
    dynamoDbTables === undefined &&
    databases === undefined &&
    glueSchemaRegistries === undefined
      ? {}
      : {
          dataAccess: {
            ...(s3 === undefined ? {} : { s3 }),
            ...(dynamoDbTables === undefined ? {} : { dynamoDbTables }),
            ...(databases === undefined ? {} : { databases }),
            ...(glueSchemaRegistries === undefined ? {} : { glueSchemaRegistries }),
          },
        }),
  };
}

/** One `s3Buckets` entry: `bucket[/prefix][:access]` (S3 keys may hold ':', so only a known access suffix counts). */
function s3GrantFromContext(entry: string): S3Grant {
  const suffix = /:(read|write|readWrite)$/.exec(entry);
  const path = suffix === null ? entry : entry.slice(0, suffix.index);
  const access = suffix === null ? {} : { access: suffix[1] as S3Access };
  const slash = path.indexOf('/');
  return slash < 0
    ? { bucket: path, ...access }
    : { bucket: path.slice(0, slash), prefix: path.slice(slash + 1), ...access };
}

/** Connectors declared in the JSON file named by `-c connectorsFile=...`: `[{"name", "config"}]`. */
export function connectorsFromContext(scope: Construct): ConnectorDeclaration[] {
  const file = new ContextReader(scope).string(ContextKey.CONNECTORS_FILE);
  if (file === undefined) return [];
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(parsed)) throw new Error(`${file} must hold a JSON array of {"name", "config"}`);
  return parsed as ConnectorDeclaration[];
}

function kafkaAuth(scope: Construct, ctx: ContextReader): KafkaAuth | undefined {
  const mechanism = ctx.string(ContextKey.SASL_MECHANISM);
  if (mechanism === undefined) return undefined;
  if (mechanism === KafkaSaslMechanism.AWS_MSK_IAM) {
    const clusterArn = ctx.string(ContextKey.MSK_CLUSTER_ARN);
    if (clusterArn === undefined)
      throw new Error(`kafkaSaslMechanism=aws needs -c ${ContextKey.MSK_CLUSTER_ARN}=<cluster ARN>`);
    return { mechanism, clusterArn };
  }
  if (mechanism !== KafkaSaslMechanism.SCRAM_SHA_256 && mechanism !== KafkaSaslMechanism.SCRAM_SHA_512) {
    throw new Error(`kafkaSaslMechanism must be scram-sha-256, scram-sha-512 or aws, got ${mechanism}`);
  }
  const secretArn = ctx.string(ContextKey.SASL_SECRET_ARN);
  if (secretArn === undefined)
    throw new Error(`kafkaSaslMechanism=${mechanism} needs -c ${ContextKey.SASL_SECRET_ARN}=<secret ARN>`);
  const secretKmsKeyArn = ctx.string(ContextKey.SASL_SECRET_KMS_KEY_ARN);
  return {
    mechanism,
    secret: secretsmanager.Secret.fromSecretCompleteArn(scope, 'KafkaSaslSecret', secretArn),
    ...(secretKmsKeyArn === undefined ? {} : { secretKmsKeyArn }),
  };
}

/** A number of slices, or `none` for no reserved concurrency; absent: the construct's default. */
function taskRunnerConcurrency(ctx: ContextReader): number | null | undefined {
  if (ctx.string(ContextKey.TASK_RUNNER_CONCURRENCY) === 'none') return null;
  return ctx.number(ContextKey.TASK_RUNNER_CONCURRENCY);
}

function apiAuth(scope: Construct, ctx: ContextReader): ApiAuth {
  const mode = ctx.string(ContextKey.API_AUTH) ?? 'iam';
  if (mode === 'iam') return { type: 'iam' };
  if (mode !== 'basic') throw new Error(`apiAuth must be iam or basic, got ${mode}`);
  const arn = ctx.string(ContextKey.BASIC_AUTH_SECRET_ARN);
  return arn === undefined
    ? { type: 'basic' }
    : { type: 'basic', credentials: secretsmanager.Secret.fromSecretCompleteArn(scope, 'BasicAuthSecret', arn) };
}

function networkFromContext(scope: Construct, ctx: ContextReader): NetworkProps | undefined {
  const vpcId = ctx.string(ContextKey.VPC_ID);
  if (vpcId === undefined) return undefined;
  const subnetIds = ctx.list(ContextKey.SUBNET_IDS);
  if (subnetIds === undefined) throw new Error(`vpcId needs -c ${ContextKey.SUBNET_IDS}=subnet-a,subnet-b`);
  // Attributes, not a lookup: synth stays offline and the stack environment-agnostic.
  const vpc = ec2.Vpc.fromVpcAttributes(scope, 'Vpc', { vpcId, availabilityZones: Fn.getAzs() });
  const securityGroups = (ctx.list(ContextKey.SECURITY_GROUP_IDS) ?? []).map((id) =>
    ec2.SecurityGroup.fromSecurityGroupId(scope, `SecurityGroup-${id}`, id),
  );
  return {
    vpc,
    vpcSubnets: { subnets: subnetIds.map((id) => ec2.Subnet.fromSubnetId(scope, `Subnet-${id}`, id)) },
    ...(securityGroups.length === 0 ? {} : { securityGroups }),
  };
}

/** `-c databaseSecretArns=arn,… [-c databaseSecurityGroupId=sg-… -c databasePort=5432]`: every database shares the group. */
function databasesFromContext(scope: Construct, ctx: ContextReader): DatabaseAccess[] | undefined {
  const secretArns = ctx.list(ContextKey.DATABASE_SECRET_ARNS);
  if (secretArns === undefined) return undefined;
  const groupId = ctx.string(ContextKey.DATABASE_SECURITY_GROUP_ID);
  const securityGroup =
    groupId === undefined ? undefined : ec2.SecurityGroup.fromSecurityGroupId(scope, 'DatabaseSecurityGroup', groupId);
  const port = ctx.number(ContextKey.DATABASE_PORT);
  return secretArns.map((secretArn) => ({
    secretArn,
    ...(securityGroup === undefined ? {} : { securityGroup }),
    ...(port === undefined ? {} : { port }),
  }));
}

function domainFromContext(scope: Construct, ctx: ContextReader, domainName: string) {
  const certificateArn = ctx.string(ContextKey.CERTIFICATE_ARN);
  if (certificateArn === undefined)
    throw new Error(`domainName needs -c ${ContextKey.CERTIFICATE_ARN}=<regional ACM certificate ARN>`);
  const zoneId = ctx.string(ContextKey.HOSTED_ZONE_ID);
  const zoneName = domainName.split('.').slice(1).join('.');
  return {
    domainName,
    certificate: acm.Certificate.fromCertificateArn(scope, 'Certificate', certificateArn),
    ...(zoneId === undefined
      ? {}
      : { hostedZone: route53.HostedZone.fromHostedZoneAttributes(scope, 'Zone', { hostedZoneId: zoneId, zoneName }) }),
  };
}
