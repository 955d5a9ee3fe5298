/** The FileStream sink's ConfigDef, shared by the connector and its task (as Kafka's own FileStreamSinkConnector.CONFIG_DEF). */
import { ConfigDef, ConfigType, Importance } from '../../api/index.js';
import { confinedFile } from './file-access.js';

export const FILE_STREAM_SINK_FILE_CONFIG = 'file';

export function fileStreamSinkConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: FILE_STREAM_SINK_FILE_CONFIG,
    type: ConfigType.STRING,
    defaultValue: null,
    validator: confinedFile,
    importance: Importance.HIGH,
    documentation: 'Destination filename. If not specified, the standard output will be used',
  });
}
