/** The local Lambda runtime stand-ins: the Invoke API endpoint, the function registry, the context. */
export {
  startInvokeEndpoint,
  parseFunctionName,
  SYNC_PAYLOAD_LIMIT_BYTES,
  ASYNC_PAYLOAD_LIMIT_BYTES,
  type InvokeEndpoint,
  type InvokeEndpointOptions,
  type CloseResult,
} from './invoke-endpoint.js';
export {
  FunctionRegistry,
  InvocationType,
  DEFAULT_FUNCTION_TIMEOUT_MS,
  type FunctionStats,
  type RegisterFunctionOptions,
  type RunOutcome,
} from './function-registry.js';
export {
  createLambdaContext,
  functionArn,
  LOCAL_ACCOUNT_ID,
  LOCAL_REGION,
  type LambdaHandler,
  type LambdaContextOptions,
} from './lambda-context.js';
export { type FunctionErrorDocument, MAX_RESPONSE_PAYLOAD_BYTES } from './invoke-errors.js';
