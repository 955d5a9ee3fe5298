/**
 * `LambdaConnect`: Apache Kafka Connect as a serverless deployment. The REST API behind API Gateway,
 * a scheduler ticked by EventBridge Scheduler, a self-continuing task runner, three DynamoDB tables,
 * alarms and a dashboard. Usable from any CDK app; `infra/lambda-connect-stack.ts` is one such app.
 */
import { ArnFormat, Duration, Names, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Env } from '../../lib/config/env.js';
import { SCHEDULED_TICK_EVENT } from '../../lib/config/schedule.js';
import { DEFAULT_BUNDLE_AWS_SDK } from '../bundling.js';
import { HandlerEntry } from '../handler-entries.js';
import { bundledPluginSources, bundleEntry } from '../plugin-bundling.js';
import type { PluginSource } from '../../lib/config/plugin-sources.js';
import { createBasicAuthCredentials } from './basic-auth.js';
import { grantS3Access } from './s3-access.js';
import { grantDataAccess } from './data-access.js';
import { grantDatabaseAccess } from './database-access.js';
import { ConnectorsProvider } from './connectors-provider.js';
import { DEFAULT_LOGGING, HandlerFunction, type HandlerLogging } from './handler-function.js';
import { KafkaAccess, KafkaRole, mskResourceArns } from './kafka-access.js';
import { acknowledgeDoorbellWildcards, acknowledgeNagFindings } from './nag-acknowledgements.js';
import { LambdaConnectMonitoring, type ConnectorAlarmOptions, type ConnectorAlarms } from './monitoring.js';
import {
  DEFAULT_SCHEDULE_RATE,
  DEFAULT_TASK_RUNNER_CONCURRENCY,
  KafkaSaslMechanism,
  type FunctionTuning,
  type LambdaConnectProps,
} from './props.js';
import { ConnectRestApi, type ConnectRestApiProps } from './rest-api.js';
import { LambdaConnectTables } from './tables.js';
import { TableAccess, wireHandler, type HandlerAccess, type TableBinding } from './wiring.js';

interface HandlerSpec {
  readonly id: string;
  readonly entry: HandlerEntry;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** A fixed physical name: handlers name these functions in their environment. */
  readonly named: boolean;
  /** Placed in the VPC and given the runtime environment (lib/runtime's composition root). */
  readonly runtime: boolean;
  /** Reserved concurrency unless the props say otherwise. */
  readonly reservedConcurrency?: number;
  readonly recursiveLoop?: lambda.RecursiveLoop;
}

/** The functions' specs; the benchmark's AWS-clock run reads the deployed timeouts from here. */
export const HANDLERS = {
  taskRunner: {
    id: 'TaskRunner',
    entry: HandlerEntry.TASK_RUNNER,
    description: 'lambda-connect task runner',
    memorySize: 1024,
    timeout: Duration.minutes(5),
    named: true,
    runtime: true,
    reservedConcurrency: DEFAULT_TASK_RUNNER_CONCURRENCY,
    // Slices continue by invoking themselves; Lambda would cut that chain after ~16 hops. Our guard
    // (lease held and data pending) replaces its loop detection.
    recursiveLoop: lambda.RecursiveLoop.ALLOW,
  },
  scheduler: {
    id: 'Scheduler',
    entry: HandlerEntry.SCHEDULER,
    description: 'lambda-connect scheduler',
    memorySize: 512,
    timeout: Duration.minutes(1),
    named: true,
    runtime: true,
  },
  doorbell: {
    id: 'Doorbell',
    entry: HandlerEntry.DOORBELL,
    description: 'lambda-connect doorbell',
    // One listing of the connectors and a few reads and invokes per ring; it never waits for a slice.
    memorySize: 512,
    timeout: Duration.seconds(30),
    named: true,
    runtime: true,
  },
  restApi: {
    id: 'RestApi',
    entry: HandlerEntry.REST_API,
    description: 'lambda-connect REST API',
    // API Gateway gives up after 29 seconds; the handler never waits for tasks.
    memorySize: 512,
    timeout: Duration.seconds(29),
    named: false,
    runtime: true,
  },
  connectorsResource: {
    id: 'ConnectorsResource',
    entry: HandlerEntry.CONNECTORS_RESOURCE,
    description: 'lambda-connect connectors-as-code',
    memorySize: 512,
    timeout: Duration.minutes(2),
    named: false,
    runtime: true,
  },
  basicAuthAuthorizer: {
    id: 'BasicAuthAuthorizer',
    entry: HandlerEntry.BASIC_AUTH_AUTHORIZER,
    description: 'lambda-connect basic-auth authorizer',
    memorySize: 256,
    timeout: Duration.seconds(10),
    named: false,
    runtime: false,
  },
} as const satisfies Record<string, HandlerSpec>;

