/**
 * The throughput chart as a PNG, drawn without a browser: Pillow in a venv under `.cache/bench/venv`
 * (created and filled from PyPI on first use) runs bench/chart.py on latest.json.
 */
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const VENV = join(HERE, '..', '.cache', 'bench', 'venv');
const PYTHON = join(VENV, 'bin', 'python');
const PILLOW = 'pillow==12.0.0';

export async function drawChart(resultsJson: string, png: string, progress: (message: string) => void): Promise<void> {
  if (!(await exists(PYTHON))) {
    progress(`creating ${VENV} with ${PILLOW} (first run only)`);
    await run('python3', ['-m', 'venv', VENV]);
  }
  if (
    (await run(PYTHON, ['-c', 'import PIL']).then(
      () => true,
      () => false,
    )) === false
  )
    await run(PYTHON, ['-m', 'pip', 'install', '-q', PILLOW]);
  await run(PYTHON, [join(HERE, 'chart.py'), resultsJson, png]);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function run(command: string, args: string[]): Promise<void> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`could not run ${command}`, { cause: error })));
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${output.slice(-1500)}`)),
    );
  });
}
