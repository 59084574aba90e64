/** A 1-based line and column in a resource's text. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** The element found at a position: its own id and the id of its nearest ancestor that has one. */
export interface ElementAtPosition {
  id: string | null;
  enclosingId: string | null;
}

/** Source positions of one XML text, for reporting problems where moddle gives none. */
export interface XmlPositions {
  /** Where the start tag of the element with this id begins, or where one of its attributes (e.g. `camunda:assignee`) is. */
  ofElement(id: string, attribute?: string): SourcePosition | null;
  /** The line and column of a character offset. */
  ofOffset(offset: number): SourcePosition;
  /** The start tag that begins at, or last before, a position. */
  elementAt(position: SourcePosition): ElementAtPosition;
  /** The position just after the last character. */
  readonly end: SourcePosition;
}

/** Indexes the start tags and line starts of `xml` once, so problems can name their line and column. */
export function indexPositions(xml: string): XmlPositions {
  const lineStarts = findLineStarts(xml);
  const tags = scanStartTags(xml);
  const byId = new Map<string, StartTag>();
  for (const tag of tags) if (tag.id !== null && !byId.has(tag.id)) byId.set(tag.id, tag);

  const ofOffset = (offset: number): SourcePosition => {
    const line = lastIndexAtOrBefore(lineStarts, offset, (start) => start);
    return { line: line + 1, column: offset - (lineStarts[line] ?? 0) + 1 };
  };

  return {
    ofOffset,
    end: ofOffset(xml.length),
    ofElement(id, attribute) {
      const tag = byId.get(id);
      if (!tag) return null;
      const local = attribute?.slice(attribute.indexOf(':') + 1);
      const found = local ? new RegExp(`\\s((?:[\\w.-]+:)?${escapeRegExp(local)})\\s*=`).exec(tag.text) : null;
      return ofOffset(tag.offset + (found ? found.index + 1 : 0));
    },
    elementAt({ line, column }) {
      const offset = (lineStarts[line - 1] ?? xml.length) + column - 1;
      const tag = tags[lastIndexAtOrBefore(tags, offset, (t) => t.offset)];
      return tag && tag.offset <= offset ? { id: tag.id, enclosingId: tag.enclosingId } : { id: null, enclosingId: null };
    },
  };
}

// helpers ////

interface StartTag {
  offset: number;
  text: string;
  id: string | null;
  enclosingId: string | null;
}

const TAG = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][^>]*>|<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ID_ATTRIBUTE = /\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/;

function scanStartTags(xml: string): StartTag[] {
  const tags: StartTag[] = [];
  const open: Array<{ name: string; inheritedId: string | null }> = [];
  for (const match of xml.matchAll(TAG)) {
    const [text, closing, name, attributes, selfClosing] = match;
    if (name === undefined) continue;
    if (closing) {
      const index = open.map((o) => o.name).lastIndexOf(name);
      if (index >= 0) open.length = index;
      continue;
    }
    const idMatch = ID_ATTRIBUTE.exec(attributes ?? '');
    const id = idMatch ? (idMatch[1] ?? idMatch[2] ?? null) : null;
    const enclosingId = open.at(-1)?.inheritedId ?? null;
    tags.push({ offset: match.index, text, id, enclosingId });
    if (!selfClosing) open.push({ name, inheritedId: id ?? enclosingId });
  }
  return tags;
}

function findLineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

/** Index of the last item whose key is ≤ `value` (items sorted by key), or 0. */
function lastIndexAtOrBefore<T>(items: readonly T[], value: number, key: (item: T) => number): number {
  let low = 0;
  let high = items.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (key(items[mid] as T) <= value) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
