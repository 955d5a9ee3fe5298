/**
 * Async Lambda invocations: the scheduler starting task slices, a slice continuing itself, the REST API
 * kicking the scheduler. The same code runs against AWS and against the local Invoke endpoint.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { SchedulerTrigger } from '../herder/herder.js';
import type { TaskInvocation, TaskInvoker } from '../scheduler/invocation.js';

export class LambdaTaskInvoker implements TaskInvoker {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  async invoke(invocation: TaskInvocation): Promise<void> {
    await this.client.send(new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(invocation)) }));
  }
}

export class LambdaSchedulerTrigger implements SchedulerTrigger {
  constructor(
    private readonly client: LambdaClient,
    private readonly functionName: string,
  ) {}

  async kick(reason: string): Promise<void> {
    await this.client.send(new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ source: 'lambda-connect.rest', reason })) }));
  }
}
