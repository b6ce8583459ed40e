import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { createEffect, onCleanup, onMount } from 'solid-js';
import type { CommuneIndicators } from '../api.ts';
import type { CommuneMap } from './forms/form-state.ts';
import { openCommuneMap } from './map-base.ts';

type Places = NonNullable<CommuneIndicators['places']>;

/** Half a map cell (0.01°): a cell is drawn as the square around its rounded point. */
const HALF_CELL = 0.005;

/**
 * The period's requests on the commune's map: each sector shaded by its filings, each map cell of
 * about a kilometre as a square, darker where more were filed. A picture of the tables beside it
 * (which stay the way to read the figures): nothing drawn on it answers a click.
 */
export default function PlacesMap(props: { map: CommuneMap; places: Places }) {
  let container!: HTMLDivElement;
  let view: L.Map | undefined;
  const layer = L.layerGroup();

  onMount(() => {
    view = openCommuneMap(container, props.map, { lat: props.map.center.lat, lon: props.map.center.lon }, props.map.zoom);
    layer.addTo(view);
  });
  onCleanup(() => view?.remove());

  let framed = false;
  createEffect(() => {
    layer.clearLayers();
    const sectors = props.places.sectors.filter((sector) => sector.polygon !== null);
    const mostInSector = Math.max(1, ...sectors.map((sector) => sector.filed));
    for (const sector of sectors) {
      const outline = sector.polygon!.map(([longitude, latitude]) => L.latLng(latitude, longitude));
      L.polygon(outline, { interactive: false, color: '#000091', weight: 2, fillColor: '#000091', fillOpacity: 0.05 + 0.35 * (sector.filed / mostInSector) }).addTo(layer);
    }
    const mostInCell = Math.max(1, ...props.places.cells.map((cell) => cell.filed));
    for (const cell of props.places.cells) {
      const square = L.latLngBounds([cell.latitude - HALF_CELL, cell.longitude - HALF_CELL], [cell.latitude + HALF_CELL, cell.longitude + HALF_CELL]);
      L.rectangle(square, { interactive: false, stroke: false, fillColor: '#ce0500', fillOpacity: 0.15 + 0.6 * (cell.filed / mostInCell) }).addTo(layer);
    }
    // The first drawing frames what it shows; the agent's own moves are kept after.
    const shown = L.featureGroup(layer.getLayers()).getBounds();
    if (!framed && view && shown.isValid()) view.fitBounds(shown, { padding: [16, 16], maxZoom: 16 });
    framed = true;
  });

  return <div class="places-map" ref={container} role="region" aria-label="Carte des demandes par lieu (les tableaux ci-dessous en donnent les chiffres)" />;
}
