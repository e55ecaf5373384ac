type Enqueue<J, O, S> = (jobs: readonly J[], options?: O) => Promise<S[]>;

/**
 * Group commit for one process's writes: the enqueues that arrive in one turn of the event loop,
 * or while a statement is being written, wait for the next statement, which stores all of them
 * at once (one transaction, one sync to disk) instead of one each. A lone delivery waits one
 * turn of the loop, not a timer. Every caller's promise settles only after its own jobs are durable, with the
 * same answer it would have had alone: a second copy of a key in the same batch is a duplicate.
 * A failed statement fails every caller in it, and none of its jobs is stored.
 *
 * Only for a runtime whose callers share one event loop and one connection (Node); a Worker's
 * requests must not settle each other's promises.
 */
export function groupCommit<J extends { kind: string; key: string }, O, S extends { scheduled: boolean }>(
  enqueue: Enqueue<J, O, S>,
): Enqueue<J, O, S> {
  interface Waiting {
    jobs: readonly J[];
    options: O | undefined;
    optionsKey: string;
    resolve(stored: S[]): void;
    reject(err: unknown): void;
  }
  const queue: Waiting[] = [];
  let writing = false;
  // The embedded libSQL client writes synchronously, so the turn of the loop is the batching window.
  const nextTurn: (run: () => void) => void =
    typeof setImmediate === 'function' ? (run) => setImmediate(run) : (run) => setTimeout(run, 0);

  async function writeAll(): Promise<void> {
    while (queue.length) {
      // Calls with the same options go together; the others wait for the next statement.
      const key = queue[0]!.optionsKey;
      const batch = queue.filter((w) => w.optionsKey === key);
      queue.splice(0, queue.length, ...queue.filter((w) => w.optionsKey !== key));
      await writeBatch(batch);
    }
    writing = false;
  }

  async function writeBatch(batch: Waiting[]): Promise<void> {
    const unique = new Map<string, number>();
    const jobs = batch
      .flatMap((w) => w.jobs)
      .filter((job) => {
        const id = `${job.kind}\u0000${job.key}`;
        if (unique.has(id)) return false;
        unique.set(id, unique.size);
        return true;
      });
    let stored: S[];
    try {
      stored = await enqueue(jobs, batch[0]!.options);
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    const answered = new Set<number>();
    for (const w of batch) {
      w.resolve(
        w.jobs.map((job) => {
          const at = unique.get(`${job.kind}\u0000${job.key}`)!;
          const first = !answered.has(at);
          answered.add(at);
          return first ? stored[at]! : { ...stored[at]!, scheduled: false };
        }),
      );
    }
  }

  return (jobs, options) => {
    if (jobs.length === 0) return Promise.resolve([]);
    return new Promise<S[]>((resolve, reject) => {
      queue.push({ jobs, options, optionsKey: JSON.stringify(options ?? {}), resolve, reject });
      if (writing) return;
      writing = true;
      nextTurn(() => void writeAll());
    });
  };
}
