// One map component for every page that shows places (service map, institutions, dispatch board).
// A page includes core/partials/map.html and a json_script of layers:
//   [{"name": "养老机构", "color": "#0b4a8b", "points": [{"lat": 37.98, "lng": 106.2,
//     "label": "…", "lines": ["…"], "url": "/…", "size": 12}]}]
// A layer with "route": true is also joined by a line through its points in order (a caregiver's
// day: start place, visits, and with "closed": true back to the first point). A point with
// "hollow": true is drawn as a ring (a start place rather than a stop).
// With no tile address configured (an intranet without a tile server) the points are drawn on a plain
// background with a scale, so the map still works offline; nothing is ever fetched from the internet.
(function () {
  "use strict";

  function popup(point) {
    const box = document.createElement("div");
    const title = document.createElement(point.url ? "a" : "strong");
    title.textContent = point.label || "";
    if (point.url) title.href = point.url;
    box.appendChild(title);
    (point.lines || []).forEach(function (line) {
      const row = document.createElement("div");
      row.textContent = line;
      box.appendChild(row);
    });
    return box;
  }

  // A size (a count of elders, free beds …) becomes an area, not a radius, so twice as many looks
  // twice as big; capped so one large community cannot cover its neighbours.
  function radius(point) {
    if (!point.size) return 6;
    return Math.min(30, 4 + 2.2 * Math.sqrt(point.size));
  }

  function draw(element) {
    const source = document.getElementById(element.dataset.layers);
    const layers = source ? JSON.parse(source.textContent) : [];
    const tiles = element.dataset.tiles;
    const map = L.map(element, { preferCanvas: true, zoomControl: true, attributionControl: !!tiles });
    if (tiles) {
      L.tileLayer(tiles, { attribution: element.dataset.attribution || "", maxZoom: 19 }).addTo(map);
    } else {
      element.classList.add("yy-map-plain");
    }
    L.control.scale({ imperial: false }).addTo(map);

    const bounds = L.latLngBounds([]);
    const overlays = {};
    layers.forEach(function (layer) {
      const group = L.featureGroup();
      layer.points.forEach(function (point) {
        const marker = L.circleMarker([point.lat, point.lng], {
          radius: point.hollow ? 8 : radius(point), color: layer.color, weight: point.hollow ? 3 : 1.5,
          fillColor: point.hollow ? "#ffffff" : layer.color, fillOpacity: point.size ? 0.35 : (point.hollow ? 1 : 0.8),
        });
        marker.bindPopup(popup(point));
        if (point.label) marker.bindTooltip(point.label);
        marker.addTo(group);
        bounds.extend([point.lat, point.lng]);
      });
      if (layer.route && layer.points.length > 1) {
        const path = layer.points.map(function (point) { return [point.lat, point.lng]; });
        if (layer.closed) path.push(path[0]);
        L.polyline(path, { color: layer.color, weight: 3, opacity: 0.75 }).addTo(group);
      }
      group.addTo(map);
      const swatch = '<span class="yy-map-swatch" style="background:' + layer.color + '"></span>';
      overlays[swatch + layer.name.replace(/</g, "&lt;")] = group;
    });
    if (layers.length > 1) L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    if (bounds.isValid()) {
      map.fitBounds(bounds.pad(0.15), { maxZoom: 16 });
    } else {
      map.setView([parseFloat(element.dataset.lat), parseFloat(element.dataset.lng)], 11);
    }
    element.yyMap = map;
    element.dataset.ready = "1";
  }

  function start() {
    document.querySelectorAll(".yy-map[data-layers]").forEach(draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
