// The map: country outlines from world-atlas (TopoJSON, converted with topojson-client) as the
// only base layer, since no tile server may be reached, and the filtered happenings on top,
// clustered. Both files come from this server.
(function () {
  "use strict";
  var box = document.getElementById("map");
  var count = document.getElementById("map-count");
  // No tile layer sets the zoom range, and marker clustering needs one: outlines at 1:110m
  // stay readable to about city level.
  var map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 10 }).setView([45, 40], 3);
  map.attributionControl.addAttribution("Outlines: Natural Earth via world-atlas");

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;
  }

  fetch(box.dataset.countries)
    .then(function (r) { return r.json(); })
    .then(function (topo) {
      var land = topojson.feature(topo, topo.objects.countries);
      L.geoJSON(land, {
        style: { color: "#8a8f98", weight: 0.7, fillColor: "#eef0f2", fillOpacity: 1 },
        interactive: false,
      }).addTo(map).bringToBack();
    })
    .catch(function () { count.textContent = "country outlines missing (run npm ci)"; });

  fetch(box.dataset.points, { credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    })
    .then(function (collection) {
      var cluster = L.markerClusterGroup();
      var points = L.geoJSON(collection, {
        pointToLayer: function (feature, latlng) { return L.marker(latlng); },
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          layer.bindPopup(
            "<a href=\"/events/" + encodeURIComponent(p.id) + "\"><strong>" + text(p.type) +
            (p.subtype ? " / " + text(p.subtype) : "") + "</strong></a><br>" +
            text(p.date) + " · " + text(p.place) + "<br>" + text(p.summary) +
            "<br><small>" + text(p.n_sources) + " source(s) · " + text(p.review) + "</small>"
          );
        },
      });
      cluster.addLayer(points);
      map.addLayer(cluster);
      var n = collection.features.length;
      count.textContent = n + " happening" + (n === 1 ? "" : "s") + " with coordinates";
      if (n > 0) map.fitBounds(cluster.getBounds(), { maxZoom: 8, padding: [20, 20] });
      box.dataset.markers = String(n);
    })
    .catch(function (error) { count.textContent = "could not load the happenings: " + error; });
})();
