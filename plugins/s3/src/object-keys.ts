/**
 * Object keys exactly as Confluent's S3 sink names them:
 * `<topics.dir>/<topic>/<encoded partition>/<topic>+<kafka partition>+<start offset, zero-padded><view><ext>`,
 * e.g. `topics/orders/partition=0/orders+0+0000000000.json`.
 */
export interface KeyLayout {
  readonly topicsDir: string;
  readonly directoryDelim: string;
  readonly fileDelim: string;
  readonly zeroPadWidth: number;
}

/** The key of an object starting at `startOffset` under `partitionedPath` (`<topic>/<encoded partition>`). */
export function objectKey(
  layout: KeyLayout,
  partitionedPath: string,
  topic: string,
  partition: number,
  startOffset: number,
  suffix: string,
): string {
  const name = `${topic}${layout.fileDelim}${partition}${layout.fileDelim}${String(startOffset).padStart(layout.zeroPadWidth, '0')}${suffix}`;
  const path = `${partitionedPath}${layout.directoryDelim}${name}`;
  // As Confluent: a blank topics.dir puts objects at the bucket's root.
  return layout.topicsDir.trim() === '' ? path : `${layout.topicsDir}${layout.directoryDelim}${path}`;
}
