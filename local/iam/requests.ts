/**
 * What an SDK command asks IAM for: its action and the resource ARNs it is authorized against, the way
 * each service documents them (a batch is checked on every table it names; an Invoke is
 * `lambda:InvokeFunction`; a secret or parameter given by name is its ARN in the local account).
 */

export const AwsService = {
  DYNAMODB: 'dynamodb',
  GLUE: 'glue',
  LAMBDA: 'lambda',
  SECRETS_MANAGER: 'secretsmanager',
  SSM: 'ssm',
  S3: 's3',
} as const;
export type AwsService = (typeof AwsService)[keyof typeof AwsService];

/** The status code each service answers AccessDeniedException with. */
export const ACCESS_DENIED_STATUS: Record<AwsService, number> = {
  dynamodb: 400,
  glue: 400,
  lambda: 403,
  secretsmanager: 400,
  ssm: 400,
  s3: 403,
};

/** Operations whose IAM action name differs from the API operation name. */
const ACTION_NAMES: Partial<Record<AwsService, Record<string, string>>> = {
  lambda: { Invoke: 'InvokeFunction', InvokeWithResponseStream: 'InvokeFunction' },
  // Multipart uploads are authorized as s3:PutObject; listing a bucket's keys is s3:ListBucket.
  s3: {
    CreateMultipartUpload: 'PutObject',
    UploadPart: 'PutObject',
    CompleteMultipartUpload: 'PutObject',
    ListObjectsV2: 'ListBucket',
    ListObjects: 'ListBucket',
    ListMultipartUploads: 'ListBucketMultipartUploads',
    ListParts: 'ListMultipartUploadParts',
  },
};

export interface AuthorizationRequest {
  readonly action: string;
  readonly resources: readonly string[];
  /** Request context keys conditions may test (`s3:prefix` of a listing). */
  readonly context?: Readonly<Record<string, string>>;
  /**
   * For a request that names its resource only by an id the service resolves (Glue's GetSchemaVersion
   * by `SchemaVersionId`): the resources, read from the service's answer. The request is checked on
   * them once the answer is back, and the answer withheld when they are not allowed (a read only).
   */
  readonly resourcesFromOutput?: (output: unknown) => readonly string[];
}

interface Account {
  readonly region: string;
  readonly account: string;
  /** The function an event source mapping invokes (by UUID), for its `lambda:FunctionArn` condition key. */
  readonly mappingFunctionArn?: (uuid: string) => string | undefined;
}

/**
 * Event source mapping operations as Lambda authorizes them: Create on no resource (`*`) and List on none
 * at all; Get, Delete and Update on the mapping's ARN; all but List carry `lambda:FunctionArn`, the
 * function the mapping invokes (a mapping the local endpoint does not know has none, so a conditioned
 * grant does not allow it).
 */
function eventSourceMappingRequest(
  operation: string,
  action: string,
  input: Input,
  at: Account,
): AuthorizationRequest | null {
  const fnArn = (name: unknown): string | undefined =>
    typeof name !== 'string'
      ? undefined
      : name.startsWith('arn:')
        ? name
        : `arn:aws:lambda:${at.region}:${at.account}:function:${name}`;
  switch (operation) {
    case 'ListEventSourceMappings':
      return { action, resources: [] };
    case 'CreateEventSourceMapping': {
      const arn = fnArn(input['FunctionName']);
      return { action, resources: [], ...(arn === undefined ? {} : { context: { 'lambda:FunctionArn': arn } }) };
    }
    case 'GetEventSourceMapping':
    case 'DeleteEventSourceMapping':
    case 'UpdateEventSourceMapping': {
      const uuid = String(input['UUID'] ?? '');
      const arn = at.mappingFunctionArn?.(uuid);
      return {
        action,
        resources: [`arn:aws:lambda:${at.region}:${at.account}:event-source-mapping:${uuid}`],
        ...(arn === undefined ? {} : { context: { 'lambda:FunctionArn': arn } }),
      };
    }
    default:
      return null;
  }
}

type Input = Record<string, unknown>;

/** `commandName` is the SDK's (e.g. `GetItemCommand`). */
export function authorizationRequest(
  service: AwsService | (string & {}),
  commandName: string,
  input: Input,
  at: Account,
): AuthorizationRequest {
  const operation = commandName.replace(/Command$/, '');
  const action = `${service}:${ACTION_NAMES[service as AwsService]?.[operation] ?? operation}`;
  const arn = (path: string): string => `arn:aws:${service}:${at.region}:${at.account}:${path}`;
  switch (service) {
    case AwsService.DYNAMODB:
      return { action, resources: dynamoTables(input).map((t) => (t.startsWith('arn:') ? t : arn(`table/${t}`))) };
    case AwsService.LAMBDA:
      return (
        eventSourceMappingRequest(operation, action, input, at) ?? {
          action,
          resources: nameOrArn(input['FunctionName'], (name) => arn(`function:${name}`)),
        }
      );
    case AwsService.SECRETS_MANAGER:
      // A secret's ARN ends in a random six-character suffix; "-local" stands in for it.
      return { action, resources: nameOrArn(input['SecretId'], (name) => arn(`secret:${name}-local`)) };
    case AwsService.SSM:
      return { action, resources: nameOrArn(input['Name'], (name) => arn(`parameter/${name.replace(/^\//, '')}`)) };
    case AwsService.S3:
      return { action, resources: s3Resources(input), ...s3Context(action, input) };
    case AwsService.GLUE:
      return glueRequest(action, input, arn);
    default:
      // A service the construct grants nothing on: checked on '*', so only a wildcard grant allows it.
      return { action, resources: [] };
  }
}

