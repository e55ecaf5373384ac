import { describe, expect, it } from 'vitest';
import { batchedStdout } from '../../src/runtime/node/batched-stdout';

describe('log lines for stdout', () => {
  it('go out together once per turn of the event loop, in order', async () => {
    const chunks: string[] = [];
    const out = batchedStdout((chunk) => chunks.push(chunk));
    out.sink('{"n":1}');
    out.sink('{"n":2}');
    expect(chunks).toEqual([]);
    await new Promise((turn) => setImmediate(turn));
    expect(chunks).toEqual(['{"n":1}\n{"n":2}\n']);
    out.sink('{"n":3}');
    out.flush();
    expect(chunks).toEqual(['{"n":1}\n{"n":2}\n', '{"n":3}\n']);
    await new Promise((turn) => setImmediate(turn));
    expect(chunks).toHaveLength(2);
  });
});
