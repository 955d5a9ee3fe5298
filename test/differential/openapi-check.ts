/**
 * Checks recorded answers against the OpenAPI document (functions/rest-api/openapi.ts): the operation is
 * found by method and path template, the status is declared (or falls to `default`, Connect's error
 * body), and a JSON body validates against the declared schema; an answer declared empty has no body.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { OPENAPI_DOCUMENT } from '../../functions/rest-api/openapi.js';

export interface RecordedAnswer {
  readonly method: string;
  /** The request path, query string allowed. */
  readonly path: string;
  readonly status: number;
  /** Parsed JSON, raw text, or null for an empty body. */
  readonly body: unknown;
  /** The Content-Type header, if any. */
  readonly contentType: string | null;
}

type Operation = { responses: Record<string, { content?: { 'application/json': { schema: object } } }> };

export class OpenApiChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates = Object.keys(OPENAPI_DOCUMENT.paths).map((t) => ({ template: t, segments: segments(t) }));

  constructor() {
    this.ajv.addSchema({ $id: 'openapi', components: OPENAPI_DOCUMENT.components }, 'openapi');
  }

  /** Problems with one answer; an empty list when it conforms. Answers on paths the document lacks are problems too. */
  check(answer: RecordedAnswer): string[] {
    // Jetty's own HTML error pages (e.g. `Ambiguous URI path separator`) come before the API.
    if (answer.contentType !== null && !answer.contentType.startsWith('application/json')) return [];
    const path = answer.path.split('?')[0] ?? '/';
    const match = this.templates.find((t) => matches(t.segments, segments(path)));
    const where = `${answer.method} ${answer.path} → ${answer.status}`;
    if (match === undefined) return answer.status === 404 ? [] : [`${where}: no path template in the document`];
    const item = (OPENAPI_DOCUMENT.paths as Record<string, Record<string, unknown>>)[match.template] ?? {};
    const operation = item[answer.method.toLowerCase()] as Operation | undefined;
    if (operation === undefined) return answer.status === 405 ? [] : [`${where}: method not in the document`];
    const declared = operation.responses[String(answer.status)] ?? operation.responses['default'];
    if (declared === undefined) return [`${where}: status not declared`];
    const schema = declared.content?.['application/json'].schema;
    if (schema === undefined) return answer.body === null ? [] : [`${where}: declared empty, has a body`];
    const validate = this.validator(schema);
    if (validate(answer.body)) return [];
    return [`${where}: ${this.ajv.errorsText(validate.errors, { separator: '; ' })}`];
  }

  private validator(schema: object): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.validators.get(key);
    if (validate === undefined) {
      // Schemas refer to '#/components/schemas/…' of the document registered as 'openapi'.
      validate = this.ajv.compile(JSON.parse(key.replaceAll('"#/components/', '"openapi#/components/')) as object);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matches(template: readonly string[], parts: readonly string[]): boolean {
  return (
    template.length === parts.length &&
    template.every((t, i) => (t.startsWith('{') && t.endsWith('}')) || t === parts[i])
  );
}