/**
 * Glue's schema registry calls are authorized on the registry and on the schema (both ARNs), as the
 * service authorization reference lists them: `registry/<registry>` and `schema/<registry>/<schema>`.
 * A schema named without a registry is in `default-registry`. GetSchemaVersion by version id alone
 * names neither: Glue resolves the id, so the check runs on the schema its answer names.
 */
function glueRequest(action: string, input: Input, arn: (path: string) => string): AuthorizationRequest {
  const onSchema = (registry: string, schema: string | undefined): string[] =>
    schema === undefined
      ? [arn(`registry/${registry}`)]
      : [arn(`registry/${registry}`), arn(`schema/${registry}/${schema}`)];
  const fromSchemaArn = (schemaArn: string): string[] => {
    const match = /^(arn:[^:]+:glue:[^:]*:[^:]*):schema\/([^/]+)\/(.+)$/.exec(schemaArn);
    return match === null ? [schemaArn] : [`${match[1]}:registry/${match[2]}`, schemaArn];
  };
  // An answer's ARN, rebuilt in the local account and region: moto answers in its own account.
  const fromAnsweredArn = (schemaArn: string): string[] => {
    const match = /^arn:[^:]+:glue:[^:]*:[^:]*:schema\/([^/]+)\/(.+)$/.exec(schemaArn);
    return match === null ? [schemaArn] : onSchema(match[1] as string, match[2]);
  };
  const schemaId = input['SchemaId'];
  if (schemaId !== null && typeof schemaId === 'object') {
    const { SchemaArn, RegistryName, SchemaName } = schemaId as Record<string, unknown>;
    if (typeof SchemaArn === 'string') return { action, resources: fromSchemaArn(SchemaArn) };
    return {
      action,
      resources: onSchema(
        typeof RegistryName === 'string' ? RegistryName : 'default-registry',
        typeof SchemaName === 'string' ? SchemaName : undefined,
      ),
    };
  }
  const registryId = input['RegistryId'];
  if (registryId !== null && typeof registryId === 'object') {
    const { RegistryArn, RegistryName } = registryId as Record<string, unknown>;
    const schema = typeof input['SchemaName'] === 'string' ? input['SchemaName'] : undefined;
    if (typeof RegistryArn === 'string')
      return {
        action,
        resources:
          schema === undefined
            ? [RegistryArn]
            : [RegistryArn, `${RegistryArn.replace(':registry/', ':schema/')}/${schema}`],
      };
    return {
      action,
      resources: onSchema(typeof RegistryName === 'string' ? RegistryName : 'default-registry', schema),
    };
  }
  if (typeof input['SchemaVersionId'] === 'string')
    return {
      action,
      resources: [],
      resourcesFromOutput: (output) => {
        const schemaArn = (output as { SchemaArn?: unknown } | null)?.SchemaArn;
        return typeof schemaArn === 'string' ? fromAnsweredArn(schemaArn) : [];
      },
    };
  return { action, resources: [] };
}

function dynamoTables(input: Input): string[] {
  const requestItems = input['RequestItems'];
  if (requestItems !== null && typeof requestItems === 'object') return Object.keys(requestItems);
  const table = input['TableName'];
  if (typeof table !== 'string') return [];
  const index = input['IndexName'];
  return [typeof index === 'string' ? `${table}/index/${index}` : table];
}

/** S3 ARNs carry no region or account: `arn:aws:s3:::bucket` for bucket operations, `.../key` for objects. */
function s3Resources(input: Input): string[] {
  const bucket = input['Bucket'];
  if (typeof bucket !== 'string') return [];
  const key = input['Key'];
  return [typeof key === 'string' ? `arn:aws:s3:::${bucket}/${key}` : `arn:aws:s3:::${bucket}`];
}

/** A bucket listing's `s3:prefix` (empty when it lists the whole bucket), as S3 puts it in the request context. */
function s3Context(action: string, input: Input): { context?: Record<string, string> } {
  if (action !== 's3:ListBucket' && action !== 's3:ListBucketMultipartUploads') return {};
  const prefix = input['Prefix'];
  return { context: { 's3:prefix': typeof prefix === 'string' ? prefix : '' } };
}

function nameOrArn(value: unknown, toArn: (name: string) => string): string[] {
  if (typeof value !== 'string') return [];
  return [value.startsWith('arn:') ? value : toArn(value)];
}