type TableRole = 'config' | 'offsets' | 'state';
const TABLE_ENV: Record<TableRole, string> = {
  config: Env.CONFIG_TABLE,
  offsets: Env.OFFSETS_TABLE,
  state: Env.STATE_TABLE,
};

export class LambdaConnect extends Construct {
  readonly tables: LambdaConnectTables;
  readonly restApiFunction: lambda.IFunction;
  readonly schedulerFunction: lambda.IFunction;
  readonly taskRunnerFunction: lambda.IFunction;
  /** Invoked by the Kafka event source mappings of `latency.mode=doorbell` sinks (created by the scheduler). */
  readonly doorbellFunction: lambda.IFunction;
  readonly api: apigw.RestApi;
  /** The API's base URL (the stage URL, or `https://<domain>/` with a custom domain). */
  readonly url: string;
  /** Where failed or expired task-runner invocations go. */
  readonly failureQueue: sqs.Queue;
  readonly schedule: scheduler.Schedule;
  readonly monitoring: LambdaConnectMonitoring;
  /** With basic auth: the `{"username","password"}` secret the authorizer checks. */
  readonly basicAuthCredentials: ISecret | undefined;
  readonly #props: LambdaConnectProps;
  readonly #kafka: KafkaAccess;
  readonly #logging: HandlerLogging;
  readonly #pluginSources: readonly PluginSource[];
  #connectorsProvider: ConnectorsProvider | undefined;

  constructor(scope: Construct, id: string, props: LambdaConnectProps = {}) {
    super(scope, id);
    this.#props = props;
    this.#pluginSources = bundledPluginSources(props.plugins);
    this.#logging = {
      retention: props.functions?.logRetention ?? DEFAULT_LOGGING.retention,
      removalPolicy: props.functions?.logRemovalPolicy ?? DEFAULT_LOGGING.removalPolicy,
      level: props.functions?.logLevel ?? DEFAULT_LOGGING.level,
    };
    this.tables = new LambdaConnectTables(this, 'Tables', props.tables);
    this.#kafka = new KafkaAccess(this, props.kafka);

    const taskRunner = this.#handler(HANDLERS.taskRunner, props.functions?.taskRunner);
    const schedulerFn = this.#handler(HANDLERS.scheduler, props.functions?.scheduler);
    const restApi = this.#handler(HANDLERS.restApi, props.functions?.restApi);
    const doorbell = this.#handler(HANDLERS.doorbell, props.functions?.doorbell);
    this.taskRunnerFunction = taskRunner.function;
    this.doorbellFunction = doorbell.function;
    this.schedulerFunction = schedulerFn.function;
    this.restApiFunction = restApi.function;
    this.#grantRuntimeAccess(taskRunner, schedulerFn, restApi);
    this.#wireDoorbell(doorbell, schedulerFn, taskRunner);

