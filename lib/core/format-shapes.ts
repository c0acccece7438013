/**
 * `formatShapes`: the batch | event shape table of a trace (Pyro's `Trace.format_shapes`),
 * appended to every shape error.
 *
 * ```
 *  Trace Shapes:
 *   Param Sites:
 *    encoder$$$w  16 64
 *  Sample Sites:
 *         a dist 256 |  8
 *          value 256 |  8
 * ```
 *
 * @module
 */
import type { Site } from './effect.js';
import type { Trace } from './trace.js';

type Row = readonly string[];

function sampleRows(site: Extract<Site, { type: 'sample' }>): readonly Row[] {
  const { batchShape, eventShape } = site.fn;
  const valueEventRank = Math.min(eventShape.length, site.value.rank);
  const valueBatch = site.value.shape.slice(0, site.value.rank - valueEventRank);
  const valueEvent = site.value.shape.slice(site.value.rank - valueEventRank);
  return [
    [site.name, 'dist', ...batchShape.map(String), '|', ...eventShape.map(String)],
    ['', 'value', ...valueBatch.map(String), '|', ...valueEvent.map(String)],
  ];
}

/** Right-justify the batch part and left-justify the event part around the bar. */
function render(rows: readonly Row[]): string {
  const split = rows.map((r) => {
    const bar = r.indexOf('|');
    return bar < 0 ? { left: r, right: [] as string[] } : { left: r.slice(0, bar + 1), right: r.slice(bar + 1) };
  });
  const leftCols = Math.max(0, ...split.map((s) => s.left.length));
  const rightCols = Math.max(0, ...split.map((s) => s.right.length));
  const padLeft = split.map((s) => [...s.left.slice(0, 2), ...new Array<string>(leftCols - s.left.length).fill(''), ...s.left.slice(2)]);
  const widths = Array.from({ length: leftCols }, (_, c) => Math.max(0, ...padLeft.map((r) => r[c]?.length ?? 0)));
  const rightWidths = Array.from({ length: rightCols }, (_, c) => Math.max(0, ...split.map((s) => s.right[c]?.length ?? 0)));
  return padLeft
    .map((r, i) => {
      const left = r.map((cell, c) => cell.padStart(widths[c] ?? 0)).join(' ');
      const right = split[i]!.right.map((cell, c) => cell.padEnd(rightWidths[c] ?? 0)).join(' ');
      return `${left} ${right}`.trimEnd();
    })
    .join('\n');
}

/**
 * The shape table of a trace (or of a list of sites): for each param site its shape, and for
 * each sample site the distribution's `batch | event` shape and the value's shape split the
 * same way. Plates are listed with their dim (or `sequential`) and size.
 *
 * @example
 * ```ts
 * console.log(formatShapes(simulate(model, { key })(data)));
 * ```
 * @category inspection
 * @since 0.1.0
 */
export function formatShapes(trace: Trace | Iterable<Site>): string {
  const sites = [...('sites' in trace ? trace.sites.values() : trace)];
  const plates = sites.flatMap((s) =>
    s.type === 'plate'
      ? [`${s.name}[${s.frame.dim === undefined ? 'sequential' : `dim ${s.frame.dim}`}, size ${s.frame.subsampleSize}${s.frame.subsampleSize === s.size ? '' : ` of ${s.size}`}]`]
      : [],
  );
  const params: Row[] = sites.flatMap((s) => (s.type === 'param' ? [[s.name, '', ...s.value.shape.map(String)]] : []));
  const samples = sites.flatMap((s) => (s.type === 'sample' ? sampleRows(s) : []));
  const rows: Row[] = [['Trace Shapes:', ''], ['Param Sites:', ''], ...params, ['Sample Sites:', ''], ...samples];
  const table = render(rows);
  return plates.length === 0 ? table : `Plates: ${plates.join(', ')}\n${table}`;
}
