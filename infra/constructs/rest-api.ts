/**
 * The API Gateway REST API in front of the REST handler: every method authenticated (IAM by default,
 * or HTTP basic auth through a Lambda authorizer), stage throttling, Connect-shaped error bodies for
 * the errors API Gateway answers itself, and an optional custom domain.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import type { RestApiProps } from './props.js';

export interface ConnectRestApiProps extends Omit<RestApiProps, 'auth' | 'corsAllowOrigin' | 'accessLogs'> {
  readonly handler: lambda.IFunction;
  /** JSON access logs in a log group of their own; absent: none. */
  readonly accessLogs?: { readonly retention: logs.RetentionDays; readonly removalPolicy: RemovalPolicy };
  /** The basic-auth authorizer; absent: IAM authorization. */
  readonly basicAuth?: { readonly authorizer: lambda.IFunction; readonly cacheTtl?: Duration | undefined };
}

export const DEFAULT_THROTTLING = { rateLimit: 50, burstLimit: 100 } as const;
export const BASIC_AUTH_REALM = 'lambda-connect';

/** API Gateway's own errors, rendered as Connect renders errors: `{"error_code", "message"}`. */
const CONNECT_ERROR_RESPONSES: readonly [apigw.ResponseType, number][] = [
  [apigw.ResponseType.UNAUTHORIZED, 401],
  [apigw.ResponseType.ACCESS_DENIED, 403],
  [apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN, 403],
  [apigw.ResponseType.INVALID_SIGNATURE, 403],
  [apigw.ResponseType.EXPIRED_TOKEN, 403],
  [apigw.ResponseType.REQUEST_TOO_LARGE, 413],
  [apigw.ResponseType.THROTTLED, 429],
  [apigw.ResponseType.INTEGRATION_FAILURE, 502],
  [apigw.ResponseType.INTEGRATION_TIMEOUT, 504],
];

export class ConnectRestApi extends Construct {
  readonly api: apigw.LambdaRestApi;
  readonly domain: apigw.DomainName | undefined;
  readonly accessLogGroup: logs.LogGroup | undefined;

  constructor(scope: Construct, id: string, props: ConnectRestApiProps) {
    super(scope, id);
    this.accessLogGroup =
      props.accessLogs === undefined
        ? undefined
        : new logs.LogGroup(this, 'AccessLogs', {
            retention: props.accessLogs.retention,
            removalPolicy: props.accessLogs.removalPolicy,
          });
    this.api = new apigw.LambdaRestApi(this, 'Api', {
      handler: props.handler,
      proxy: true,
      description: 'Apache Kafka Connect REST API (lambda-connect)',
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      // The account-level CloudWatch role is a per-account singleton; do not fight other stacks over it.
      cloudWatchRole: false,
      integrationOptions: { allowTestInvoke: false },
      defaultMethodOptions: this.#methodAuth(props),
      deployOptions: {
        stageName: props.stageName ?? 'connect',
        throttlingRateLimit: props.throttlingRateLimit ?? DEFAULT_THROTTLING.rateLimit,
        throttlingBurstLimit: props.throttlingBurstLimit ?? DEFAULT_THROTTLING.burstLimit,
        ...(this.accessLogGroup === undefined ? {} : accessLogging(this.accessLogGroup)),
      },
    });
    // LambdaConnect exposes `url`; the stack decides which outputs to create.
    this.api.node.tryRemoveChild('Endpoint');
    this.#addErrorResponses(props.basicAuth !== undefined);
    this.domain = props.domain === undefined ? undefined : this.#addDomain(props.domain);
  }

  #methodAuth(props: ConnectRestApiProps): apigw.MethodOptions {
    if (props.basicAuth === undefined) return { authorizationType: apigw.AuthorizationType.IAM };
    const authorizer = new apigw.TokenAuthorizer(this, 'BasicAuthorizer', {
      handler: props.basicAuth.authorizer,
      identitySource: apigw.IdentitySource.header('Authorization'),
      // Anything but a well-formed Basic header is refused without invoking the authorizer.
      validationRegex: '^Basic [A-Za-z0-9+/]+={0,2}$',
      resultsCacheTtl: props.basicAuth.cacheTtl ?? Duration.minutes(5),
    });
    return { authorizationType: apigw.AuthorizationType.CUSTOM, authorizer };
  }

  #addErrorResponses(basicAuth: boolean): void {
    for (const [type, status] of CONNECT_ERROR_RESPONSES) {
      const challenge = basicAuth && type === apigw.ResponseType.UNAUTHORIZED;
      this.api.addGatewayResponse(`Response${status}${type.responseType}`, {
        type,
        statusCode: String(status),
        templates: {
          'application/json': `{"error_code":${status},"message":$context.error.messageString}`,
        },
        ...(challenge
          ? { responseHeaders: { 'WWW-Authenticate': `'Basic realm="${BASIC_AUTH_REALM}", charset="UTF-8"'` } }
          : {}),
      });
    }
  }

  #addDomain(domain: NonNullable<RestApiProps['domain']>): apigw.DomainName {
    const name = this.api.addDomainName('Domain', {
      domainName: domain.domainName,
      certificate: domain.certificate,
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    if (domain.hostedZone !== undefined) {
      new route53.ARecord(this, 'DomainRecord', {
        zone: domain.hostedZone,
        recordName: domain.domainName,
        target: route53.RecordTarget.fromAlias(new targets.ApiGatewayDomain(name)),
      });
    }
    return name;
  }
}

/**
 * One JSON line per request: who called (IAM principal or authorizer principal), what, the answer, the
 * latencies and the request ids that join it to the REST function's log.
 */
function accessLogging(group: logs.ILogGroup): Pick<apigw.StageOptions, 'accessLogDestination' | 'accessLogFormat'> {
  return {
    accessLogDestination: new apigw.LogGroupLogDestination(group),
    accessLogFormat: apigw.AccessLogFormat.custom(
      JSON.stringify({
        requestId: apigw.AccessLogField.contextRequestId(),
        extendedRequestId: apigw.AccessLogField.contextExtendedRequestId(),
        requestTime: apigw.AccessLogField.contextRequestTime(),
        sourceIp: apigw.AccessLogField.contextIdentitySourceIp(),
        caller: apigw.AccessLogField.contextIdentityUserArn(),
        principal: apigw.AccessLogField.contextAuthorizerPrincipalId(),
        domainName: apigw.AccessLogField.contextDomainName(),
        method: apigw.AccessLogField.contextHttpMethod(),
        path: apigw.AccessLogField.contextPath(),
        status: apigw.AccessLogField.contextStatus(),
        responseLength: apigw.AccessLogField.contextResponseLength(),
        responseLatency: apigw.AccessLogField.contextResponseLatency(),
        integrationLatency: apigw.AccessLogField.contextIntegrationLatency(),
        integrationRequestId: apigw.AccessLogField.contextAwsEndpointRequestId(),
        error: apigw.AccessLogField.contextErrorMessage(),
      }),
    ),
  };
}
