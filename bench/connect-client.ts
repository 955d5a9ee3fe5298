/**
 * The few Connect REST calls the benchmark makes. Both systems speak the same API (that is the
 * product's promise), so one client drives Apache Kafka Connect and lambda-connect alike.
 */
export interface ConnectClient {
  readonly url: string;
  createConnector(name: string, config: Record<string, string>): Promise<void>;
  deleteConnector(name: string): Promise<void>;
  /** The connector's and its tasks' states, e.g. `RUNNING`. */
  status(name: string): Promise<{ connector: string; tasks: string[] }>;
}

export function connectClient(url: string): ConnectClient {
  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> => {
    const response = await fetch(url + path, {
      method,
      headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, text: await response.text() };
  };
  return {
    url,
    async createConnector(name, config) {
      // Connect answers 409 while its group rebalances; try again shortly, as its own CLI users do.
      for (let attempt = 0; ; attempt++) {
        const { status, text } = await call('POST', '/connectors', { name, config });
        if (status === 201) return;
        if (status !== 409 || attempt >= 50)
          throw new Error(`POST /connectors ${name} at ${url} answered ${status}: ${text}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async deleteConnector(name) {
      for (let attempt = 0; ; attempt++) {
        const { status, text } = await call('DELETE', `/connectors/${encodeURIComponent(name)}`);
        if (status === 204 || status === 404) return;
        if (status !== 409 || attempt >= 50)
          throw new Error(`DELETE /connectors/${name} at ${url} answered ${status}: ${text}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async status(name) {
      const { status, text } = await call('GET', `/connectors/${encodeURIComponent(name)}/status`);
      if (status !== 200) return { connector: `HTTP ${status}`, tasks: [] };
      const body = JSON.parse(text) as { connector: { state: string }; tasks: Array<{ state: string }> };
      return { connector: body.connector.state, tasks: body.tasks.map((t) => t.state) };
    },
  };
}
