/**
 * Kafka connectivity for the functions that talk to the brokers: the environment they read and the
 * grants they need (the SCRAM secret, or MSK IAM actions scoped to one cluster).
 */
import { Annotations, Fn, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { Env } from '../../lib/config/env.js';
import { KafkaSaslMechanism, type KafkaAuth, type KafkaConnectionProps } from './props.js';

/** What a function does with Kafka; decides its MSK IAM actions. */
export const KafkaRole = {
  /** REST API and connectors-as-code: cluster id, topic metadata, sink consumer-group offsets. */
  ADMIN: 'admin',
  /** Scheduler: topic metadata for sink partition assignment. */
  SCHEDULER: 'scheduler',
  /** Task runner: produce, fetch, create topics, commit group offsets. */
  WORKER: 'worker',
  /**
   * The doorbell function's role, used by Lambda's pollers of its Kafka event source mappings: read the
   * topics, in the mappings' own consumer groups.
   */
  DOORBELL: 'doorbell',
} as const;
export type KafkaRole = (typeof KafkaRole)[keyof typeof KafkaRole];

interface MskActions {
  readonly cluster: readonly string[];
  readonly topic: readonly string[];
  readonly group: readonly string[];
}

const CLUSTER_BASICS = ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'];

/** Explicit actions per role: no wildcard action is ever granted. */
export const MSK_IAM_ACTIONS: Readonly<Record<KafkaRole, MskActions>> = {
  admin: {
    cluster: CLUSTER_BASICS,
    topic: ['kafka-cluster:DescribeTopic'],
    group: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup', 'kafka-cluster:DeleteGroup'],
  },
  scheduler: { cluster: CLUSTER_BASICS, topic: ['kafka-cluster:DescribeTopic'], group: [] },
  worker: {
    cluster: [...CLUSTER_BASICS, 'kafka-cluster:WriteDataIdempotently'],
    topic: [
      'kafka-cluster:DescribeTopic',
      'kafka-cluster:CreateTopic',
      'kafka-cluster:ReadData',
      'kafka-cluster:WriteData',
    ],
    group: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
  },
  doorbell: {
    cluster: ['kafka-cluster:Connect', 'kafka-cluster:DescribeClusterDynamicConfiguration'],
    topic: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
    group: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
  },
};

/** What Lambda's pollers do with the execution role to find an MSK cluster's brokers. */
export const MSK_POLLER_ACTIONS = ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'] as const;

/**
 * The network interfaces Lambda's pollers create in the cluster's VPC (MSK, or self-managed Kafka with
 * VPC subnets): the EC2 actions the event source mapping documentation lists; they take no resource.
 */
export const POLLER_NETWORK_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeVpcs',
  'ec2:DescribeSubnets',
  'ec2:DescribeSecurityGroups',
] as const;

/** Topic and group ARNs under a cluster: `...:cluster/<name>/<uuid>` becomes `...:topic/<name>/<uuid>/*`. */
export function mskResourceArns(clusterArn: string): { topics: string; groups: string } {
  const marker = ':cluster/';
  if (Token.isUnresolved(clusterArn)) {
    const prefix = Fn.select(0, Fn.split(marker, clusterArn));
    const nameAndUuid = Fn.select(1, Fn.split(marker, clusterArn));
    return {
      topics: Fn.join('', [prefix, ':topic/', nameAndUuid, '/*']),
      groups: Fn.join('', [prefix, ':group/', nameAndUuid, '/*']),
    };
  }
  const at = clusterArn.indexOf(marker);
  if (!clusterArn.startsWith('arn:') || at < 0) {
    throw new Error(
      `Not an MSK cluster ARN (arn:<partition>:kafka:<region>:<account>:cluster/<name>/<uuid>): ${clusterArn}`,
    );
  }
  const prefix = clusterArn.slice(0, at);
  const nameAndUuid = clusterArn.slice(at + marker.length);
  return { topics: `${prefix}:topic/${nameAndUuid}/*`, groups: `${prefix}:group/${nameAndUuid}/*` };
}

export class KafkaAccess {
  /** The variables every Kafka-talking handler reads. */
  readonly environment: Readonly<Record<string, string>>;
  readonly #auth: KafkaAuth | undefined;
  /** The service principal a SCRAM secret's key may be used through: `secretsmanager.<region>.<suffix>`. */
  readonly #secretsManagerService: string;

