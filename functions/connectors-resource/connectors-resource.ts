/**
 * Connectors as code: CloudFormation custom-resource events (through the CDK Provider framework) turned
 * into herder calls, with the REST API's semantics: Create and Update are `PUT /connectors/{name}/config`
 * (an existing connector of that name is adopted), Delete is `DELETE /connectors/{name}`.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

/** The part of the herder this resource needs (lib/herder's `Herder` satisfies it). */
export interface ConnectorsHerder {
  putConnectorConfig(name: string, config: Record<string, string>): Promise<{ created: boolean }>;
  deleteConnector(name: string): Promise<void>;
}

export interface ConnectorsResourceDeps {
  /** Built lazily, once per cold start. */
  readonly herder: () => ConnectorsHerder | Promise<ConnectorsHerder>;
  readonly log: { info(message: string, details?: Record<string, unknown>): void };
}

/** What the Provider framework expects back from `onEvent`. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** Property names; infra/constructs/connector.ts writes the same (test/infra keeps them equal). */
export const ConnectorResourceProperty = { NAME: 'ConnectorName', CONFIG: 'Config' } as const;

export function makeHandler(
  deps: ConnectorsResourceDeps,
): (event: CloudFormationCustomResourceEvent) => Promise<OnEventResponse> {
  return async (event) => {
    if (event.RequestType === 'Delete') {
      await deleteIfPresent(deps, event.PhysicalResourceId);
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    const { name, config } = readProperties(event.ResourceProperties);
    // A new name means a new physical id; CloudFormation then deletes the old connector itself.
    const { created } = await (await deps.herder()).putConnectorConfig(name, config);
    deps.log.info(created ? 'Connector created' : 'Connector config updated', {
      connector: name,
      requestType: event.RequestType,
    });
    return { PhysicalResourceId: name, Data: { Created: String(created) } };
  };
}

async function deleteIfPresent(deps: ConnectorsResourceDeps, name: string): Promise<void> {
  try {
    await (await deps.herder()).deleteConnector(name);
    deps.log.info('Connector deleted', { connector: name });
  } catch (error) {
    // Deleted already (through the REST API, say): the desired state holds.
    if (isNotFound(error)) {
      deps.log.info('Connector already absent', { connector: name });
      return;
    }
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { status, name } = error as { status?: unknown; name?: unknown };
  return status === 404 || name === 'NotFoundError' || name === 'NotFoundRestError';
}

function readProperties(properties: Record<string, unknown>): { name: string; config: Record<string, string> } {
  const name = properties[ConnectorResourceProperty.NAME];
  const config = properties[ConnectorResourceProperty.CONFIG];
  if (typeof name !== 'string' || name === '') {
    throw new Error(`Property ${ConnectorResourceProperty.NAME} must be a non-empty string`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new Error(`Property ${ConnectorResourceProperty.CONFIG} of connector ${name} must be an object of strings`);
  }
  const entries = Object.entries(config as Record<string, unknown>);
  const nonString = entries.find(([, value]) => typeof value !== 'string');
  if (nonString !== undefined) {
    throw new Error(`Config key ${nonString[0]} of connector ${name} must be a string`);
  }
  return { name, config: Object.fromEntries(entries) as Record<string, string> };
}
