/** The local API Gateway stand-in and the HTTP plumbing the local servers share. */
export {
  startApiGatewayAdapter,
  MAX_REQUEST_BODY_BYTES,
  INTEGRATION_TIMEOUT_MS,
  type ApiGatewayAdapter,
  type ApiGatewayAdapterOptions,
} from './api-gateway-adapter.js';
export {
  buildProxyEvent,
  parseQuery,
  PROXY_RESOURCE,
  type ProxyRequest,
  type ProxyEventOptions,
} from './proxy-event.js';
export { toHttpResponse, MalformedProxyResultError, type HttpResponseParts } from './proxy-response.js';
export { readBody, type BodyReadResult } from './read-body.js';
export { listen, closeServer, httpUrl } from './server-lifecycle.js';