  constructor(scope: Construct, props: KafkaConnectionProps = {}) {
    this.#auth = props.auth;
    const stack = Stack.of(scope);
    this.#secretsManagerService = `secretsmanager.${stack.region}.${stack.urlSuffix}`;
    const bootstrapServers = props.bootstrapServers ?? contextString(scope, 'bootstrapServers');
    const tls = props.tls ?? props.auth !== undefined;
    if (props.auth?.mechanism === KafkaSaslMechanism.AWS_MSK_IAM && !tls) {
      throw new Error('MSK IAM authentication needs TLS: leave kafka.tls unset or true');
    }
    const env: Record<string, string> = { [Env.KAFKA_SSL]: String(tls) };
    if (bootstrapServers !== undefined) env[Env.KAFKA_BOOTSTRAP_SERVERS] = bootstrapServers;
    else {
      // An error annotation: `cdk synth` and `cdk deploy` stop with this message; a stack built in a test
      // still synthesizes, so tests can assert on the message.
      Annotations.of(scope).addError(
        'No Kafka bootstrap servers: pass kafka.bootstrapServers to LambdaConnect, or -c bootstrapServers=host:port,... to cdk synth / cdk deploy',
      );
    }
    if (props.auth !== undefined) env[Env.KAFKA_SASL_MECHANISM] = props.auth.mechanism;
    if (props.auth !== undefined && props.auth.mechanism !== KafkaSaslMechanism.AWS_MSK_IAM) {
      env[Env.KAFKA_SASL_SECRET_ARN] = props.auth.secret.secretArn;
    }
    this.environment = env;
  }

  /** Grants `grantee` what `role` needs to authenticate and act on the cluster. */
  grant(grantee: iam.IGrantable, role: KafkaRole): void {
    const auth = this.#auth;
    if (auth === undefined) return;
    if (auth.mechanism !== KafkaSaslMechanism.AWS_MSK_IAM) {
      auth.secret.grantRead(grantee);
      if (auth.secretKmsKeyArn !== undefined)
        grantee.grantPrincipal.addToPrincipalPolicy(this.#decryptViaSecretsManager(auth.secretKmsKeyArn));
      return;
    }
    const actions = MSK_IAM_ACTIONS[role];
    const { topics, groups } = mskResourceArns(auth.clusterArn);
    const statements: [readonly string[], string][] = [
      [actions.cluster, auth.clusterArn],
      [actions.topic, topics],
      [actions.group, groups],
    ];
    for (const [list, resource] of statements) {
      if (list.length > 0) grantee.grantPrincipal.addToPrincipalPolicy(statement(list, resource));
    }
  }

  /** The MSK cluster the deployment authenticates to with IAM (the doorbell mappings' event source), if any. */
  get mskClusterArn(): string | undefined {
    return this.#auth?.mechanism === KafkaSaslMechanism.AWS_MSK_IAM ? this.#auth.clusterArn : undefined;
  }

  /**
   * What Lambda's pollers need besides the Kafka actions (`grant(…, KafkaRole.DOORBELL)`): the cluster's
   * brokers for MSK, and the network-interface actions when they run in a VPC (MSK, or `inVpc`).
   */
  grantEventSourcePollers(grantee: iam.IGrantable, inVpc: boolean): void {
    const cluster = this.mskClusterArn;
    if (cluster !== undefined) grantee.grantPrincipal.addToPrincipalPolicy(statement(MSK_POLLER_ACTIONS, cluster));
    if (cluster !== undefined || inVpc)
      grantee.grantPrincipal.addToPrincipalPolicy(statement(POLLER_NETWORK_ACTIONS, '*'));
  }

  /** Decrypt with the secret's key, only in calls Secrets Manager makes on the function's behalf. */
  #decryptViaSecretsManager(keyArn: string): iam.PolicyStatement {
    if (!Token.isUnresolved(keyArn) && !/^arn:[^:]+:kms:[^:]*:[^:]*:key\/.+/.test(keyArn)) {
      throw new Error(
        `The SCRAM secret's KMS key must be a key ARN (arn:<partition>:kms:<region>:<account>:key/<id>), got ${keyArn}`,
      );
    }
    return new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: [keyArn],
      conditions: { StringEquals: { 'kms:ViaService': this.#secretsManagerService } },
    });
  }
}

function statement(actions: readonly string[], resource: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: [...actions], resources: [resource] });
}

function contextString(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
