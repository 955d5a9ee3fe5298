/** In-memory ports for the config-provider tests: maps of values, call counters, injectable failures. */
import {
  ConfigValueError,
  ReferenceFailure,
  type SecretsManagerPort,
  type SsmPort,
} from '../../../lib/config-providers/index.js';

export interface MemoryStore {
  readonly values: Map<string, string>;
  /** Failures to throw instead of reading `values`, by path; consumed once each. */
  readonly failOnce: Map<string, Error>;
  readonly calls: string[];
}

function newStore(entries: Record<string, string>): MemoryStore {
  return { values: new Map(Object.entries(entries)), failOnce: new Map(), calls: [] };
}

function read(store: MemoryStore, path: string, what: string): Promise<string> {
  store.calls.push(path);
  const failure = store.failOnce.get(path);
  if (failure !== undefined) {
    store.failOnce.delete(path);
    return Promise.reject(failure);
  }
  const value = store.values.get(path);
  if (value === undefined) {
    return Promise.reject(new ConfigValueError(ReferenceFailure.NOT_FOUND, `${what} "${path}" was not found`));
  }
  return Promise.resolve(value);
}

export function memorySecretsManager(entries: Record<string, string> = {}): SecretsManagerPort & MemoryStore {
  const store = newStore(entries);
  return { ...store, getSecretString: (id) => read(store, id, 'secret') };
}

export function memorySsm(entries: Record<string, string> = {}): SsmPort & MemoryStore {
  const store = newStore(entries);
  return { ...store, getParameter: (name) => read(store, name, 'parameter') };
}

/** A port that fails the test if anything reads it. */
export const untouchable: SecretsManagerPort & SsmPort = {
  getSecretString: (id) => Promise.reject(new Error(`unexpected read of secret ${id}`)),
  getParameter: (name) => Promise.reject(new Error(`unexpected read of parameter ${name}`)),
};

/** A clock the test moves by hand. */
export function manualClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}
