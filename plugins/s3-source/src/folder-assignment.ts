/**
 * Which task reads which partition folder. Each task lists the bucket itself and keeps the folders
 * assigned to it, so the connector needs no S3 access (it runs in the REST and scheduler functions) and
 * new topics or partitions are picked up without a task reconfiguration. The assignment depends only on
 * the topic, the partition and the task count, so it never moves a folder between running tasks (two
 * tasks never read one folder), and a topic's partitions spread over consecutive tasks: 4 partitions on
 * 4 tasks get one each.
 */

/** FNV-1a (32 bit) of the topic name: stable across processes and versions, unlike any runtime hash. */
function topicHash(topic: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(topic, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/** The index of the task, of `taskCount`, that reads the folder of this topic partition. */
export function assignedTask(topic: string, partition: number, taskCount: number): number {
  return (topicHash(topic) + partition) % taskCount;
}
