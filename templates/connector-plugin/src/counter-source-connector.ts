/**
 * `com.example.connect.CounterSourceConnector`: writes the numbers 1..count to a topic, one record each,
 * and stops adding when it reaches `count`. One task: one sequence.
 */
import { SourceConnector, type ConfigDef, type TaskClass } from 'lambda-connect/api';
import { counterConfigDef, parseCounterSettings } from './counter-config.js';
import { CounterSourceTask } from './counter-source-task.js';
import { VERSION } from './version.js';

export class CounterSourceConnector extends SourceConnector {
  static readonly className = 'com.example.connect.CounterSourceConnector';

  private props: Record<string, string> = {};

  version(): string {
    return VERSION;
  }

  start(props: Readonly<Record<string, string>>): void {
    parseCounterSettings(props); // fails the connector early on a bad config
    this.props = { ...props };
  }

  taskClass(): TaskClass {
    return CounterSourceTask;
  }

  taskConfigs(_maxTasks: number): Array<Record<string, string>> {
    return [{ ...this.props }];
  }

  stop(): void {}

  config(): ConfigDef {
    return counterConfigDef();
  }
}
