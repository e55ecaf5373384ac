import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../src/work/group-commit';

interface Job {
  kind: string;
  key: string;
}
type Options = { debounce?: number };

/** An enqueue that records each statement it would write and numbers the stored jobs. */
function recordingStore(fail?: (jobs: readonly Job[]) => boolean) {
  const statements: Array<{ keys: string[]; options: Options | undefined }> = [];
  const stored = new Set<string>();
  let nextId = 1;
  const enqueue = async (jobs: readonly Job[], options?: Options) => {
    await Promise.resolve();
    if (fail?.(jobs)) throw new Error('disk full');
    statements.push({ keys: jobs.map((j) => j.key), options });
    return jobs.map((j) => {
      const fresh = !stored.has(j.key);
      stored.add(j.key);
      return { id: nextId++, key: j.key, scheduled: fresh };
    });
  };
  return { statements, enqueue };
}
const job = (key: string): Job => ({ kind: 'jira-delivery', key });

describe('group commit', () => {
  it('stores what arrives in one turn of the event loop in one statement, and answers each caller', async () => {
    const store = recordingStore();
    const enqueue = groupCommit(store.enqueue);
    const answers = await Promise.all(['a', 'b', 'c'].map((k) => enqueue([job(k)], { debounce: 1 })));
    expect(store.statements).toEqual([{ keys: ['a', 'b', 'c'], options: { debounce: 1 } }]);
    expect(answers.map((a) => a.map((s) => [s.key, s.scheduled]))).toEqual([
      [['a', true]],
      [['b', true]],
      [['c', true]],
    ]);
  });

  it('answers the second copy of a key in one batch as a duplicate of the first, as one at a time would', async () => {
    const store = recordingStore();
    const enqueue = groupCommit(store.enqueue);
    const [first, second] = await Promise.all([enqueue([job('a')]), enqueue([job('a')])]);
    expect(store.statements).toEqual([{ keys: ['a'], options: undefined }]);
    expect(first![0]).toMatchObject({ key: 'a', scheduled: true });
    expect(second![0]).toMatchObject({ id: first![0]!.id, key: 'a', scheduled: false });
  });

  it('writes calls with other options in a statement of their own', async () => {
    const store = recordingStore();
    const enqueue = groupCommit(store.enqueue);
    await Promise.all([
      enqueue([job('a')], { debounce: 1 }),
      enqueue([job('b')]),
      enqueue([job('c')], { debounce: 1 }),
    ]);
    expect(store.statements).toEqual([
      { keys: ['a', 'c'], options: { debounce: 1 } },
      { keys: ['b'], options: undefined },
    ]);
  });

  it('batches what arrives while a statement is being written into the next one', async () => {
    const store = recordingStore();
    const enqueue = groupCommit(store.enqueue);
    const first = enqueue([job('a')]);
    // Arrives after the batching turn, while 'a' is being written.
    await new Promise((r) => setImmediate(r));
    const later = [enqueue([job('b')]), enqueue([job('c')])];
    await Promise.all([first, ...later]);
    expect(store.statements.map((s) => s.keys)).toEqual([['a'], ['b', 'c']]);
  });

  it('fails every caller of a failed statement, stores none of its jobs, and keeps serving later calls', async () => {
    const store = recordingStore((jobs) => jobs.some((j) => j.key === 'bad'));
    const enqueue = groupCommit(store.enqueue);
    const results = await Promise.allSettled([enqueue([job('ok')]), enqueue([job('bad')])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(store.statements).toEqual([]);
    await expect(enqueue([job('ok')])).resolves.toMatchObject([{ key: 'ok', scheduled: true }]);
    expect(store.statements.map((s) => s.keys)).toEqual([['ok']]);
  });

  it('settles no caller before its statement is written', async () => {
    const order: string[] = [];
    let release!: () => void;
    const enqueue = groupCommit(async (jobs: readonly Job[]) => {
      await new Promise<void>((r) => (release = r));
      order.push('written');
      return jobs.map((j, i) => ({ id: i, key: j.key, scheduled: true }));
    });
    const pending = enqueue([job('a')]).then(() => order.push('answered'));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    release();
    await pending;
    expect(order).toEqual(['written', 'answered']);
  });
});
