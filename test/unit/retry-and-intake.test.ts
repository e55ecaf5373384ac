import { TestClock } from '../support/test-clock';
import { describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/platform/errors/app-errors';
import { retryDelayMs } from '../../src/work/backoff';
import { jiraDeliveryKey } from '../../src/adapters/jira/delivery-key';
import { createSignatureVerifier } from '../../src/adapters/jira/verify-signature';
import { classifyFailure } from '../../src/platform/retry/classify';
import { retryAfterMs } from '../../src/platform/retry/retry-after';
import { withRetry } from '../../src/platform/retry/with-retry';

const http = (status: number, retryAfter?: number) =>
  new UpstreamError('x', {
    service: 'tracker',
    kind: 'http',
    upstreamStatus: status,
    ...(retryAfter !== undefined && { retryAfterMs: retryAfter }),
  });

describe('classifyFailure', () => {
  it('retries throttling, timeouts, conflicts, server faults and lost connections', () => {
    for (const status of [408, 409, 425, 429, 500, 502, 503])
      expect(classifyFailure(http(status)).retryable).toBe(true);
    expect(classifyFailure(new UpstreamError('x', { service: 'jira', kind: 'network' }))).toEqual({ retryable: true });
    expect(classifyFailure(http(429, 30_000))).toEqual({ retryable: true, retryAfterMs: 30_000 });
  });

  it('does not retry other client errors or unknown errors', () => {
    for (const status of [400, 401, 403, 404, 422]) expect(classifyFailure(http(status)).retryable).toBe(false);
    expect(classifyFailure(new Error('bug'))).toEqual({ retryable: false });
  });

  it('judges a wrapped error by its cause', () => {
    expect(classifyFailure(new Error('outer', { cause: http(503) })).retryable).toBe(true);
  });
});

describe('retryAfterMs', () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it('reads seconds, an HTTP date, or X-RateLimit-Reset', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(retryAfterMs(headers({ 'retry-after': '7' }), now)).toBe(7_000);
    expect(retryAfterMs(headers({ 'retry-after': 'Sun, 22 Nov 2026 10:00:30 GMT' }), now)).toBe(30_000);
    expect(retryAfterMs(headers({ 'x-ratelimit-reset': '2026-11-22T10:01:00Z' }), now)).toBe(60_000);
    expect(retryAfterMs(headers({}), now)).toBeUndefined();
  });
});

describe('withRetry', () => {
  it('retries a retryable failure and stops at a permanent one', async () => {
    let calls = 0;
    const policy = { retries: 3, minTimeoutMs: 100, maxTimeoutMs: 150, maxInlineWaitMs: 1_000 };
    const clock = new TestClock();
    expect(await withRetry(async () => (++calls < 3 ? Promise.reject(http(503)) : 'ok'), clock, policy)).toBe('ok');
    expect(calls).toBe(3);
    // The waits are the clock's: exponential from minTimeoutMs, capped, jittered in their upper half.
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(100);
    expect(clock.sleeps[1]).toBeGreaterThanOrEqual(75);
    expect(clock.sleeps[1]).toBeLessThanOrEqual(150);
    calls = 0;
    await expect(withRetry(async () => (calls++, Promise.reject(http(400))), clock, policy)).rejects.toThrow();
    expect(calls).toBe(1);
  });

  it('waits exactly as long as the upstream asked, on the injected clock', async () => {
    let calls = 0;
    const policy = { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 2, maxInlineWaitMs: 10_000 };
    const clock = new TestClock();
    const started = clock.now();
    expect(await withRetry(async () => (++calls < 2 ? Promise.reject(http(429, 7_000)) : 'ok'), clock, policy)).toBe(
      'ok',
    );
    expect(clock.sleeps).toEqual([7_000]);
    expect(clock.now() - started).toBe(7_000);
  });

  it('leaves a long Retry-After to the inbox instead of waiting in place', async () => {
    let calls = 0;
    const policy = { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 2, maxInlineWaitMs: 100 };
    await expect(
      withRetry(async () => (calls++, Promise.reject(http(429, 60_000))), new TestClock(), policy),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });
});

describe('retryDelayMs', () => {
  it('backs off exponentially, capped, and never sooner than asked', () => {
    expect([1, 2, 3, 10].map((a) => retryDelayMs(a))).toEqual([5_000, 10_000, 20_000, 600_000]);
    expect(retryDelayMs(1, 90_000)).toBe(90_000);
  });
});

describe('signatures', () => {
  it('verifies the published X-Hub-Signature test vector', async () => {
    const verify = createSignatureVerifier("It's a Secret to Everybody");
    expect(
      await verify('Hello World!', 'sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9'),
    ).toBe(true);
    expect(
      await verify('Hello World!', 'sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c8'),
    ).toBe(false);
    expect(await verify('Hello World!', 'a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9')).toBe(
      false,
    );
    expect(await verify('Hello World!', undefined)).toBe(false);
    expect(await verify('', 'sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9')).toBe(false);
  });

  it('accepts the previous secret during a rotation, and only then', async () => {
    const vector = 'sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9';
    expect(await createSignatureVerifier('new secret', "It's a Secret to Everybody")('Hello World!', vector)).toBe(
      true,
    );
    expect(await createSignatureVerifier('new secret')('Hello World!', vector)).toBe(false);
  });

  it('keys deliveries by the webhook identifier, else by the body', async () => {
    expect(await jiraDeliveryKey('  abc ', '{}')).toBe('jira:abc');
    expect(await jiraDeliveryKey(undefined, '{}')).toBe(
      'jira-body:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    );
  });
});
