/** A small client for the Connect REST API in tests: status code plus parsed JSON body. */
export interface RestResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface RestClient {
  get<T = unknown>(path: string): Promise<RestResponse<T>>;
  post<T = unknown>(path: string, body?: unknown): Promise<RestResponse<T>>;
  put<T = unknown>(path: string, body?: unknown): Promise<RestResponse<T>>;
  patch<T = unknown>(path: string, body?: unknown): Promise<RestResponse<T>>;
  delete<T = unknown>(path: string): Promise<RestResponse<T>>;
  /** Sends a raw body (for malformed JSON and content-type tests). */
  raw<T = unknown>(method: string, path: string, body: string, contentType?: string): Promise<RestResponse<T>>;
}

export function restClient(baseUrl: string): RestClient {
  const send = async <T>(
    method: string,
    path: string,
    body?: string,
    contentType = 'application/json',
  ): Promise<RestResponse<T>> => {
    const response = await fetch(baseUrl + path, {
      method,
      headers:
        body === undefined
          ? { Accept: 'application/json' }
          : { 'Content-Type': contentType, Accept: 'application/json' },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T, headers: response.headers };
  };
  const withJson =
    (method: string) =>
    <T>(path: string, body?: unknown) =>
      send<T>(method, path, body === undefined ? undefined : JSON.stringify(body));
  return {
    get: (path) => send('GET', path),
    post: withJson('POST'),
    put: withJson('PUT'),
    patch: withJson('PATCH'),
    delete: (path) => send('DELETE', path),
    raw: (method, path, body, contentType) => send(method, path, body, contentType),
  };
}
