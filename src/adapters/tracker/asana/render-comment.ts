import type { NoticeMessage } from '../../../engine/notices/compose-notice';
import type { TrackerDigest, TrackerNote } from '../tracker';

/**
 * Pure: a notice as Asana `html_text`: XML rooted at `<body>`, people mentioned with
 * `<a data-asana-gid="…"/>` (which notifies them and makes them collaborators).
 */
export function renderComment(message: NoticeMessage): string {
  const mentions = message.mentions.map((gid) => `<a data-asana-gid="${escapeXml(gid)}"/>`).join(' ');
  const { before, link, after } = message.attribution;
  const items = message.changes
    .map((c) => `<li><strong>${escapeXml(c.field)}</strong>: ${escapeXml(c.from)} → ${escapeXml(c.to)}</li>`)
    .join('');
  return [
    '<body>',
    mentions ? `${mentions} ` : '',
    escapeXml(message.headline),
    ' ',
    escapeXml(before),
    `<a href="${escapeXml(withMarker(link.url, message.marker))}">${escapeXml(link.text)}</a>`,
    escapeXml(after),
    items ? `<ul>${items}</ul>` : '',
    '</body>',
  ].join('');
}

/** Pure: a short note (text, then its link) as Asana `html_text`. */
export function renderNote(note: TrackerNote): string {
  return `<body>${escapeXml(note.text)} <a href="${escapeXml(withMarker(note.link.url, note.marker))}">${escapeXml(note.link.text)}</a></body>`;
}

/** Pure: a digest as Asana `html_text`: the person mentioned, then one item per request (marker on the first link). */
export function renderDigest(digest: TrackerDigest): string {
  const items = digest.items
    .map(({ text, link }, i) => {
      const url = i === 0 ? withMarker(link.url, digest.marker) : link.url;
      return `<li><a href="${escapeXml(url)}">${escapeXml(link.text)}</a> ${escapeXml(text)}</li>`;
    })
    .join('');
  return `<body><a data-asana-gid="${escapeXml(digest.mention)}"/> ${escapeXml(digest.headline)}<ul>${items}</ul></body>`;
}

/**
 * The notice's marker rides in the link's fragment: invisible to readers, ignored by Jira, and
 * kept in the story's `html_text`, so the bridge can recognise its own earlier post.
 */
export function withMarker(url: string, marker: string): string {
  return `${url.split('#')[0]}#${encodeURIComponent(marker)}`;
}

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}
