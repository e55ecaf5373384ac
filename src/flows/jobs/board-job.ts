import type { NewJob } from '../../adapters/storage/jobs-repo';

/** The kind of job that puts a task in the board section of its status. */
export const BOARD_PLACE = 'board-place';

/** One per link and issue state whose sync changed the status. */
export const boardPlaceJob = (linkId: number, why: string): NewJob => ({
  kind: BOARD_PLACE,
  key: `${linkId}:${why}`,
  group: null,
  payload: { linkId },
});
