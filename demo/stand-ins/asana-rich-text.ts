// Asana rich text (`html_text`) as the stand-in checks and reads it.

/** A minimal well-formedness check of Asana rich text: XML rooted at one <body>, tags balanced. */
export function xmlProblem(html: string): string | null {
  if (!/^<body>[\s\S]*<\/body>$/.test(html)) return 'must be XML rooted at <body>';
  const stack: string[] = [];
  for (const [tag, close, name, selfClosing] of html.matchAll(/<(\/?)([a-z0-9]+)(?:\s[^<>]*?)?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!close) stack.push(name!);
    else if (stack.pop() !== name) return `unbalanced ${tag}`;
  }
  if (stack.length) return `unclosed <${stack.at(-1)}>`;
  if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(html)) return 'unescaped &';
  return null;
}

/** The story's `text`: tags dropped, mentions shown as @Name, entities decoded. */
export function plainText(html: string, users: Array<{ gid: string; name: string }>): string {
  return html
    .replace(/<a data-asana-gid="(\d+)"\/>/g, (_m, gid: string) => `@${users.find((u) => u.gid === gid)?.name ?? gid}`)
    .replace(/<li>/g, '\n• ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
