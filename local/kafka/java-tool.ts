/** Runs a short-lived Java command-line tool (e.g. Kafka's StorageTool) and fails with its output. */
import { spawn } from 'node:child_process';

export interface JavaToolOptions {
  readonly classpathDir: string;
  readonly mainClass: string;
  readonly args: readonly string[];
  readonly log4jConfigFile: string;
}

export function runJavaTool(options: JavaToolOptions): Promise<string> {
  const args = [
    '-Xmx256m',
    `-Dlog4j2.configurationFile=${options.log4jConfigFile}`,
    '-cp',
    `${options.classpathDir}/*`,
    options.mainClass,
    ...options.args,
  ];
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new Error('Could not run java (is a JDK 17+ installed?)', { cause: error })));
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${options.mainClass} ${options.args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}
