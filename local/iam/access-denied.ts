/**
 * The error an AWS service returns when IAM refuses a request, as the SDK v3 surfaces it: a service
 * exception named `AccessDeniedException`, a client fault, with the service's HTTP status.
 */
export class AccessDeniedException extends Error {
  override readonly name = 'AccessDeniedException';
  readonly $fault = 'client';
  readonly $metadata: { readonly httpStatusCode: number; readonly attempts: number; readonly totalRetryDelay: number };

  constructor(message: string, httpStatusCode: number) {
    super(message);
    this.$metadata = { httpStatusCode, attempts: 1, totalRetryDelay: 0 };
  }
}
