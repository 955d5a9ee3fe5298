/**
 * A second lambda-connect local stack for the measurements that need one slice at a time: its
 * scheduler never ticks by itself (the benchmark ticks it, or invokes the task runner directly through
 * the local Lambda Invoke API, as the scheduler does), and it has its own embedded DynamoDB behind its
 * own metering proxy, so every DynamoDB call it sees belongs to what is being measured.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { SliceReport } from '../lib/worker/task-runner.js';
import { startEmbeddedDynamo } from '../local/dynamodb/index.js';
import { FUNCTION_NAMES, startLocalStack, type LocalStack } from '../local/stack.js';
import { connectClient, type ConnectClient } from './connect-client.js';
import { startDynamoMeter, type DynamoMeter } from './dynamo-meter.js';

/** Long enough that no tick happens on its own during a benchmark. */
const NO_TICK_MS = 3_600_000;

export interface QuietStack {
  readonly stack: LocalStack;
  readonly rest: ConnectClient;
  readonly dynamo: DynamoMeter;
  readonly slices: SliceReport[];
  /** The connector's current task-config generation (what an invocation must carry). */
  generation(connector: string): Promise<number>;
  /** Runs one slice of the task now (a synchronous Invoke, as on Lambda) and returns its report. */
  invokeSlice(connector: string, task: number, generation?: number): Promise<SliceReport>;
  stop(): Promise<void>;
}

export async function startQuietStack(bootstrapServers: string): Promise<QuietStack> {
  const embedded = await startEmbeddedDynamo();
  const dynamo = await startDynamoMeter(embedded.endpoint).catch(async (error: unknown) => {
    await embedded.close();
    throw error;
  });
  const slices: SliceReport[] = [];
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      port: 0,
      kafkaBootstrapServers: bootstrapServers,
      dynamoEndpoint: dynamo.endpoint,
      tablePrefix: 'lc-quiet',
      tickMs: NO_TICK_MS,
      onSlice: (r) => slices.push(r),
    });
  } catch (error) {
    await dynamo.close();
    await embedded.close();
    throw error;
  }
  const generation = async (connector: string): Promise<number> => {
    const tasks = await stack.runtime.stores.configs.getTaskConfigs(connector);
    if (tasks === null) throw new Error(`connector ${connector} has no task configs yet`);
    return tasks.generation;
  };
  const lambda = new LambdaClient({
    region: 'us-east-1',
    endpoint: stack.invokeEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return {
    stack,
    rest: connectClient(stack.url),
    dynamo,
    slices,
    generation,
    async invokeSlice(connector, task, known) {
      const current = known ?? (await generation(connector));
      const out = await lambda.send(
        new InvokeCommand({
          FunctionName: FUNCTION_NAMES.taskRunner,
          InvocationType: 'RequestResponse',
          Payload: Buffer.from(JSON.stringify({ connector, task, generation: current })),
        }),
      );
      const payload = JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8')) as SliceReport;
      if (out.FunctionError) throw new Error(`slice of ${connector}/${task} failed: ${JSON.stringify(payload)}`);
      return payload;
    },
    async stop() {
      lambda.destroy();
      await stack.stop();
      await dynamo.close();
      await embedded.close();
    },
  };
}
