const priorities = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

export interface QuickAdd {
  title: string;
  tags: string[];
  priority?: Priority;
}

/**
 * Quick add understands two shorthands inside the title: `#tag` adds a tag
 * and `!high` (or !low, !medium, !urgent) sets the priority. Everything else
 * is the title, so "Pay rent #home !urgent" is a task "Pay rent".
 */
export function parseQuickAdd(text: string): QuickAdd {
  const tags: string[] = [];
  let priority: Priority | undefined;
  const words = text.split(/\s+/).filter((word) => {
    const tag = /^#([^\s,#]+)$/.exec(word);
    if (tag?.[1]) {
      if (!tags.includes(tag[1])) tags.push(tag[1]);
      return false;
    }
    const level = /^!(\w+)$/.exec(word)?.[1]?.toLowerCase();
    if (level && (priorities as readonly string[]).includes(level)) {
      priority = level as Priority;
      return false;
    }
    return word !== '';
  });
  return { title: words.join(' '), tags, ...(priority ? { priority } : {}) };
}
