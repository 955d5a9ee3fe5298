/**
 * A detached shell that stops the local PostgreSQL and removes its cluster when our process dies without
 * running its exit hooks (SIGKILL, a crashed test runner), as local/kafka's JVM watchdog does for brokers.
 */
import { type ChildProcess, spawn } from 'node:child_process';

// $1: our PID, $2: the postmaster's PID, $3: the cluster's directory. Polls once a second; when we are
// gone, asks for a fast shutdown (SIGINT), SIGKILL after 15 s, then removes the directory.
const SCRIPT = [
  'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done',
  'kill -0 "$1" 2>/dev/null && exit 0',
  'kill -INT "$2" 2>/dev/null',
  'i=0; while kill -0 "$2" 2>/dev/null && [ "$i" -lt 15 ]; do sleep 1; i=$((i+1)); done',
  'kill -KILL "$2" 2>/dev/null',
  'rm -rf "$3"',
].join('\n');

/** Starts the watchdog; kill the returned process once the server is stopped the ordinary way. */
export function spawnWatchdog(serverPid: number, clusterDir: string): ChildProcess {
  const watchdog = spawn(
    'sh',
    ['-c', SCRIPT, 'postgres-watchdog', String(process.pid), String(serverPid), clusterDir],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  watchdog.unref();
  return watchdog;
}
