/** Asana's error envelope: `{errors: [{message, help}]}`. */
export const asanaError = (message: string) => ({
  errors: [
    {
      message,
      help: 'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors',
    },
  ],
});

/**
 * One page of a list, as Asana pages it: `limit` items (20 by default) from `offset`, and
 * `next_page` with the next offset while more remain.
 */
export function asanaPage<T>(all: readonly T[], query: (name: string) => string | undefined, path = '') {
  const limit = Number(query('limit') ?? 20);
  const start = Number(query('offset') ?? 0);
  const end = start + limit;
  return {
    data: all.slice(start, end),
    next_page: end < all.length ? { offset: String(end), path: path && `${path}?offset=${end}`, uri: '' } : null,
  };
}
