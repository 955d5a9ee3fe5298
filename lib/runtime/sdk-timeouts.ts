/**
 * Timeouts for every AWS SDK client the handlers build. Without them a call to a service that accepts the
 * connection and never answers (or a TCP connect that hangs inside a VPC without a route) waits until the
 * Lambda function times out: a REST request would end in API Gateway's 504 instead of Connect's 503, and a
 * slice would be killed holding its lease. The values are the Node HTTP handler's options
 * (`@smithy/node-http-handler`), passed as the clients' `requestHandler` config.
 */

/** The subset of `NodeHttpHandlerOptions` we set; the SDK clients accept it as `requestHandler`. */
export interface SdkHttpTimeouts {
  /** Milliseconds the TCP (and TLS) connect may take. */
  readonly connectionTimeout: number;
  /** Milliseconds one attempt (request sent, response read) may take. */
  readonly requestTimeout: number;
  /** Without it the handler only logs a warning when `requestTimeout` passes. */
  readonly throwOnRequestTimeout: true;
}

/**
 * DynamoDB single-item calls, Lambda async Invoke and Secrets Manager / SSM reads answer in milliseconds;
 * 2 s to connect and 5 s per attempt leave room for a slow region and still fit the SDK's 3 attempts
 * inside the REST function's 29 s.
 */
export const DEFAULT_SDK_TIMEOUTS: SdkHttpTimeouts = {
  connectionTimeout: 2_000,
  requestTimeout: 5_000,
  throwOnRequestTimeout: true,
};

export function sdkTimeouts(overrides: Partial<Omit<SdkHttpTimeouts, 'throwOnRequestTimeout'>> = {}): SdkHttpTimeouts {
  return { ...DEFAULT_SDK_TIMEOUTS, ...overrides };
}
