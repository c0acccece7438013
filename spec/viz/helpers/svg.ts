/** Parse SVG text strictly as XML (any error or warning fails the test) and query it. */
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';

export function parseSvg(svg: string): Document {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`SVG is not well-formed XML (${level}): ${message}`);
    },
  }).parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  if (root?.tagName !== 'svg') throw new Error(`root element is ${root?.tagName}, not svg`);
  return doc;
}

export const elements = (doc: Document, tag: string): Element[] => Array.from(doc.getElementsByTagName(tag));

/** The texts of all `<text>` elements. */
export const texts = (doc: Document): string[] => elements(doc, 'text').map((e) => e.textContent ?? '');

/**
 * Vega's marks: `<g class="mark-{type} role-{role} ...">` groups, one item element per mark
 * (rects and symbols as `<path>`, rules as `<line>`, a line or area as one `<path>`).
 */
export function markItems(doc: Document, type: string, role = 'mark'): Element[] {
  return elements(doc, 'g')
    .filter((g) => {
      const classes = (g.getAttribute('class') ?? '').split(/\s+/);
      return classes.includes(`mark-${type}`) && classes.includes(`role-${role}`);
    })
    .flatMap((g) => Array.from(g.childNodes).filter((n): n is Element => n.nodeType === 1));
}
