/**
 * Where the Lambda handlers live, shared by the constructs (which bundle them) and
 * `scripts/bundle-size.ts` (which measures them). Paths are resolved from this file, so the
 * constructs work from any working directory and from other CDK apps.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root: the directory holding package.json and package-lock.json. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Each handler module exports `handler`. */
export const HandlerEntry = {
  REST_API: 'functions/rest-api/handler.ts',
  SCHEDULER: 'functions/scheduler/handler.ts',
  DOORBELL: 'functions/doorbell/handler.ts',
  TASK_RUNNER: 'functions/task-runner/handler.ts',
  BASIC_AUTH_AUTHORIZER: 'functions/basic-auth-authorizer/handler.ts',
  CONNECTORS_RESOURCE: 'functions/connectors-resource/handler.ts',
} as const;
export type HandlerEntry = (typeof HandlerEntry)[keyof typeof HandlerEntry];

export function entryPath(entry: HandlerEntry): string {
  return join(PROJECT_ROOT, entry);
}
