/**
 * PostgreSQL's text form of one-dimensional arrays (`{1,2,NULL}`, `{"a b","c\"d"}`, `[0:1]={x,y}`) into
 * element texts (null for NULL). Multi-dimensional arrays are refused: a column's type does not say how
 * many dimensions its values have, so no Connect schema fits them.
 */
import { DataError } from 'lambda-connect/api';

export function parseArrayText(text: string): Array<string | null> {
  // Arrays with bounds other than 1 are printed with their dimensions first: `[0:2]={…}`.
  const body = text.startsWith('[') ? text.slice(text.indexOf('=') + 1) : text;
  if (!body.startsWith('{') || !body.endsWith('}')) throw new DataError(`Cannot read array value '${text}'`);
  const elements: Array<string | null> = [];
  if (body === '{}') return elements;
  let i = 1;
  while (i < body.length) {
    const c = body[i];
    if (c === '{') throw new DataError('Multi-dimensional arrays are not supported by the JDBC source');
    let element: string | null;
    if (c === '"') {
      let value = '';
      i++;
      while (body[i] !== '"') {
        if (i >= body.length) throw new DataError(`Cannot read array value '${text}': unterminated element`);
        if (body[i] === '\\') i++;
        value += body[i];
        i++;
      }
      i++;
      element = value;
    } else {
      let end = i;
      while (body[end] !== ',' && body[end] !== '}') end++;
      const raw = body.slice(i, end);
      element = raw === 'NULL' ? null : raw;
      i = end;
    }
    elements.push(element);
    if (body[i] === '}') break;
    i++;
  }
  return elements;
}
