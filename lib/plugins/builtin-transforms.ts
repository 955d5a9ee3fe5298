/** The SMTs and predicates shipped with Connect (filled in as lib/transforms grows). */
import type { PredicateClass, TransformationClass } from '../api/index.js';

export const BUILTIN_TRANSFORMATIONS: readonly TransformationClass[] = [];
export const BUILTIN_PREDICATES: readonly PredicateClass[] = [];