    this.failureQueue = this.#configureTaskInvocations(taskRunner.function);
    this.schedule = this.#scheduleTicks(schedulerFn.function);
    const { api, url, credentials } = this.#createApi(restApi.function);
    this.api = api;
    this.url = url;
    this.basicAuthCredentials = credentials;
    this.monitoring = new LambdaConnectMonitoring(
      this,
      'Monitoring',
      {
        functions: {
          'rest-api': restApi.function,
          scheduler: schedulerFn.function,
          'task-runner': taskRunner.function,
          doorbell: doorbell.function,
        },
        failureQueue: this.failureQueue,
        tables: { config: this.tables.config, offsets: this.tables.offsets, state: this.tables.state },
        api,
      },
      props.monitoring,
    );
    const auth = props.kafka?.auth;
    acknowledgeNagFindings(this, {
      invokedFunctions: [schedulerFn.function, taskRunner.function],
      mskResourceArns:
        auth?.mechanism === KafkaSaslMechanism.AWS_MSK_IAM ? Object.values(mskResourceArns(auth.clusterArn)) : [],
    });
  }

  /** Alarms on one connector's own metrics (task failures, growing sink lag). */
  addConnectorAlarms(scope: Construct, connector: string, options?: ConnectorAlarmOptions): ConnectorAlarms {
    return this.monitoring.addConnectorAlarms(scope, connector, options);
  }

  /** The custom-resource provider behind `KafkaConnector`; created on first use, shared by all connectors. */
  get connectorsProvider(): ConnectorsProvider {
    if (this.#connectorsProvider === undefined) {
      const fn = this.#handler(HANDLERS.connectorsResource, undefined);
      // The REST API's herder, so the REST API's access, minus the offsets it never touches.
      wireHandler(fn, this.#adminAccess({ offsets: false }));
      this.#connectorsProvider = new ConnectorsProvider(this, 'ConnectorsProvider', {
        onEvent: fn.function,
        logRetention: this.#logging.retention,
        logRemovalPolicy: this.#logging.removalPolicy,
      });
    }
    return this.#connectorsProvider;
  }

  #grantRuntimeAccess(taskRunner: HandlerFunction, schedulerFn: HandlerFunction, restApi: HandlerFunction): void {
    const secretsByReference = this.#props.secretsByReference ?? {};
    wireHandler(restApi, this.#adminAccess({ offsets: true }));
    wireHandler(schedulerFn, {
      tables: [this.#table('config', TableAccess.READ_WRITE), this.#table('state', TableAccess.READ_WRITE)],
      invokes: [{ target: taskRunner.function, envName: Env.TASK_RUNNER_FUNCTION }],
      kafka: { access: this.#kafka, role: KafkaRole.SCHEDULER },
      secretsByReference,
    });
    wireHandler(taskRunner, {
      tables: [
        this.#table('config', TableAccess.READ),
        this.#table('offsets', TableAccess.READ_WRITE),
        this.#table('state', TableAccess.READ_WRITE),
      ],
      invokes: [{ target: taskRunner.function }],
      kafka: { access: this.#kafka, role: KafkaRole.WORKER },
      secretsByReference,
    });
    grantS3Access(taskRunner.function, this.#props.dataAccess?.s3);
    grantDataAccess(taskRunner.function, this.#props.dataAccess);
    grantDatabaseAccess([taskRunner.function, schedulerFn.function], this.#props.dataAccess);
    const cors = this.#props.api?.corsAllowOrigin;
    if (cors !== undefined) restApi.function.addEnvironment(Env.CORS_ALLOW_ORIGIN, cors);
  }

  /**
   * The doorbell (`latency.mode=doorbell`, decision 0023): the function reads connectors and task state and
   * starts task slices; its role is also what Lambda's pollers of its mappings use (Kafka read access in the
   * mappings' consumer groups, the cluster's brokers, network interfaces in a VPC). The scheduler creates
   * and deletes those mappings, on this function only (`lambda:FunctionArn`), and learns where they read from.
   */
  #wireDoorbell(doorbell: HandlerFunction, schedulerFn: HandlerFunction, taskRunner: HandlerFunction): void {
    wireHandler(doorbell, {
      tables: [this.#table('config', TableAccess.READ), this.#table('state', TableAccess.READ_WRITE)],
      invokes: [{ target: taskRunner.function, envName: Env.TASK_RUNNER_FUNCTION }],
      kafka: { access: this.#kafka, role: KafkaRole.DOORBELL },
    });
    const network = this.#props.network;
    this.#kafka.grantEventSourcePollers(doorbell.function, network !== undefined);
    const onDoorbell = { StringEquals: { 'lambda:FunctionArn': doorbell.function.functionArn } };
    const stack = Stack.of(this);
    const mappingsPolicy = new iam.Policy(schedulerFn, 'DoorbellMappingsPolicy', {
      roles: [schedulerFn.role],
      statements: [
        // CreateEventSourceMapping and ListEventSourceMappings take no resource; the condition names the function.
        new iam.PolicyStatement({
          actions: ['lambda:CreateEventSourceMapping'],
          resources: ['*'],
          conditions: onDoorbell,
        }),
        new iam.PolicyStatement({
          actions: ['lambda:DeleteEventSourceMapping'],
          resources: [
            stack.formatArn({
              service: 'lambda',
              resource: 'event-source-mapping',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          ],
          conditions: onDoorbell,
        }),
        new iam.PolicyStatement({ actions: ['lambda:ListEventSourceMappings'], resources: ['*'] }),
      ],
    });
    acknowledgeDoorbellWildcards([mappingsPolicy, doorbell.role]);
    const mskClusterArn = this.#kafka.mskClusterArn;
    const source: Record<string, unknown> = { batchingWindowSeconds: 0 };
    if (mskClusterArn !== undefined) source['mskClusterArn'] = mskClusterArn;
    else if (network !== undefined) {
      source['subnets'] = network.vpc.selectSubnets(network.vpcSubnets).subnetIds;
      source['securityGroups'] = doorbell.function.connections.securityGroups.map((g) => g.securityGroupId);
    }
    schedulerFn.function.addEnvironment(Env.DOORBELL_FUNCTION, physicalFunctionName(this, HANDLERS.doorbell.id));
    schedulerFn.function.addEnvironment(Env.DOORBELL_EVENT_SOURCE, stack.toJsonString(source));
  }

  #adminAccess(options: { offsets: boolean }): HandlerAccess {
    return {
      tables: [
        this.#table('config', TableAccess.READ_WRITE),
        this.#table('state', TableAccess.READ_WRITE),
        ...(options.offsets ? [this.#table('offsets', TableAccess.READ_WRITE)] : []),
      ],
      invokes: [{ target: this.schedulerFunction, envName: Env.SCHEDULER_FUNCTION }],
      kafka: { access: this.#kafka, role: KafkaRole.ADMIN },
    };
  }

  #table(role: TableRole, access: TableAccess): TableBinding & { access: TableAccess } {
    return { table: this.tables[role], envName: TABLE_ENV[role], access };
  }

  /** Async invocations of the task runner: no blind retries, failures kept in a queue. */
  #configureTaskInvocations(taskRunner: lambda.IFunction): sqs.Queue {
    const queue = new sqs.Queue(this, 'TaskFailureQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    taskRunner.configureAsyncInvoke({
      // A retried slice could run after its lease moved on; the scheduler recovers the task instead.
      retryAttempts: 0,
      maxEventAge: this.#props.functions?.taskRunnerMaxEventAge ?? Duration.minutes(15),
      onFailure: new destinations.SqsDestination(queue),
    });
    return queue;
  }

  #scheduleTicks(schedulerFn: lambda.IFunction): scheduler.Schedule {
    // A missed kick or tick is harmless: the next tick reconciles.
    schedulerFn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(5) });
    return new scheduler.Schedule(this, 'Tick', {
      description: 'lambda-connect reconcile tick',
      schedule: scheduler.ScheduleExpression.rate(this.#props.scheduleRate ?? DEFAULT_SCHEDULE_RATE),
      // The marker tells a scheduled tick from a REST kick: only ticks run the sub-minute cadence (decision 0023).
      target: new schedulerTargets.LambdaInvoke(schedulerFn, {
        retryAttempts: 0,
        maxEventAge: Duration.minutes(1),
        input: scheduler.ScheduleTargetInput.fromObject(SCHEDULED_TICK_EVENT),
      }),
    });
  }

  #createApi(handler: lambda.IFunction): { api: apigw.RestApi; url: string; credentials: ISecret | undefined } {
    const {
      auth = { type: 'iam' },
      stageName,
      throttlingRateLimit,
      throttlingBurstLimit,
      domain,
      accessLogs = true,
    } = this.#props.api ?? {};
    let basicAuth: ConnectRestApiProps['basicAuth'];
    let credentials: ISecret | undefined;
    if (auth.type === 'basic') {
      credentials = auth.credentials ?? createBasicAuthCredentials(this, 'BasicAuthCredentials');
      const authorizer = this.#handler(HANDLERS.basicAuthAuthorizer, undefined);
      wireHandler(authorizer, { secrets: [{ secret: credentials, envName: Env.BASIC_AUTH_SECRET_ARN }] });
      basicAuth = { authorizer: authorizer.function, cacheTtl: auth.cacheTtl };
    }
    const rest = new ConnectRestApi(this, 'Api', {
      handler,
      ...(basicAuth === undefined ? {} : { basicAuth }),
      ...(stageName === undefined ? {} : { stageName }),
      ...(throttlingRateLimit === undefined ? {} : { throttlingRateLimit }),
      ...(throttlingBurstLimit === undefined ? {} : { throttlingBurstLimit }),
      ...(domain === undefined ? {} : { domain }),
      ...(accessLogs
        ? { accessLogs: { retention: this.#logging.retention, removalPolicy: this.#logging.removalPolicy } }
        : {}),
    });
    const url = rest.domain === undefined ? rest.api.url : `https://${rest.domain.domainName}/`;
    return { api: rest.api, url, credentials };
  }

  #handler(spec: HandlerSpec, tuning: FunctionTuning | undefined): HandlerFunction {
    const handler = new HandlerFunction(this, spec.id, {
      entry: spec.entry,
      bundleEntry: spec.runtime ? bundleEntry(spec.entry, this.#pluginSources) : undefined,
      description: spec.description,
      logging: this.#logging,
      bundleAwsSdk: this.#props.functions?.bundleAwsSdk ?? DEFAULT_BUNDLE_AWS_SDK,
      memorySize: tuning?.memorySize ?? spec.memorySize,
      timeout: tuning?.timeout ?? spec.timeout,
      reservedConcurrency:
        tuning?.reservedConcurrency === undefined
          ? spec.reservedConcurrency
          : (tuning.reservedConcurrency ?? undefined),
      functionName: spec.named ? physicalFunctionName(this, spec.id) : undefined,
      network: spec.runtime ? this.#props.network : undefined,
      ...(spec.recursiveLoop === undefined ? {} : { recursiveLoop: spec.recursiveLoop }),
    });
    if (spec.runtime) {
      for (const [name, value] of Object.entries(this.#runtimeEnvironment()))
        handler.function.addEnvironment(name, value);
    }
    return handler;
  }

  /**
   * What the shared composition root (lib/runtime) reads at cold start, set on every runtime handler.
   * Names are not privileges: what each handler may do is granted by `wireHandler` alone.
   */
  #runtimeEnvironment(): Record<string, string> {
    const env: Record<string, string> = {
      [Env.CONFIG_TABLE]: this.tables.config.tableName,
      [Env.OFFSETS_TABLE]: this.tables.offsets.tableName,
      [Env.STATE_TABLE]: this.tables.state.tableName,
      // Literal names, not references: a function naming itself must not depend on itself.
      [Env.TASK_RUNNER_FUNCTION]: physicalFunctionName(this, HANDLERS.taskRunner.id),
      [Env.SCHEDULER_FUNCTION]: physicalFunctionName(this, HANDLERS.scheduler.id),
      ...this.#kafka.environment,
      [Env.SCHEDULE_RATE_MS]: String((this.#props.scheduleRate ?? DEFAULT_SCHEDULE_RATE).toMilliseconds()),
    };
    if (this.#props.workerId !== undefined) env[Env.WORKER_ID] = this.#props.workerId;
    if (this.#props.workerProperties !== undefined)
      env[Env.WORKER_PROPERTIES] = JSON.stringify(this.#props.workerProperties);
    const fileStream = this.#props.fileStream;
    env[Env.FILE_STREAM_ENABLED] = String(fileStream !== undefined);
    if (fileStream !== undefined) env[Env.FILE_ALLOWED_DIRS] = (fileStream.allowedDirs ?? ['/tmp']).join(':');
    return env;
  }
}

/** `<stack>-<id>-<hash>`, at most 64 characters, stable for a construct path. */
export function physicalFunctionName(scope: Construct, id: string): string {
  const hash = Names.uniqueId(scope).slice(-8).toLowerCase();
  const suffix = `-${id}-${hash}`;
  return `${Stack.of(scope).stackName.slice(0, 64 - suffix.length)}${suffix}`;
}
