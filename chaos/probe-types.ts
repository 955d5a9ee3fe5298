/** What every probe returns: its verdict against the criterion, and the figures behind it. */
export interface ProbeResult {
  readonly probe: string;
  /** The "What it must show" criterion this probe checks. */
  readonly criterion: string;
  readonly pass: boolean;
  /** One line of figures for the table. */
  readonly summary: string;
  /** Markdown lines with the details (tables, failures). */
  readonly details: readonly string[];
}

export interface ChaosContext {
  readonly quick: boolean;
  readonly log: (line: string) => void;
  /** The REST port of the current stack. */
  port(): number;
  /** PID of the stack process (for memory sampling). */
  stackPid(): number;
  killBroker(): Promise<void>;
  startBroker(): Promise<void>;
  killDynamo(): Promise<void>;
  startDynamo(): Promise<void>;
  killStack(): Promise<void>;
  startStack(): Promise<void>;
  /** All the suite's processes, for sampling. */
  pids(): Array<{ name: string; pid: number }>;
  /** Directory FileStream connectors may use. */
  readonly filesDir: string;
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` every `everyMs` until it returns true or `timeoutMs` passes; false on timeout. */
export async function until(check: () => Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return true;
    if (Date.now() > deadline) return false;
    await pause(everyMs);
  }
}
