/** Reading struct fields with or without their schema default (`replace.null.with.default`). */
import type { Struct } from '../../api/index.js';

type MaybeRawStruct = Struct & { getWithoutDefault?: (fieldName: string) => unknown };

/**
 * The field's value; with `withDefault` false, an unset or null field stays null instead of taking the
 * schema default. That needs `Struct.getWithoutDefault` (Connect has it); without it the default applies.
 */
export function structField(struct: Struct, fieldName: string, withDefault: boolean): unknown {
  const raw = struct as MaybeRawStruct;
  if (!withDefault && typeof raw.getWithoutDefault === 'function') return raw.getWithoutDefault(fieldName);
  return struct.get(fieldName);
}
