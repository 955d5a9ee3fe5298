/**
 * One Lambda handler as deployed: a NodejsFunction bundled locally by esbuild (never Docker), its own
 * role (no managed policy granting logs on `*`), and its own log group with a retention.
 */
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { Env } from '../../lib/config/env.js';
import { BUNDLE_MAIN_FIELDS, BUNDLE_TARGET, ESM_REQUIRE_BANNER, externalModules } from '../bundling.js';
import { entryPath, PROJECT_ROOT, type HandlerEntry } from '../handler-entries.js';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../lib/config/metrics.js';
import type { NetworkProps } from './props.js';

export interface HandlerLogging {
  readonly retention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

export interface HandlerFunctionProps {
  readonly entry: HandlerEntry;
  /** The module esbuild bundles, when not the handler itself (a generated entry with plugins, infra/plugin-bundling.ts). */
  readonly bundleEntry?: string | undefined;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly logging: HandlerLogging;
  readonly bundleAwsSdk: boolean;
  readonly reservedConcurrency?: number | undefined;
  /** A fixed physical name, for functions whose own environment must name them. */
  readonly functionName?: string | undefined;
  readonly network?: NetworkProps | undefined;
  readonly recursiveLoop?: lambda.RecursiveLoop;
}

export class HandlerFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logging.retention,
      removalPolicy: props.logging.removalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);
    if (props.network !== undefined) {
      // ENI management for VPC placement; AWS's managed policy is the documented minimum.
      this.role.addManagedPolicy(
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
      );
    }
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.bundleEntry ?? entryPath(props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel[props.logging.level],
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      ...(props.functionName === undefined ? {} : { functionName: props.functionName }),
      ...(props.reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: props.reservedConcurrency }),
      ...(props.recursiveLoop === undefined ? {} : { recursiveLoop: props.recursiveLoop }),
      ...(props.network === undefined ? {} : networkPlacement(props.network)),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        [Env.SERVICE_NAME]: METRICS_SERVICE,
        [Env.METRICS_NAMESPACE]: METRICS_NAMESPACE,
        [Env.LOG_LEVEL]: props.logging.level,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: BUNDLE_TARGET,
        mainFields: BUNDLE_MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        bundleAwsSDK: props.bundleAwsSdk,
        externalModules: externalModules(props.bundleAwsSdk),
      },
    });
  }
}

function networkPlacement(network: NetworkProps): Partial<lambda.FunctionProps> {
  return {
    vpc: network.vpc,
    ...(network.vpcSubnets === undefined ? {} : { vpcSubnets: network.vpcSubnets }),
    ...(network.securityGroups === undefined ? {} : { securityGroups: network.securityGroups }),
  };
}

/** Default log settings when props leave them out. */
export const DEFAULT_LOGGING: HandlerLogging = {
  retention: logs.RetentionDays.ONE_MONTH,
  removalPolicy: RemovalPolicy.DESTROY,
  level: 'INFO',
};
