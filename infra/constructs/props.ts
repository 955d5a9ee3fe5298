/**
 * Typed props of the {@link LambdaConnect} construct. Every group is optional: the defaults deploy a
 * secure, IAM-authenticated API in front of on-demand tables, with Kafka settings taken from context.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IHostedZone } from 'aws-cdk-lib/aws-route53';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { PluginBundlingProps } from '../plugin-bundling.js';

/** SASL mechanisms, spelled as the handlers read them from `LC_KAFKA_SASL_MECHANISM`. */
export const KafkaSaslMechanism = {
  SCRAM_SHA_256: 'scram-sha-256',
  SCRAM_SHA_512: 'scram-sha-512',
  /** MSK IAM (SASL/OAUTHBEARER with a SigV4-signed token from aws-msk-iam-sasl-signer-js). */
  AWS_MSK_IAM: 'aws',
} as const;
export type KafkaSaslMechanism = (typeof KafkaSaslMechanism)[keyof typeof KafkaSaslMechanism];

/** SASL/SCRAM with a Secrets Manager secret `{"username": ..., "password": ...}`. */
export interface KafkaScramAuth {
  readonly mechanism: typeof KafkaSaslMechanism.SCRAM_SHA_256 | typeof KafkaSaslMechanism.SCRAM_SHA_512;
  readonly secret: ISecret;
  /**
   * The customer-managed KMS key the secret is encrypted with (MSK requires one for SCRAM secrets). Every
   * function that reads the secret gets `kms:Decrypt` on it, only through Secrets Manager
   * (`kms:ViaService`). Default: the secret's own `encryptionKey`, if it has one.
   */
  readonly secretKmsKeyArn?: string;
}

/** MSK IAM: the functions' roles get `kafka-cluster:*` actions (listed one by one) on this cluster only. */
export interface KafkaMskIamAuth {
  readonly mechanism: typeof KafkaSaslMechanism.AWS_MSK_IAM;
  /** `arn:aws:kafka:<region>:<account>:cluster/<name>/<uuid>`; topic and group ARNs are derived from it. */
  readonly clusterArn: string;
}

export type KafkaAuth = KafkaScramAuth | KafkaMskIamAuth;

export interface KafkaConnectionProps {
  /** Comma-separated `host:port`. Default: the `bootstrapServers` context value. */
  readonly bootstrapServers?: string;
  /** TLS to the brokers. Default: true when `auth` is set, else false. */
  readonly tls?: boolean;
  /** Default: no SASL. */
  readonly auth?: KafkaAuth;
}

/** IAM (SigV4) on every method; or HTTP basic auth checked by a Lambda authorizer. */
export type ApiAuth =
  | { readonly type: 'iam' }
  | {
      readonly type: 'basic';
      /** A `{"username","password"}` secret. Default: one is created with a generated password. */
      readonly credentials?: ISecret;
      /** How long API Gateway caches an authorizer decision per Authorization header. Default 5 minutes. */
      readonly cacheTtl?: Duration;
    };

export interface CustomDomainProps {
  readonly domainName: string;
  /** A regional ACM certificate for `domainName`. */
  readonly certificate: ICertificate;
  /** When given, an alias A record is created for `domainName`. */
  readonly hostedZone?: IHostedZone;
}

export interface RestApiProps {
  /** Default: `{ type: 'iam' }`. */
  readonly auth?: ApiAuth;
  /** Steady-state requests per second for the stage. Default 50. */
  readonly throttlingRateLimit?: number;
  /** Burst capacity for the stage. Default 100. */
  readonly throttlingBurstLimit?: number;
  /** Default `connect`. */
  readonly stageName?: string;
  /** The API at the root of a custom domain, so Connect's paths are unchanged. */
  readonly domain?: CustomDomainProps;
  /** `Access-Control-Allow-Origin` the REST handler answers with. Default: no CORS. */
  readonly corsAllowOrigin?: string;
  /**
   * JSON access logs of the stage in a log group of their own. They need the account-level API Gateway
   * CloudWatch role (docs/deploy.md); without it the deployment fails. Default true.
   */
  readonly accessLogs?: boolean;
}

