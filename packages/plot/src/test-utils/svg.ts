/** One mark group of a Vega SVG: its mark type and the number of items drawn. */
export interface SvgMark {
  type: string;
  items: number;
}

/**
 * The mark groups of an SVG rendered by Vega, in drawing order. Vega writes each mark as
 * `<g class="mark-TYPE role-mark …">` holding one element per item (a `<path>` per line or
 * rect, a `<line>` per rule, …), so counting the elements up to the group's `</g>` counts items.
 */
export function svgMarks(svg: string): SvgMark[] {
  const out: SvgMark[] = [];
  const re = /<g class="mark-(\w+) role-mark[^"]*"[^>]*>/g;
  for (let m = re.exec(svg); m; m = re.exec(svg)) {
    const end = svg.indexOf('</g>', m.index + m[0].length);
    const body = svg.slice(m.index + m[0].length, end);
    out.push({ type: m[1], items: (body.match(/<(path|line|text|rect|image)\b/g) ?? []).length });
  }
  return out;
}

/** Total items of one mark type. */
export function countItems(svg: string, type: string): number {
  return svgMarks(svg).filter((m) => m.type === type).reduce((s, m) => s + m.items, 0);
}

/** The text of every `<text>` element, XML entities left as written. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
}
