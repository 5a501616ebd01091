/**
 * One HTTPS JSON request with a bearer token, as the integration suites make them against the
 * app server and the Graph emulator: the answer's status, headers, raw text and parsed body.
 */

// Bodies are whatever the server sent; each test narrows them with a contract schema or by reading them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;

export type JsonAnswer = { status: number; headers: Headers; text: string; body: JsonBody };

export type JsonRequestInit = {
  method?: string;
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  headers?: Record<string, string>;
};

export async function jsonRequest(
  url: string,
  token: string,
  init: JsonRequestInit = {},
): Promise<JsonAnswer> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: text ? JSON.parse(text) : undefined,
  };
}
