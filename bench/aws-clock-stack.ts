/**
 * A second local stack for the AWS-clock run: the same handlers on the benchmark's broker, but ticked and
 * timed as `cdk deploy` deploys them. The schedule and the task runner's timeout are read from the CDK
 * construct's own defaults and the slice limits from the runtime's (the construct sets none), so the run
 * follows the deployment when either changes.
 */
import { startEmbeddedDynamo } from '../local/dynamodb/index.js';
import { startLocalStack, type LocalStack } from '../local/stack.js';
import { HANDLERS } from '../infra/constructs/lambda-connect.js';
import { DEFAULT_SCHEDULE_RATE } from '../infra/constructs/props.js';
import { DEFAULT_SLICE_LIMITS } from '../lib/runtime/compose.js';
import { connectClient, type ConnectClient } from './connect-client.js';
import type { TimedSlice } from './environment.js';

/** What the deployed stack runs with, as the construct and the runtime define it. */
export interface DeployedSchedule {
  readonly tickMs: number;
  readonly taskTimeoutMs: number;
  readonly sliceLimits: typeof DEFAULT_SLICE_LIMITS;
}

export function deployedSchedule(): DeployedSchedule {
  return {
    tickMs: DEFAULT_SCHEDULE_RATE.toMilliseconds(),
    taskTimeoutMs: HANDLERS.taskRunner.timeout.toMilliseconds(),
    sliceLimits: DEFAULT_SLICE_LIMITS,
  };
}

export interface AwsClockStack {
  readonly stack: LocalStack;
  readonly client: ConnectClient;
  readonly schedule: DeployedSchedule;
  /** Every slice this stack finished, in order. */
  readonly slices: TimedSlice[];
  /** performance.now() when the stack started: its scheduled ticks come every `schedule.tickMs` from here. */
  readonly startedAt: number;
  stop(): Promise<void>;
}

/** Starts the stack on `bootstrapServers` with its own embedded DynamoDB; `stop()` stops both. */
export async function startAwsClockStack(bootstrapServers: string): Promise<AwsClockStack> {
  const schedule = deployedSchedule();
  const dynamo = await startEmbeddedDynamo();
  const slices: TimedSlice[] = [];
  const startedAt = performance.now();
  try {
    const stack = await startLocalStack({
      port: 0,
      kafkaBootstrapServers: bootstrapServers,
      dynamoEndpoint: dynamo.endpoint,
      tablePrefix: 'lc-bench-aws-clock',
      tickMs: schedule.tickMs,
      taskTimeoutMs: schedule.taskTimeoutMs,
      onSlice: (report) => slices.push({ ...report, endedAt: performance.now() }),
    });
    return {
      stack,
      client: connectClient(stack.url),
      schedule,
      slices,
      startedAt,
      async stop() {
        try {
          await stack.stop();
        } finally {
          await dynamo.close();
        }
      },
    };
  } catch (error) {
    await dynamo.close();
    throw error;
  }
}
