/**
 * `LambdaConnect`: Apache Kafka Connect as a serverless deployment. The REST API behind API Gateway,
 * a scheduler ticked by EventBridge Scheduler, a self-continuing task runner, three DynamoDB tables,
 * alarms and a dashboard. Usable from any CDK app; `infra/lambda-connect-stack.ts` is one such app.
 */
import { Duration, Names, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Env } from '../../lib/config/env.js';
import { HandlerEntry } from '../handler-entries.js';
import { createBasicAuthCredentials } from './basic-auth.js';
import { ConnectorsProvider } from './connectors-provider.js';
import { DEFAULT_LOGGING, DEFAULT_TIMEOUTS, HandlerFunction, type HandlerLogging } from './handler-function.js';
import { KafkaAccess, KafkaRole } from './kafka-access.js';
import { LambdaConnectMonitoring, type ConnectorAlarmOptions, type ConnectorAlarms } from './monitoring.js';
import type { FunctionTuning, LambdaConnectProps } from './props.js';
import { ConnectRestApi, type ConnectRestApiProps } from './rest-api.js';
import { LambdaConnectTables } from './tables.js';
import { TableAccess, wireHandler, type HandlerAccess } from './wiring.js';

const TASK_RUNNER_ID = 'TaskRunner';
const SCHEDULER_ID = 'Scheduler';

export class LambdaConnect extends Construct {
  readonly tables: LambdaConnectTables;
  readonly restApiFunction: lambda.IFunction;
  readonly schedulerFunction: lambda.IFunction;
  readonly taskRunnerFunction: lambda.IFunction;
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
  #connectorsProvider: ConnectorsProvider | undefined;

  constructor(scope: Construct, id: string, props: LambdaConnectProps = {}) {
    super(scope, id);
    this.#props = props;
    const fnProps = props.functions ?? {};
    this.#logging = {
      retention: fnProps.logRetention ?? DEFAULT_LOGGING.retention,
      removalPolicy: fnProps.logRemovalPolicy ?? DEFAULT_LOGGING.removalPolicy,
      level: fnProps.logLevel ?? DEFAULT_LOGGING.level,
    };
    this.tables = new LambdaConnectTables(this, 'Tables', props.tables);
    this.#kafka = new KafkaAccess(this, props.kafka);

