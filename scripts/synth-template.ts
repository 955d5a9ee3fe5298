/**
 * Synthesizes the default app's stack without bundling and prints its CloudFormation template (JSON) to
 * stdout. The local stack's IAM enforcement (local/iam) reads the policies from it; it runs in a process
 * of its own because local/ must not load aws-cdk-lib.
 * Usage: tsx scripts/synth-template.ts [key=value context ...]
 */
import { App } from 'aws-cdk-lib';
import { connectorsFromContext, propsFromContext } from '../infra/context.js';
import { LambdaConnectStack } from '../infra/lambda-connect-stack.js';

const STACK = 'LambdaConnect';
const context: Record<string, string> = { bootstrapServers: '127.0.0.1:9092' };
for (const arg of process.argv.slice(2)) {
  const at = arg.indexOf('=');
  if (at > 0) context[arg.slice(0, at)] = arg.slice(at + 1);
}
// Assets are not built: only the template matters here, and bundling would take seconds per function.
const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
new LambdaConnectStack(app, STACK, { lambdaConnect: propsFromContext, connectors: connectorsFromContext(app) });
process.stdout.write(JSON.stringify(app.synth().getStackByName(STACK).template));
