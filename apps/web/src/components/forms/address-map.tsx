import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { createEffect, onCleanup, onMount } from 'solid-js';
import { openCommuneMap } from '../map-base.ts';
import type { CommuneMap } from './form-state.ts';

type Point = { lat: number; lon: number };

/** Six decimals: about ten centimetres, what the answer keeps. */
const rounded = (latlng: L.LatLng): Point => ({ lat: Number(latlng.lat.toFixed(6)), lon: Number(latlng.lng.toFixed(6)) });

/**
 * The commune's map under an address field, loaded only when the citizen opens it (Leaflet is
 * kept off every other page): a click places the point, the pin can be dragged, and from the
 * keyboard the map moves with the arrows and « Placer le point au centre de la carte » places it.
 * It follows the point when the search or the position sets it.
 */
export default function AddressMap(props: { map: CommuneMap; point: Point | undefined; label: string; onPlace: (point: Point) => void }) {
  let container!: HTMLDivElement;
  let view: L.Map | undefined;
  let pin: L.Marker | undefined;

  onMount(() => {
    const start = props.point ?? props.map.center;
    view = openCommuneMap(container, props.map, start, props.point ? 18 : props.map.zoom);
    view.on('click', (event: L.LeafletMouseEvent) => props.onPlace(rounded(event.latlng)));
  });

  createEffect(() => {
    const point = props.point;
    if (!view) return;
    if (!point) {
      pin?.remove();
      pin = undefined;
      return;
    }
    const at = L.latLng(point.lat, point.lon);
    if (!pin) {
      pin = L.marker(at, { icon: L.divIcon({ className: 'map-pin', html: '<span></span>', iconSize: [24, 24], iconAnchor: [12, 24] }), draggable: true, keyboard: false });
      pin.on('dragend', () => props.onPlace(rounded(pin!.getLatLng())));
      pin.addTo(view);
    } else {
      pin.setLatLng(at);
    }
    if (!view.getBounds().contains(at)) view.setView(at, Math.max(view.getZoom(), 17));
  });

  onCleanup(() => view?.remove());

  return (
    <div class="address-map">
      <div ref={container} class="address-map__view" role="region" aria-label={`Carte : ${props.label}`} />
      <p class="hint">Cliquez sur la carte pour placer le point, ou déplacez la carte avec les flèches du clavier puis placez-le au centre.</p>
      <button type="button" class="button button--secondary button--small" onClick={() => view && props.onPlace(rounded(view.getCenter()))}>
        Placer le point au centre de la carte
      </button>
    </div>
  );
}

/** Leaflet writes the attribution as HTML: a setting's text must stay text. */
