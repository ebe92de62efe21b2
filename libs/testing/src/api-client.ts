import { OpenApiContract } from './contract/openapi-contract';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Sent as-is when a string (to test malformed JSON), else JSON-encoded. */
  body?: unknown;
}

/**
 * A small HTTP client for tests: every call goes through the gateway like a real client's would, and
 * every answer is held to `openapi/openapi.yaml` — an undocumented status, a missing required header
 * or a body off its schema throws a ContractViolation, failing the test that made the request.
 */
export class ApiClient {
  constructor(
    readonly baseUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080',
    private readonly token = 'devtoken',
  ) {}

  /** The same client with another bearer token. */
  as(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  get<T = unknown>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, options);
  }

  /** A write with the dev token and a fresh Idempotency-Key unless the options say otherwise. */
  post<T = unknown>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, {
      ...options,
      headers: {
        authorization: `Bearer ${this.token}`,
        'idempotency-key': crypto.randomUUID(),
        'content-type': 'application/json',
        ...options.headers,
      },
    });
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const body =
      options.body === undefined || typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
    const headers = Object.fromEntries(
      Object.entries(options.headers ?? {}).filter(([, value]) => value !== ''),
    );
    const answer = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      body: body as string | undefined,
    });
    const text = await answer.text();
    OpenApiContract.load().assert(method, path, { status: answer.status, headers: answer.headers, text });
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: answer.status, headers: answer.headers, body: parsed as T, text };
  }
}
