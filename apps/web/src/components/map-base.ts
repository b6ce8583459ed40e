import L from 'leaflet';
import type { CommuneMap } from './forms/form-state.ts';

/**
 * A Leaflet map on the commune's tiles, as every map of the platform opens: French zoom buttons,
 * the attribution the tiles' licence asks for (as text, never markup), no other control.
 */
export function openCommuneMap(container: HTMLElement, map: CommuneMap, at: { lat: number; lon: number }, zoom: number): L.Map {
  const view = L.map(container, { zoomControl: false, attributionControl: false }).setView([at.lat, at.lon], zoom);
  L.control.zoom({ zoomInTitle: 'Zoomer', zoomOutTitle: 'Dézoomer' }).addTo(view);
  L.control.attribution({ prefix: false }).addAttribution(escapeHtml(map.tiles.attribution)).addTo(view);
  L.tileLayer(map.tiles.url, { maxZoom: 19 }).addTo(view);
  return view;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
