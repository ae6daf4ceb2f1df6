/** A selected span of one response's text, in UTF-16 offsets (what `addQuote` takes). */
export interface QuoteSpan {
  responseId: string;
  start: number;
  end: number;
}

/** The attribute that marks the element holding a response's text, with the response id as value. */
export const quoteSourceAttribute = 'data-quote-source';

function elementOf(node: Node): Element | null {
  return node.nodeType === 1 ? (node as Element) : node.parentElement;
}

function offsetIn(container: Element, node: Node, offset: number): number {
  const before = container.ownerDocument.createRange();
  before.selectNodeContents(container);
  before.setEnd(node, offset);
  return before.toString().length;
}

/**
 * The span of a response selected in the page, or null when the selection is empty or does not lie
 * inside one response's text. The text element must contain nothing but the text (highlights are
 * spans around parts of it), so characters in the DOM are characters of the response.
 *
 * @example selectedQuote(window.getSelection()) // { responseId: 'r1', start: 4, end: 19 }
 */
export function selectedQuote(selection: Selection | null): QuoteSpan | null {
  if (selection === null || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const source = elementOf(range.commonAncestorContainer)?.closest(`[${quoteSourceAttribute}]`);
  const responseId = source?.getAttribute(quoteSourceAttribute);
  if (!source || !responseId) return null;
  const start = offsetIn(source, range.startContainer, range.startOffset);
  const end = offsetIn(source, range.endContainer, range.endOffset);
  return end > start ? { responseId, start, end } : null;
}

/**
 * Clamps a span to a text and trims white space at both ends (a double-click or a drag often takes a
 * trailing space). Null when nothing is left.
 */
export function trimSpan(text: string, span: QuoteSpan): QuoteSpan | null {
  let start = Math.max(0, Math.min(text.length, span.start));
  let end = Math.max(start, Math.min(text.length, span.end));
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return end > start ? { ...span, start, end } : null;
}
