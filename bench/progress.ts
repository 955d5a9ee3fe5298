/**
 * Progress lines on stderr while the benchmark runs (stdout stays free for the final table): each line
 * carries the elapsed time, so a slow step shows itself.
 */
export interface Progress {
  /** Starts a numbered section ("[3/9] latency"). */
  section(title: string): void;
  /** One line of progress inside the current section. */
  step(message: string): void;
  /** Milliseconds since the benchmark started. */
  elapsedMs(): number;
}

export function createProgress(
  totalSections: number,
  write: (line: string) => void = (line) => process.stderr.write(line + '\n'),
): Progress {
  const started = Date.now();
  let section = 0;
  const stamp = (): string => {
    const s = Math.floor((Date.now() - started) / 1000);
    return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  };
  return {
    section(title) {
      section += 1;
      write(`[${stamp()}] [${section}/${totalSections}] ${title}`);
    },
    step(message) {
      write(`[${stamp()}]       ${message}`);
    },
    elapsedMs: () => Date.now() - started,
  };
}
