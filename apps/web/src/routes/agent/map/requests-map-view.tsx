import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import Supercluster, { type ClusterProperties } from 'supercluster';
import { useNavigate } from '@solidjs/router';
import { createEffect, onCleanup, onMount } from 'solid-js';
import { statuses } from '@guichet/workflow/statuses';
import type { RequestsMap } from '../../../api.ts';
import type { CommuneMap } from '../../../components/forms/form-state.ts';
import { openCommuneMap } from '../../../components/map-base.ts';
import { statusColours } from './status-colours.ts';

type Point = RequestsMap['requests'][number];

/**
 * The points on the commune's map, clustered where dense (a cluster says how many it holds and
 * zooms in when chosen); each point is a button named after its request that opens its desk.
 * The map is drawn again when the points or the view change.
 */
export default function RequestsMapView(props: { map: CommuneMap; points: readonly Point[] }) {
  const navigate = useNavigate();
  let container!: HTMLDivElement;
  let view: L.Map | undefined;
  const layer = L.layerGroup();
  let index = new Supercluster<Point>({ radius: 50, maxZoom: 18 });

  function draw() {
    if (!view) return;
    layer.clearLayers();
    const bounds = view.getBounds();
    const box: [number, number, number, number] = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
    for (const feature of index.getClusters(box, Math.round(view.getZoom()))) {
      const [lon, lat] = feature.geometry.coordinates as [number, number];
      const properties = feature.properties as Point | ClusterProperties;
      if ('cluster' in properties && properties.cluster) {
        const clusterId = properties.cluster_id;
        const name = `${properties.point_count} demandes ici : zoomer`;
        L.marker([lat, lon], {
          icon: L.divIcon({ className: 'map-cluster', html: `<span aria-hidden="true">${properties.point_count}</span><span class="visually-hidden">${name}</span>`, iconSize: [36, 36] }),
          title: name,
        })
          .on(activation(() => view!.setView([lat, lon], Math.min(index.getClusterExpansionZoom(clusterId), 19))))
          .addTo(layer);
      } else {
        const point = properties as Point;
        // The request's own words go in as text, never as markup.
        const name = `${point.reference} – ${point.summary} (${statuses[point.status].label})`;
        const label = document.createElement('span');
        label.className = 'visually-hidden';
        label.textContent = name;
        const dot = document.createElement('span');
        dot.setAttribute('aria-hidden', 'true');
        dot.style.background = statusColours[point.status];
        const html = document.createElement('span');
        html.append(dot, label);
        L.marker([lat, lon], {
          icon: L.divIcon({ className: 'map-point', html, iconSize: [20, 20] }),
          title: name,
        })
          .on(activation(() => navigate(`/agent/demandes/${point.id}`)))
          .addTo(layer);
      }
    }
  }

  onMount(() => {
    view = openCommuneMap(container, props.map, props.map.center, props.map.zoom);
    layer.addTo(view);
    view.on('moveend', draw);
  });

  createEffect(() => {
    index = new Supercluster<Point>({ radius: 50, maxZoom: 18 }).load(
      props.points.map((point) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [point.longitude, point.latitude] }, properties: point })),
    );
    draw();
  });

  onCleanup(() => view?.remove());

  return <div ref={container} class="requests-map" role="region" aria-label="Carte des demandes (la liste ci-dessous en donne le même contenu)" />;
}

/** A marker acts as the button it says it is: a click, or Enter or Space once it has the focus (Leaflet only makes it focusable). */
function activation(act: () => void): L.LeafletEventHandlerFnMap {
  return {
    click: act,
    keydown: (event) => {
      const key = (event as L.LeafletKeyboardEvent).originalEvent.key;
      if (key !== 'Enter' && key !== ' ') return;
      (event as L.LeafletKeyboardEvent).originalEvent.preventDefault();
      act();
    },
  };
}
