/**
 * The doorbell's Kafka event source mappings through `@aws-sdk/client-lambda` (decision 0023): the same
 * calls against AWS and against the local Lambda endpoint (local/lambda/event-source-mappings.ts).
 */
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  ListEventSourceMappingsCommand,
  type CreateEventSourceMappingCommandInput,
  type LambdaClient,
  type SourceAccessConfiguration,
} from '@aws-sdk/client-lambda';
import type { DoorbellMapping, DoorbellSettings, EventSourceMappingsPort, MappingSpec } from '../scheduler/doorbell.js';

/** The doorbell ignores the records: a batch only needs to say "something arrived". */
export const DOORBELL_BATCH_SIZE = 100;

export class LambdaDoorbellMappings implements EventSourceMappingsPort {
  constructor(
    private readonly client: LambdaClient,
    private readonly settings: DoorbellSettings,
  ) {}

  async list(): Promise<DoorbellMapping[]> {
    const mappings: DoorbellMapping[] = [];
    let marker: string | undefined;
    do {
      const page = await this.client.send(
        new ListEventSourceMappingsCommand({
          FunctionName: this.settings.functionName,
          MaxItems: 100,
          ...(marker === undefined ? {} : { Marker: marker }),
        }),
      );
      for (const m of page.EventSourceMappings ?? []) {
        if (m.UUID === undefined) continue;
        mappings.push({
          uuid: m.UUID,
          topic: m.Topics?.[0],
          groupId:
            m.SelfManagedKafkaEventSourceConfig?.ConsumerGroupId ??
            m.AmazonManagedKafkaEventSourceConfig?.ConsumerGroupId,
          state: m.State,
        });
      }
      marker = page.NextMarker;
    } while (marker !== undefined && marker !== '');
    return mappings;
  }

  async create(spec: MappingSpec): Promise<void> {
    await this.client.send(new CreateEventSourceMappingCommand(createMappingInput(this.settings, spec)));
  }

  async delete(uuid: string): Promise<void> {
    await this.client.send(new DeleteEventSourceMappingCommand({ UUID: uuid }));
  }
}

/**
 * A mapping on one topic from the latest offset, in the connector's own consumer group: on the MSK
 * cluster when the deployment names one (Lambda reaches it in the cluster's VPC, with the function's
 * role for IAM auth), else on the self-managed brokers, with the SCRAM secret and the VPC the
 * deployment uses.
 */
export function createMappingInput(
  settings: DoorbellSettings,
  spec: MappingSpec,
): CreateEventSourceMappingCommandInput {
  const access: SourceAccessConfiguration[] = [];
  if (settings.sasl !== undefined) {
    access.push({
      Type: settings.sasl.mechanism === 'scram-sha-256' ? 'SASL_SCRAM_256_AUTH' : 'SASL_SCRAM_512_AUTH',
      URI: settings.sasl.secretArn,
    });
  }
  const common = {
    FunctionName: settings.functionName,
    Topics: [spec.topic],
    StartingPosition: 'LATEST' as const,
    BatchSize: DOORBELL_BATCH_SIZE,
    MaximumBatchingWindowInSeconds: settings.batchingWindowSeconds,
    Enabled: true,
  };
  if (settings.mskClusterArn !== undefined) {
    return {
      ...common,
      EventSourceArn: settings.mskClusterArn,
      AmazonManagedKafkaEventSourceConfig: { ConsumerGroupId: spec.groupId },
      ...(access.length === 0 ? {} : { SourceAccessConfigurations: access }),
    };
  }
  for (const subnet of settings.subnets ?? []) access.push({ Type: 'VPC_SUBNET', URI: `subnet:${subnet}` });
  for (const group of settings.securityGroups ?? [])
    access.push({ Type: 'VPC_SECURITY_GROUP', URI: `security_group:${group}` });
  return {
    ...common,
    SelfManagedEventSource: { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: [...settings.bootstrapServers] } },
    SelfManagedKafkaEventSourceConfig: { ConsumerGroupId: spec.groupId },
    ...(access.length === 0 ? {} : { SourceAccessConfigurations: access }),
  };
}