    const taskRunner = this.#runtimeHandler(TASK_RUNNER_ID, HandlerEntry.TASK_RUNNER, 'lambda-connect task runner', {
      tuning: fnProps.taskRunner, memorySize: 1024, timeout: DEFAULT_TIMEOUTS.taskRunner, named: true,
      // Slices continue by invoking themselves; Lambda would cut that chain after ~16 hops. Our guard
      // (lease held and data pending) replaces its loop detection.
      recursiveLoop: lambda.RecursiveLoop.ALLOW,
    });
    const schedulerFn = this.#runtimeHandler(SCHEDULER_ID, HandlerEntry.SCHEDULER, 'lambda-connect scheduler', {
      tuning: fnProps.scheduler, memorySize: 512, timeout: DEFAULT_TIMEOUTS.scheduler, named: true,
    });
    const restApi = this.#runtimeHandler('RestApi', HandlerEntry.REST_API, 'lambda-connect REST API', {
      tuning: fnProps.restApi, memorySize: 512, timeout: DEFAULT_TIMEOUTS.restApi, named: false,
    });
    this.taskRunnerFunction = taskRunner.function;
    this.schedulerFunction = schedulerFn.function;
    this.restApiFunction = restApi.function;

    if (props.api?.corsAllowOrigin !== undefined) restApi.function.addEnvironment(Env.CORS_ALLOW_ORIGIN, props.api.corsAllowOrigin);
    wireHandler(restApi, this.#adminAccess(KafkaRole.ADMIN, true));
    wireHandler(schedulerFn, {
      tables: [this.#table('config', TableAccess.READ_WRITE), this.#table('state', TableAccess.READ_WRITE)],
      invokes: [{ target: taskRunner.function, envName: Env.TASK_RUNNER_FUNCTION }],
      kafka: { access: this.#kafka, role: KafkaRole.SCHEDULER },
      secretsByReference: props.secretsByReference ?? {},
    });
    wireHandler(taskRunner, {
      tables: [
        this.#table('config', TableAccess.READ),
        this.#table('offsets', TableAccess.READ_WRITE),
        this.#table('state', TableAccess.READ_WRITE),
      ],
      invokes: [{ target: taskRunner.function }],
      kafka: { access: this.#kafka, role: KafkaRole.WORKER },
      secretsByReference: props.secretsByReference ?? {},
    });

    this.failureQueue = new sqs.Queue(this, 'TaskFailureQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    taskRunner.function.configureAsyncInvoke({
      // A blind retry could run after the task's lease moved on; the scheduler recovers instead.
      retryAttempts: 0,
      maxEventAge: fnProps.taskRunnerMaxEventAge ?? Duration.minutes(15),
      onFailure: new destinations.SqsDestination(this.failureQueue),
    });
    // A missed kick is harmless: the next tick reconciles.
    schedulerFn.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(5) });
    this.schedule = new scheduler.Schedule(this, 'Tick', {
      description: 'lambda-connect reconcile tick',
      schedule: scheduler.ScheduleExpression.rate(props.scheduleRate ?? Duration.minutes(1)),
      target: new schedulerTargets.LambdaInvoke(schedulerFn.function, { retryAttempts: 0, maxEventAge: Duration.minutes(1) }),
    });

    const auth = props.api?.auth ?? { type: 'iam' };
    let basicAuth: ConnectRestApiProps['basicAuth'];
    if (auth.type === 'basic') {
      this.basicAuthCredentials = auth.credentials ?? createBasicAuthCredentials(this, 'BasicAuthCredentials');
      const authorizer = this.#handler('BasicAuthAuthorizer', HandlerEntry.BASIC_AUTH_AUTHORIZER, 'lambda-connect basic-auth authorizer', {
        tuning: undefined, memorySize: 256, timeout: Duration.seconds(10), named: false,
      });
      wireHandler(authorizer, { secrets: [{ secret: this.basicAuthCredentials, envName: Env.BASIC_AUTH_SECRET_ARN }] });
      basicAuth = { authorizer: authorizer.function, cacheTtl: auth.cacheTtl };
    }
    const rest = new ConnectRestApi(this, 'Api', {
      ...props.api,
      handler: restApi.function,
      ...(basicAuth === undefined ? {} : { basicAuth }),
    });
    this.api = rest.api;
    this.url = rest.domain === undefined ? rest.api.url : `https://${rest.domain.domainName}/`;

    this.monitoring = new LambdaConnectMonitoring(this, 'Monitoring', {
      functions: { 'rest-api': restApi.function, scheduler: schedulerFn.function, 'task-runner': taskRunner.function },
      failureQueue: this.failureQueue,
    }, props.monitoring);
  }

  /** Alarms on one connector's own metrics (task failures, growing sink lag). */
  addConnectorAlarms(scope: Construct, connector: string, options?: ConnectorAlarmOptions): ConnectorAlarms {
    return this.monitoring.addConnectorAlarms(scope, connector, options);
  }

  /** The custom-resource provider behind `KafkaConnector`; created on first use, shared by all connectors. */
  get connectorsProvider(): ConnectorsProvider {
    if (this.#connectorsProvider === undefined) {
      const fn = this.#runtimeHandler('ConnectorsResource', HandlerEntry.CONNECTORS_RESOURCE, 'lambda-connect connectors-as-code', {
        tuning: undefined, memorySize: 512, timeout: Duration.minutes(2), named: false,
      });
      // The same herder as the REST API, hence the same access, minus offsets it never touches.
      wireHandler(fn, this.#adminAccess(KafkaRole.ADMIN, false));
      this.#connectorsProvider = new ConnectorsProvider(this, 'ConnectorsProvider', {
        onEvent: fn.function,
        logRetention: this.#logging.retention,
        logRemovalPolicy: this.#logging.removalPolicy,
      });
    }
    return this.#connectorsProvider;
  }

  #adminAccess(role: KafkaRole, offsets: boolean): HandlerAccess {
    return {
      tables: [
        this.#table('config', TableAccess.READ_WRITE),
        this.#table('state', TableAccess.READ_WRITE),
        ...(offsets ? [this.#table('offsets', TableAccess.READ_WRITE)] : []),
      ],
      invokes: [{ target: this.schedulerFunction, envName: Env.SCHEDULER_FUNCTION }],
      kafka: { access: this.#kafka, role },
    };
  }

  #table(role: 'config' | 'offsets' | 'state', access: TableAccess) {
    const envName = { config: Env.CONFIG_TABLE, offsets: Env.OFFSETS_TABLE, state: Env.STATE_TABLE }[role];
    return { table: this.tables[role], envName, access };
  }

  #handler(id: string, entry: HandlerEntry, description: string, options: HandlerOptions): HandlerFunction {
    const bundleAwsSdk = this.#props.functions?.bundleAwsSdk ?? false;
    return new HandlerFunction(this, id, {
      entry, description, logging: this.#logging, bundleAwsSdk,
      memorySize: options.tuning?.memorySize ?? options.memorySize,
      timeout: options.tuning?.timeout ?? options.timeout,
      reservedConcurrency: options.tuning?.reservedConcurrency,
      functionName: options.named ? physicalFunctionName(this, id) : undefined,
      network: options.network,
      ...(options.recursiveLoop === undefined ? {} : { recursiveLoop: options.recursiveLoop }),
    });
  }

  /**
   * A handler built on the shared composition root (lib/runtime), which reads every name below at cold
   * start. Names are not privileges: what each handler may do is granted by `wireHandler` alone.
   */
  #runtimeHandler(id: string, entry: HandlerEntry, description: string, options: HandlerOptions): HandlerFunction {
    const handler = this.#handler(id, entry, description, { ...options, network: this.#props.network });
    for (const [name, value] of Object.entries(this.#runtimeEnvironment())) {
      handler.function.addEnvironment(name, value);
    }
    return handler;
  }

  #runtimeEnvironment(): Record<string, string> {
    const env: Record<string, string> = {
      [Env.CONFIG_TABLE]: this.tables.config.tableName,
      [Env.OFFSETS_TABLE]: this.tables.offsets.tableName,
      [Env.STATE_TABLE]: this.tables.state.tableName,
      // Literal names (not references), so a function may name itself without depending on itself.
      [Env.TASK_RUNNER_FUNCTION]: physicalFunctionName(this, TASK_RUNNER_ID),
      [Env.SCHEDULER_FUNCTION]: physicalFunctionName(this, SCHEDULER_ID),
      ...this.#kafka.environment,
    };
    if (this.#props.workerId !== undefined) env[Env.WORKER_ID] = this.#props.workerId;
    if (this.#props.workerProperties !== undefined) env[Env.WORKER_PROPERTIES] = JSON.stringify(this.#props.workerProperties);
    return env;
  }
}

interface HandlerOptions {
  readonly tuning: FunctionTuning | undefined;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly named: boolean;
  readonly network?: LambdaConnectProps['network'];
  readonly recursiveLoop?: lambda.RecursiveLoop;
}

/** `<stack>-<id>-<hash>`, at most 64 characters, stable for a construct path. */
export function physicalFunctionName(scope: Construct, id: string): string {
  const hash = Names.uniqueId(scope).slice(-8).toLowerCase();
  const suffix = `-${id}-${hash}`;
  return `${Stack.of(scope).stackName.slice(0, 64 - suffix.length)}${suffix}`;
}
