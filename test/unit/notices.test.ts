import { describe, expect, it } from 'vitest';
import { composeNotice } from '../../src/engine/notices/compose-notice';
import { netChanges, noticeChanges, notifyingFields } from '../../src/engine/notices/notice-changes';
import { noticeDueAt } from '../../src/engine/notices/notice-timing';
import { inQuietHours, quietHoursEnd } from '../../src/engine/notices/quiet-hours';
import { renderComment } from '../../src/adapters/tracker/asana/render-comment';
import { testConfig } from '../support/seed';

const config = testConfig();
const enumv = (option: string) => ({ type: 'enum' as const, option });
const MIN = 60_000;

describe('noticeChanges', () => {
  it('announces changed notifying fields that had a value before, and flags urgent ones', () => {
    const written = { 'Delivery status': enumv('Planned'), Sprint: { type: 'text' as const, text: 'S1' } };
    const changes = {
      'Delivery status': enumv('Shipped'),
      Sprint: { type: 'text' as const, text: 'S2' },
      Release: null,
    };
    const settings = { ...config.notifications, urgent: { 'Delivery status': ['shipped'] } };
    expect(noticeChanges(written, changes, config.fields, settings)).toEqual({
      before: { 'Delivery status': enumv('Planned') },
      urgent: true,
    });
    expect(noticeChanges({}, changes, config.fields, settings)).toBeNull(); // a first sync is not news
    expect(noticeChanges(written, changes, config.fields, { ...settings, enabled: false })).toBeNull();
  });

  it('keeps sprint, story points and the Jira key silent unless told otherwise', () => {
    const notifying = notifyingFields({ ...config.fields, sprint: { ...config.fields.sprint!, notify: true } });
    expect(Object.fromEntries(notifying)).toMatchObject({
      'Delivery status': true,
      Engineer: true,
      Sprint: true,
      'Story points': false,
      'Jira issue': false,
    });
  });

  it('nets out a change and its revert', () => {
    expect(netChanges({ A: enumv('x'), B: null }, { A: enumv('x'), B: enumv('y') })).toEqual([
      { field: 'B', from: null, to: enumv('y') },
    ]);
  });
});

describe('quiet hours', () => {
  const ny = { timeZone: 'America/New_York', start: '19:00', end: '08:00' };
  it('span midnight in the zone, not in UTC', () => {
    expect(inQuietHours(Date.parse('2026-11-22T23:59:00Z'), ny)).toBe(false); // 18:59 EST
    expect(inQuietHours(Date.parse('2026-11-23T00:00:00Z'), ny)).toBe(true); // 19:00 EST
    expect(inQuietHours(Date.parse('2026-11-23T12:59:00Z'), ny)).toBe(true); // 07:59 EST
    expect(inQuietHours(Date.parse('2026-11-23T13:00:00Z'), ny)).toBe(false); // 08:00 EST
  });

  it('end at the local time even across a daylight-saving change', () => {
    const berlin = { timeZone: 'Europe/Berlin', start: '22:00', end: '08:00' };
    // 23:00 CET on the night clocks go forward: quiet hours end at 08:00 CEST = 06:00 UTC.
    expect(new Date(quietHoursEnd(Date.parse('2026-03-28T22:00:00Z'), berlin)).toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
    // ...and on the night they go back: 08:00 CET = 07:00 UTC.
    expect(new Date(quietHoursEnd(Date.parse('2026-10-24T21:30:00Z'), berlin)).toISOString()).toBe(
      '2026-10-25T07:00:00.000Z',
    );
    expect(quietHoursEnd(Date.parse('2026-11-22T12:00:00Z'), berlin)).toBe(Date.parse('2026-11-22T12:00:00Z'));
  });
});

describe('noticeDueAt', () => {
  const windows = { quietWindowMs: 3 * MIN, maxHoldMs: 10 * MIN };
  it('waits for a quiet window, up to the cap, a window after the last notice; urgent goes now', () => {
    expect(noticeDueAt({ firstChangeAt: 0, lastChangeAt: 2 * MIN, urgent: false, lastSentAt: null }, windows)).toBe(
      5 * MIN,
    );
    expect(noticeDueAt({ firstChangeAt: 0, lastChangeAt: 9 * MIN, urgent: false, lastSentAt: null }, windows)).toBe(
      10 * MIN,
    );
    expect(noticeDueAt({ firstChangeAt: 0, lastChangeAt: 0, urgent: false, lastSentAt: 1 * MIN }, windows)).toBe(
      4 * MIN,
    );
    expect(noticeDueAt({ firstChangeAt: 0, lastChangeAt: 7 * MIN, urgent: true, lastSentAt: 6 * MIN }, windows)).toBe(
      7 * MIN,
    );
  });
});

describe('composing and rendering', () => {
  const base = {
    feature: 'Fish & <Chips>',
    jiraKey: 'ABC-1',
    issueUrl: 'https://x.atlassian.net/browse/ABC-1?a=1&b=2',
    statusField: 'Delivery status',
    actors: ['Dana', 'Sam', 'Dana', 'Lee'],
    mentions: ['11', '22'],
    templates: config.notifications.templates,
    marker: 'bridge-notice-7',
  };

  it('reads well to a non-engineer, names every change and who made it', () => {
    const message = composeNotice({
      ...base,
      changes: [{ field: 'Delivery status', from: enumv('In development'), to: enumv('In review') }],
    });
    expect(message.headline).toBe('Fish & <Chips> moved from In development to In review');
    expect(message.attribution).toEqual({
      before: '(',
      link: { text: 'ABC-1', url: base.issueUrl },
      after: ', changed in Jira by Dana, Sam and Lee)',
    });
    expect(message.changes).toEqual([]);
  });

  it('renders valid, escaped XML with mentions', () => {
    const message = composeNotice({
      ...base,
      changes: [{ field: 'Engineer', from: null, to: { type: 'text', text: 'A "B" \'C\'' } }],
    });
    expect(renderComment(message)).toBe(
      '<body><a data-asana-gid="11"/> <a data-asana-gid="22"/> Fish &amp; &lt;Chips&gt; was updated in Jira (' +
        '<a href="https://x.atlassian.net/browse/ABC-1?a=1&amp;b=2#bridge-notice-7">ABC-1</a>, changed in Jira by Dana, Sam and Lee)' +
        '<ul><li><strong>Engineer</strong>: none → A &quot;B&quot; &apos;C&apos;</li></ul></body>',
    );
  });

  it('follows custom templates', () => {
    const templates = {
      statusChange: '{feature}: {to}',
      update: '{feature} changed',
      attribution: '— see {key} ({actors})',
    };
    const message = composeNotice({
      ...base,
      templates,
      changes: [{ field: 'Delivery status', from: null, to: enumv('Shipped') }],
    });
    expect(message.headline).toBe('Fish & <Chips>: Shipped');
    expect(message.attribution.before).toBe('— see ');
  });
});
