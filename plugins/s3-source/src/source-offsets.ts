/**
 * Source partitions and offsets, in the shape Confluent's S3 source stores them (values are strings):
 *
 *   partition {"folder": "topics/orders/partition=0/"}
 *   offset    {"lastFileRead": "topics/orders/partition=0/orders+0+0000000000.json", "fileOffset": "3", "eof": "false"}
 *
 * `fileOffset` counts the records of `lastFileRead` already produced; `eof` says that was all of them.
 * A task resumes with the record after them: the next line of the same object, or the next object.
 */
import { ConnectError, type SourceOffset, type SourcePartition } from 'lambda-connect/api';

export const FOLDER_FIELD = 'folder';
export const LAST_FILE_READ_FIELD = 'lastFileRead';
export const FILE_OFFSET_FIELD = 'fileOffset';
export const EOF_FIELD = 'eof';

/** Where a folder's reading stands. */
export interface Position {
  /** The last object records were produced from; null before the first. */
  readonly lastFileRead: string | null;
  readonly fileOffset: number;
  readonly eof: boolean;
}

export const START: Position = Object.freeze({ lastFileRead: null, fileOffset: 0, eof: false });

export function folderPartition(folder: string): SourcePartition {
  return Object.freeze({ [FOLDER_FIELD]: folder });
}

export function positionOffset(position: Position): SourceOffset {
  return {
    [LAST_FILE_READ_FIELD]: position.lastFileRead,
    [FILE_OFFSET_FIELD]: String(position.fileOffset),
    [EOF_FIELD]: String(position.eof),
  };
}

/** A stored offset as a position; null (no offset) is the start. Throws naming what is wrong. */
export function parsePosition(offset: SourceOffset | null): Position {
  if (offset === null || offset === undefined) return START;
  const file = offset[LAST_FILE_READ_FIELD];
  const count = offset[FILE_OFFSET_FIELD];
  const eof = offset[EOF_FIELD];
  if (typeof file !== 'string' || file === '')
    throw new ConnectError(`The offset's '${LAST_FILE_READ_FIELD}' must be an object key, not ${JSON.stringify(file)}`);
  const fileOffset =
    typeof count === 'number' ? count : typeof count === 'string' && /^\d+$/.test(count) ? Number(count) : NaN;
  if (!Number.isSafeInteger(fileOffset) || fileOffset < 0)
    throw new ConnectError(
      `The offset's '${FILE_OFFSET_FIELD}' must be a non-negative integer (as a string), not ${JSON.stringify(count)}`,
    );
  if (eof !== 'true' && eof !== 'false' && typeof eof !== 'boolean')
    throw new ConnectError(`The offset's '${EOF_FIELD}' must be "true" or "false", not ${JSON.stringify(eof)}`);
  return { lastFileRead: file, fileOffset, eof: eof === true || eof === 'true' };
}

/** Checks a source partition written through the REST API. */
export function checkPartition(partition: SourcePartition | null): string {
  const folder = partition?.[FOLDER_FIELD];
  if (typeof folder !== 'string' || folder === '')
    throw new ConnectError(`Partition objects must contain the key '${FOLDER_FIELD}' with the folder's key prefix`);
  return folder;
}
