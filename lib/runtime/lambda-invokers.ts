/**
 * Async Lambda invocations: the scheduler starting task slices, a slice continuing itself, the REST API
 * kicking the scheduler. The same code runs against AWS and against the local Invoke endpoint.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { SchedulerTrigger } from '../herder/herder.js';
import type { TaskInvocation, TaskInvoker } from '../scheduler/invocation.js';
import type { Log } from './logger.js';

export class LambdaTaskInvoker implements TaskInvoker {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  async invoke(invocation: TaskInvocation): Promise<void> {
    await this.client.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(invocation)),
      }),
    );
  }
}

/**
 * Kicks the scheduler after a REST change. Best effort: by the time it runs the change is saved, and the
 * next scheduled tick reconciles it anyway, so a failed kick (Lambda throttled, a network fault, a timeout)
 * is logged and the request still answers as Connect would; a 500 would make clients retry a change that
 * already happened.
 */
export class LambdaSchedulerTrigger implements SchedulerTrigger {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
    private readonly log: Pick<Log, 'warn'>,
  ) {}

  async kick(reason: string): Promise<void> {
    try {
      await this.client.send(
        new InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ source: 'lambda-connect.rest', reason })),
        }),
      );
    } catch (error) {
      this.log.warn('scheduler kick failed; the next tick reconciles the change', {
        reason,
        function: this.functionName,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  }
}
