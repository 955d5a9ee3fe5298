/**
 * Request body parsing and shape checks. Connect answers 500 for malformed JSON and for bodies of the
 * wrong shape (Jackson errors); we answer 400 with the same body shape (docs/compatibility.md).
 */
import { BadRequestError } from '../../lib/herder/errors.js';
import { TargetState } from '../../lib/stores/model.js';

/**
 * Jackson's default `StreamReadConstraints` nesting limit (Connect's parser). Deeper bodies are refused
 * before parsing: every later walk over the value (String(), canonical JSON, validation) may recurse,
 * and a stack overflow there would be a 500.
 */
export const MAX_JSON_NESTING_DEPTH = 1000;

export function parseJsonBody(body: string | null): unknown {
  if (body === null || body.trim() === '') return null;
  const depth = jsonNestingDepth(body, MAX_JSON_NESTING_DEPTH);
  if (depth > MAX_JSON_NESTING_DEPTH) {
    throw new BadRequestError(
      `Request body is nested too deeply: JSON arrays and objects may be nested at most ${MAX_JSON_NESTING_DEPTH} levels`,
    );
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new BadRequestError(
      `Request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * The deepest nesting of arrays and objects in a JSON text, in one pass outside strings; stops counting
 * once past `limit`. Malformed text is measured all the same (JSON.parse judges it afterwards).
 */
export function jsonNestingDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}

/**
 * A flat config map. Numbers and booleans become strings, as Jackson does for `Map<String, String>`.
 */
export function configMap(value: unknown, what: string): Record<string, string> {
  if (value === null || value === undefined)
    throw new BadRequestError(`${what} must be a JSON object of configuration properties`);
  if (typeof value !== 'object' || Array.isArray(value))
    throw new BadRequestError(
      `${what} must be a JSON object of configuration properties, not ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  const entries = Object.entries(value).map(([key, raw]): [string, string] => {
    // A null passes through: validation answers Connect's "Null value can not be supplied…", PATCH removes the key.
    if (raw === null) return [key, null as unknown as string];
    if (typeof raw === 'string') return [key, raw];
    if (typeof raw === 'number' || typeof raw === 'boolean') return [key, String(raw)];
    throw new BadRequestError(
      `Configuration property '${key}' must be a string, number or boolean, not ${Array.isArray(raw) ? 'an array' : 'an object'}`,
    );
  });
  // Object.fromEntries defines own properties: a key named `__proto__` stays a key (assignment would not).
  return Object.fromEntries(entries);
}

export interface CreateConnectorRequest {
  name: string | null;
  config: Record<string, string>;
  initialState: TargetState;
}

const INITIAL_STATES: Record<string, TargetState> = {
  RUNNING: TargetState.STARTED,
  PAUSED: TargetState.PAUSED,
  STOPPED: TargetState.STOPPED,
};

/** `POST /connectors` body: `{name, config, initial_state?}`; unknown top-level fields are rejected, as Jackson does. */
export function createConnectorRequest(body: unknown): CreateConnectorRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestError('Request body must be a JSON object with "name" and "config"');
  }
  const fields = body as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!['name', 'config', 'initial_state'].includes(key)) {
      throw new BadRequestError(
        `Unrecognized field "${key}" in the request body (known fields: "name", "config", "initial_state")`,
      );
    }
  }
  // Jackson coerces a number or boolean to its text for a String field ("name": 42 names "42").
  const rawName = fields['name'];
  const name = typeof rawName === 'number' || typeof rawName === 'boolean' ? String(rawName) : rawName;
  if (name !== undefined && name !== null && typeof name !== 'string')
    throw new BadRequestError('"name" must be a string');
  if (fields['config'] === undefined || fields['config'] === null)
    throw new BadRequestError('Request body is missing "config"');
  let initialState: TargetState = TargetState.STARTED;
  const rawState = fields['initial_state'];
  if (rawState !== undefined && rawState !== null) {
    const state = typeof rawState === 'string' ? INITIAL_STATES[rawState.toUpperCase()] : undefined;
    if (state === undefined)
      throw new BadRequestError(
        `Invalid initial_state ${JSON.stringify(rawState)}: expected one of RUNNING, PAUSED, STOPPED`,
      );
    initialState = state;
  }
  return {
    name: typeof name === 'string' ? name : null,
    config: configMap(fields['config'], '"config"'),
    initialState,
  };
}
