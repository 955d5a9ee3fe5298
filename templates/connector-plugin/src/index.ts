/**
 * The package's main module: its default export tells lambda-connect what the package provides.
 * Every class listed here is offered with the package's version, under its class name and the aliases
 * Connect derives from it (`CounterSourceConnector`, `CounterSource`).
 */
import { definePlugin } from 'lambda-connect/api';
import { CounterSourceConnector } from './counter-source-connector.js';

export default definePlugin({
  name: '@example/connect-counter',
  version: '1.0.0',
  sourceConnectors: [CounterSourceConnector],
});
