/**
 * The Java exception class Connect would name for each of our error classes. Task traces and some REST
 * messages start with `<class>: <message>`, and alerting written for Connect greps for these names.
 */
import { ConfigError, ConnectError, DataError, NotFoundError, RetriableError } from './errors.js';

export const JavaExceptionName = {
  CONNECT: 'org.apache.kafka.connect.errors.ConnectException',
  DATA: 'org.apache.kafka.connect.errors.DataException',
  RETRIABLE: 'org.apache.kafka.connect.errors.RetriableException',
  NOT_FOUND: 'org.apache.kafka.connect.errors.NotFoundException',
  CONFIG: 'org.apache.kafka.common.config.ConfigException',
} as const;
export type JavaExceptionName = (typeof JavaExceptionName)[keyof typeof JavaExceptionName];

/**
 * The Java class for an error: the most specific Connect class it mirrors (subclasses of ours map to
 * their nearest mirrored ancestor), or undefined for errors that are not ConnectErrors (bugs, library
 * errors), which keep their own name.
 */
export function javaExceptionName(error: unknown): JavaExceptionName | undefined {
  if (error instanceof DataError) return JavaExceptionName.DATA;
  if (error instanceof RetriableError) return JavaExceptionName.RETRIABLE;
  if (error instanceof NotFoundError) return JavaExceptionName.NOT_FOUND;
  if (error instanceof ConfigError) return JavaExceptionName.CONFIG;
  if (error instanceof ConnectError) return JavaExceptionName.CONNECT;
  return undefined;
}
