/**
 * The differences the suite accepts: each names the row of docs/compatibility.md that explains it, and
 * may check what must still hold (e.g. 400 instead of Connect's 500 with the same body shape). A
 * comparison listed here that turns out equal fails the suite too, so the table stays true.
 */
import assert from 'node:assert/strict';
import type { Normalized } from './normalize.js';

export interface KnownDeviation {
  /** The first cell of the docs/compatibility.md row that documents it (checked to exist). */
  readonly doc: string;
  /** What must hold despite the difference. */
  readonly check?: (connect: Normalized, ours: Normalized) => void;
}

/** Decision 1: Connect answers 500 for the client's own mistake; we answer 400 with the same body shape. */
export const CLIENT_ERROR_NOT_500: KnownDeviation['check'] = (connect, ours) => {
  assert.equal(connect.status, 500, 'Connect answers 500 here');
  assert.equal(ours.status, 400, 'we answer 400');
  const body = ours.body as { error_code?: unknown; message?: unknown };
  assert.equal(body.error_code, 400);
  assert.equal(typeof body.message, 'string');
  assert.deepEqual(Object.keys(body).sort(), ['error_code', 'message']);
};

const MALFORMED = 'Malformed JSON body, wrong body shape';
const LOGGERS = 'Logger inventory';
const SLASH = 'Connector names containing `/`';

/** Keyed `<case>/<label>`. */
export const KNOWN_DEVIATIONS: Readonly<Record<string, KnownDeviation>> = {
  'create-errors/missing config': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'create-errors/empty body': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'create-errors/bogus initial_state': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'create-errors/unknown top-level field': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'create-errors/config is a string': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'create-errors/config value is an object': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'http/malformed JSON on POST /connectors': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'http/malformed JSON on PUT config': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'http/malformed JSON on PATCH config': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'http/malformed JSON on validate': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'http/malformed JSON on PATCH offsets': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'http/malformed JSON on PUT logger': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'http/array body on PUT config': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'http/empty body on PUT logger': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'offsets-source/offsets is an object': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'offsets-source/body is an array': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'offsets-source/null entry': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'offsets-source/unknown field in entry': { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 },
  'validate/no connector.class': { doc: 'Validation without `connector.class`', check: CLIENT_ERROR_NOT_500 },
  'names/slash name reached with %2F': { doc: SLASH },
  'loggers/GET all (root)': { doc: LOGGERS },
};

export { LOGGERS, MALFORMED, SLASH };