export interface NetworkProps {
  /** Places the functions that talk to Kafka in this VPC (MSK or private Kafka). */
  readonly vpc: ec2.IVpc;
  /** Default: the VPC's private subnets. */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /** Default: one security group created per function, all egress allowed. */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

export interface TablesProps {
  /** Default `RemovalPolicy.RETAIN`: connector configs and offsets survive `cdk destroy`. */
  readonly removalPolicy?: RemovalPolicy;
  /** Default false. */
  readonly deletionProtection?: boolean;
}

export interface FunctionTuning {
  readonly memorySize?: number;
  readonly timeout?: Duration;
  /**
   * Reserved concurrency; `null`: none (the account's unreserved pool). Default none, except the task
   * runner: {@link DEFAULT_TASK_RUNNER_CONCURRENCY}, so slices cannot take the concurrency the REST API
   * and the scheduler need.
   */
  readonly reservedConcurrency?: number | null;
}

/**
 * The task runner's default reserved concurrency: at most this many slices at once. Lambda's default
 * account limit is 1,000 and at least 100 must stay unreserved; 100 slices leave the rest to the REST API.
 */
export const DEFAULT_TASK_RUNNER_CONCURRENCY = 100;

/** The scheduler's tick: EventBridge Scheduler's finest rate, one minute. */
export const DEFAULT_SCHEDULE_RATE = Duration.minutes(1);

export interface FunctionsProps {
  readonly restApi?: FunctionTuning;
  readonly scheduler?: FunctionTuning;
  readonly taskRunner?: FunctionTuning;
  /** The doorbell the Kafka event source mappings of `latency.mode=doorbell` sinks invoke. */
  readonly doorbell?: FunctionTuning;
  /** Default one month. */
  readonly logRetention?: RetentionDays;
  /** Default `RemovalPolicy.DESTROY`. */
  readonly logRemovalPolicy?: RemovalPolicy;
  /** Application log level (Lambda advanced logging and Powertools). Default INFO. */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Bundle the AWS SDK instead of using the runtime's. Default true (see infra/bundling.ts, decision 0009). */
  readonly bundleAwsSdk?: boolean;
  /** How long a queued task-runner invocation may wait before it goes to the failure queue. Default 15 minutes. */
  readonly taskRunnerMaxEventAge?: Duration;
}

/** Secrets by reference: what `${secretsmanager:...}` / `${ssm:...}` placeholders may point to. */
export interface SecretsByReferenceProps {
  /** Secrets the task-runner and scheduler may read (`secretsmanager:GetSecretValue`). */
  readonly secretArns?: string[];
  /** Parameters they may read (`ssm:GetParameter`). */
  readonly parameterArns?: string[];
  /** Customer-managed KMS keys protecting those (`kms:Decrypt`). */
  readonly kmsKeyArns?: string[];
}

export interface MonitoringProps {
  /** Alarm when a connector's max sink lag stays above this many records. Default 100000. */
  readonly sinkLagThreshold?: number;
  /** Consecutive 5-minute periods a lag condition must hold. Default 3. */
  readonly lagEvaluationPeriods?: number;
  /** Actions (e.g. an SNS topic action) added to every alarm. */
  readonly alarmActions?: cloudwatch.IAlarmAction[];
  /** An SNS topic every alarm notifies (context `alarmTopicArn`). Default: none. */
  readonly alarmTopic?: ITopic;
  /** Default: generated. */
  readonly dashboardName?: string;
}

/**
 * A database the JDBC connectors (plugins/jdbc) reach: RDS, Aurora PostgreSQL or an RDS Proxy in front of
 * them. Connector configs name its secret by reference (`${secretsmanager:<secretArn>:password}`).
 */
export interface DatabaseAccess {
  /** The database login's secret; the task runner and the scheduler may read exactly this one. */
  readonly secretArn: string;
  /** The customer-managed KMS key the secret is encrypted with, if any: `kms:Decrypt` through Secrets Manager only. */
  readonly kmsKeyArn?: string;
  /**
   * The security group of the database (or its RDS Proxy): it gets an ingress rule from the functions'
   * security groups on `port`. Needs `network` (the functions in the database's VPC).
   */
  readonly securityGroup?: ec2.ISecurityGroup;
  /** Default 5432. */
  readonly port?: number;
}

/** What a connector may do under a granted bucket and prefix: the S3 source reads, the S3 sink writes. */
export const S3Access = { READ: 'read', WRITE: 'write', READ_WRITE: 'readWrite' } as const;
export type S3Access = (typeof S3Access)[keyof typeof S3Access];

/** One bucket (a name or `arn:aws:s3:::<bucket>`) and optionally a key prefix in it (e.g. `topics/`). */
export interface S3Grant {
  readonly bucket: string;
  /** Default: the whole bucket. */
  readonly prefix?: string;
  /**
   * `read` (GetObject, ListBucket: the S3 source), `write` (PutObject and the multipart actions: the S3
   * sink) or `readWrite` (both). Default: `readWrite`, what every grant gave before access levels.
   */
  readonly access?: S3Access;
}

/** The connectors' data stores, granted one resource at a time (issues 14 and 18). */
export interface DataAccessProps {
  /**
   * Buckets and prefixes the S3 connectors use (no wildcards): the task runner gets exactly the object
   * actions of each entry's `access` under its prefix, and the bucket's listing actions limited to it.
   */
  readonly s3?: readonly S3Grant[];
  /**
   * Tables the DynamoDB sink writes: names (in the stack's account and region) or table ARNs, no
   * wildcards. The task runner gets exactly BatchWriteItem, PutItem, DeleteItem and DescribeTable on them.
   */
  readonly dynamoDbTables?: readonly string[];
  /** Databases the JDBC connectors reach: their secrets are readable by the task runner and scheduler, nothing else. */
  readonly databases?: readonly DatabaseAccess[];
  /**
   * AWS Glue Schema Registries the AWSKafkaAvroConverter uses: names (in the stack's account and region) or
   * registry ARNs, no wildcards. The task runner gets GetSchemaByDefinition, GetSchemaVersion, CreateSchema
   * and RegisterSchemaVersion on each registry and its schemas.
   */
  readonly glueSchemaRegistries?: readonly string[];
}

export interface LambdaConnectProps {
  readonly kafka?: KafkaConnectionProps;
  readonly api?: RestApiProps;
  readonly network?: NetworkProps;
  readonly tables?: TablesProps;
  readonly functions?: FunctionsProps;
  readonly secretsByReference?: SecretsByReferenceProps;
  /** Data stores connectors read and write. Default: none. */
  readonly dataAccess?: DataAccessProps;
  readonly monitoring?: MonitoringProps;
  /** Worker-level properties (`key.converter`, ...), passed as JSON. */
  readonly workerProperties?: Readonly<Record<string, string>>;
  /** The `worker_id` in statuses. Default: chosen by the handlers. */
  readonly workerId?: string;
  /** The scheduler tick. Default {@link DEFAULT_SCHEDULE_RATE}. */
  readonly scheduleRate?: Duration;
  /**
   * The FileStream connectors touch the functions' file system, so they are not registered unless this
   * is set (decision 0008). Default: not registered.
   */
  readonly fileStream?: FileStreamProps;
  /**
   * The plugin packages bundled into the runtime functions (decision 0014). Default: this repository's
   * `plugins/*`, package.json's `lambdaConnect.plugins` and `LC_PLUGINS` at synth time, the packages
   * `npm start` loads.
   */
  readonly plugins?: PluginBundlingProps;
}

/** Opting in to the FileStream connectors on AWS. */
export interface FileStreamProps {
  /** Directories they may read and write (symlinks and `..` resolved). Default `['/tmp']`, Lambda's only writable one. */
  readonly allowedDirs?: readonly string[];
}
