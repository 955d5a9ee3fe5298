/** The ProtobufConverter's keys: the shared registry keys plus ProtobufData's (Confluent's `ProtobufConverterConfig`). */
import type { ConfigDef } from 'lambda-connect/api';
import { parseRegistrySettings, type RegistrySettings, registryConfigDef } from '../shared/registry-config.js';
import { defineProtobufDataConfig, type ProtobufDataOptions, protobufDataOptions } from './protobuf-data-config.js';

export function protobufConverterConfigDef(): ConfigDef {
  return defineProtobufDataConfig(registryConfigDef());
}

/** Parses a ProtobufConverter's settings; a bad value is a `ConfigError` naming the key. */
export function parseProtobufConverterSettings(
  configs: Readonly<Record<string, string>>,
  isKey: boolean,
): { registry: RegistrySettings; data: ProtobufDataOptions } {
  const { settings } = parseRegistrySettings(configs, isKey, protobufConverterConfigDef());
  return { registry: settings, data: protobufDataOptions(configs) };
}
