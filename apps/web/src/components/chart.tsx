import { createEffect, createResource } from 'solid-js';

type Plot = typeof import('@observablehq/plot');

/**
 * A chart drawn by Observable Plot, as SVG (sharp when zoomed, printed, or read in high contrast).
 * The library, with the parts of d3 it uses, is fetched when the first chart is shown: the pages
 * without statistics never load it. A chart is a picture of the table beside it, which stays the
 * way to read the figures (screen readers are pointed there by the chart's name).
 */
export function Chart(props: { label: string; draw: (plot: Plot) => Element }) {
  const [plot] = createResource(() => import('@observablehq/plot'));
  let holder!: HTMLDivElement;
  createEffect(() => {
    // Its file failed to load (a deployment since the page opened): the table still gives the figures.
    if (plot.error) return;
    const library = plot();
    if (!library) return;
    const drawing = props.draw(library);
    // Plot names its marks' groups for assistive technologies, where ARIA allows no name (a group
    // without a role); the picture as a whole is named instead.
    for (const part of drawing.querySelectorAll('[aria-label], [aria-description]')) {
      part.removeAttribute('aria-label');
      part.removeAttribute('aria-description');
    }
    drawing.setAttribute('role', 'img');
    drawing.setAttribute('aria-label', `${props.label} (graphique ; les chiffres sont dans le tableau qui suit)`);
    holder.replaceChildren(drawing);
  });
  return <div class="chart" ref={holder} />;
}

const shortDay = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const shortMonth = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: '2-digit', timeZone: 'UTC' });

/** Requests filed each day of the period (each month beyond three months), as columns. */
export function seriesColumns(series: { unit: 'jour' | 'mois'; points: { start: string; count: number }[] }) {
  const daily = series.unit === 'jour';
  return (plot: Plot) =>
    plot.plot({
      height: 220,
      marginLeft: 48,
      x: { type: 'utc', label: null, tickFormat: (start: Date) => (daily ? shortDay : shortMonth).format(start) },
      y: { grid: true, label: 'Demandes', tickFormat: (count: number) => (Number.isInteger(count) ? String(count) : '') },
      marks: [plot.rectY(series.points, { x: (point: { start: string }) => new Date(point.start), y: 'count', interval: daily ? 'day' : 'month', fill: '#000091', inset: 1 }), plot.ruleY([0])],
    });
}

/** Counts by a named category (a channel, a service, a rating), as horizontal bars with their value. */
export function namedBars(rows: (readonly [string, number])[], counted = 'Demandes') {
  const data = rows.map(([name, count]) => ({ name, count }));
  const longest = Math.max(0, ...data.map((row) => row.name.length));
  return (plot: Plot) =>
    plot.plot({
      height: 32 * data.length + 40,
      marginLeft: Math.min(260, 12 + 7 * longest),
      marginRight: 40,
      x: { grid: true, label: counted, tickFormat: (count: number) => (Number.isInteger(count) ? String(count) : '') },
      y: { label: null, domain: data.map((row) => row.name) },
      marks: [
        plot.barX(data, { y: 'name', x: 'count', fill: '#000091' }),
        plot.text(data, { y: 'name', x: 'count', text: (row: { count: number }) => String(row.count), dx: 6, textAnchor: 'start', fill: 'currentColor' }),
        plot.ruleX([0]),
      ],
    });
}
