// Replaces `axios` in the Worker bundle (see [alias] in wrangler.toml): jira.js sends every request
// through `axios.create(config).request(config)` and recognises failures with `axios.isAxiosError`.
// On Workers those requests go through fetch anyway (the bridge picks axios' fetch adapter), so
// this is that path alone, with axios' config and error shapes: 62 KiB of the minified Worker
// less. Node keeps the real axios. The workerd tests build the Worker with this alias: the sync
// tests read Jira through it, and worker-jira-http.test.ts pins its errors (status, Retry-After,
// timeout) to what jira-errors.ts reads.

interface RequestConfig {
  baseURL?: string;
  url?: string;
  method?: string;
  params?: Record<string, unknown>;
  paramsSerializer?: (params: Record<string, unknown>) => string;
  headers?: Record<string, unknown>;
  data?: unknown;
  timeout?: number;
  responseType?: string;
  signal?: AbortSignal;
  env?: { fetch?: typeof fetch };
}

interface Response {
  data: unknown;
  status: number;
  statusText: string;
  headers: Record<string, string>;
  config: RequestConfig;
}

class AxiosError extends Error {
  readonly isAxiosError = true;
  constructor(
    message: string,
    readonly code: string,
    readonly config: RequestConfig,
    readonly response?: Response,
  ) {
    super(message);
    this.name = 'AxiosError';
  }
}

function getUri(config: RequestConfig): string {
  const path = config.url ?? '';
  const base = /^https?:\/\//i.test(path) ? '' : (config.baseURL ?? '').replace(/\/+$/, '');
  const url = base && path && !path.startsWith('/') ? `${base}/${path}` : `${base}${path}`;
  if (!config.params) return url;
  const query = config.paramsSerializer
    ? config.paramsSerializer(config.params)
    : new URLSearchParams(
        Object.entries(config.params).flatMap(([k, v]) => (v === undefined || v === null ? [] : [[k, String(v)]])),
      ).toString();
  return query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
}

function bodyOf(data: unknown, headers: Headers): BodyInit | undefined {
  if (data === undefined || data === null) return undefined;
  if (typeof data === 'string' || data instanceof FormData || data instanceof Blob || data instanceof ArrayBuffer)
    return data;
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return JSON.stringify(data);
}

async function request(defaults: RequestConfig, own: RequestConfig): Promise<Response> {
  const config = { ...defaults, ...own, headers: { ...defaults.headers, ...own.headers } };
  const headers = new Headers({ accept: 'application/json, text/plain, */*' });
  for (const [name, value] of Object.entries(config.headers))
    if (value !== undefined && value !== null) headers.set(name, String(value));
  const timeout = config.timeout ? AbortSignal.timeout(config.timeout) : undefined;
  const signal = timeout && config.signal ? AbortSignal.any([timeout, config.signal]) : (timeout ?? config.signal);
  let res: globalThis.Response;
  try {
    res = await (config.env?.fetch ?? fetch)(getUri(config), {
      method: (config.method ?? 'get').toUpperCase(),
      headers,
      body: bodyOf(config.data, headers),
      signal,
    });
  } catch (err) {
    if (timeout?.aborted) throw new AxiosError(`timeout of ${config.timeout}ms exceeded`, 'ECONNABORTED', config);
    throw new AxiosError((err as Error).message ?? 'Network Error', 'ERR_NETWORK', config);
  }
  let data: unknown;
  if (config.responseType === 'arraybuffer') data = await res.arrayBuffer();
  else {
    const text = await res.text();
    try {
      data = text && config.responseType !== 'text' ? JSON.parse(text) : text;
    } catch {
      data = text;
    }
  }
  const response = {
    data,
    status: res.status,
    statusText: res.statusText,
    headers: Object.fromEntries(res.headers),
    config,
  };
  if (res.status >= 200 && res.status < 300) return response;
  const code = res.status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST';
  throw new AxiosError(`Request failed with status code ${res.status}`, code, config, response);
}

const axios = {
  create: (defaults: RequestConfig = {}) => ({
    defaults,
    request: (config: RequestConfig) => request(defaults, config),
    getUri: (config: RequestConfig = {}) => getUri({ ...defaults, ...config }),
  }),
  isAxiosError: (err: unknown): err is AxiosError => (err as { isAxiosError?: unknown } | null)?.isAxiosError === true,
};

export { AxiosError };
export default axios;
