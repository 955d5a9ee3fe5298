/**
 * The configuration files of a local single-node KRaft broker (combined broker + controller), and of
 * Log4j2 for the JVMs we launch.
 */

export interface BrokerConfigInput {
  readonly port: number;
  readonly controllerPort: number;
  readonly logDir: string;
  /** Settings that replace or add to the defaults (e.g. a short `connections.max.idle.ms` in a test). */
  readonly overrides?: Readonly<Record<string, string>>;
}

/** `server.properties` for a single node that is its own controller, bound to 127.0.0.1 only. */
export function brokerProperties(input: BrokerConfigInput): string {
  return toProperties({
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${input.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${input.port},CONTROLLER://127.0.0.1:${input.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${input.port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'log.dirs': input.logDir,
    // One node: every internal topic has one replica.
    'offsets.topic.replication.factor': '1',
    // Fewer coordinator partitions than the default 50, so the first group commit is quick.
    'offsets.topic.num.partitions': '5',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '5',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    // Tests and the local stack should not wait 3 s for every group join.
    'group.initial.rebalance.delay.ms': '0',
    // Connect's FileStreamSource (and other producers) rely on the broker creating topics on demand.
    'auto.create.topics.enable': 'true',
    'num.partitions': '1',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    ...input.overrides,
  });
}

/** A minimal Log4j2 configuration: console only, at `level`. */
export function log4jProperties(level: 'warn' | 'info' = 'warn'): string {
  return toProperties({
    status: 'error',
    'appender.console.type': 'Console',
    'appender.console.name': 'STDOUT',
    'appender.console.layout.type': 'PatternLayout',
    'appender.console.layout.pattern': '[%d] %p %m (%c)%n',
    'rootLogger.level': level,
    'rootLogger.appenderRef.stdout.ref': 'STDOUT',
  });
}

/** Renders `key=value` lines (our values never need escaping: paths and numbers). */
export function toProperties(entries: Readonly<Record<string, string>>): string {
  return `${Object.entries(entries)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/** Parses a Java properties file's simple `key=value` lines (comments and blanks skipped). */
export function parseProperties(text: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const separator = line.search(/[=:]/);
    if (separator < 0) continue;
    result.set(line.slice(0, separator).trim(), line.slice(separator + 1).trim());
  }
  return result;
}
