// The map: country outlines from world-atlas (TopoJSON via topojson-client, cut at the
// antimeridian) as the only base layer, since no tile server may be reached, and the filtered
// happenings on it. A happening placed at a site, a city or a region is a circle (a region's
// wider and fainter); one known only by its country shades the country and is never a point on
// it; how many have no place at all is said beside the map. Colour is the type, the outline the
// review status. Every file comes from this server.
(function (K) {
  "use strict";
  var box = document.getElementById("map");
  var count = document.getElementById("map-count");
  // No tile layer sets the zoom range, and marker clustering needs one: outlines at 1:110m
  // stay readable to about city level.
  var map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 10 }).setView([45, 40], 3);
  map.attributionControl.addAttribution("Outlines: Natural Earth via world-atlas");
  K.map = map;  // for the browser tests and the console
  // Room for the legend (bottom right) and the layer switch (top right) when fitting.
  var fit = { maxZoom: 8, paddingTopLeft: [20, 60], paddingBottomRight: [280, 20] };
  // Outlines under the shaded countries under the circles (Leaflet's overlay pane is 400), so
  // a shaded country never hides a point inside it from a click.
  map.createPane("outlines").style.zIndex = 300;
  map.createPane("countries").style.zIndex = 350;

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url.split("?")[0] + ": HTTP " + r.status);
      return r.json();
    });
  }

  function popup(p) {
    return "<a href=\"/events/" + encodeURIComponent(p.id) + "\"><strong>" + K.text(K.words(p.type)) +
      (p.subtype ? " / " + K.text(K.words(p.subtype)) : "") + "</strong></a><br>" +
      K.text(p.date) + " · " + K.text(p.place) + " <small>(place known to the " +
      K.text(p.precision) + ")</small><br>" + K.text(p.summary) +
      "<br><small>" + K.text(p.n_sources) + " source(s) · " + K.text(p.review) + "</small>";
  }

  function pointStyle(p) {
    var review = K.review(p.review);
    var region = p.precision === "region";
    return {
      radius: region ? 13 : 7,
      fillColor: K.colour(p.type),
      fillOpacity: p.review === "rejected" ? 0.2 : region ? 0.35 : 0.9,
      color: review.color,
      weight: review.weight,
      dashArray: review.dashArray,
      opacity: 1,
      className: "point review-" + p.review + " precision-" + p.precision,
    };
  }

  function circles(features) {
    return L.geoJSON({ type: "FeatureCollection", features: features }, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, pointStyle(feature.properties));
      },
      onEachFeature: function (feature, layer) { layer.bindPopup(popup(feature.properties)); },
    });
  }

  function countryPopup(c) {
    var items = c.happenings.map(function (p) {
      return "<li><a href=\"/events/" + encodeURIComponent(p.id) + "\">" + K.text(p.date) + " · " +
        K.text(K.words(p.type)) + "</a> " + K.text(p.summary) + " <small>(" + K.text(p.review) + ")</small></li>";
    });
    var more = c.count > c.happenings.length ? "<li>… and " + (c.count - c.happenings.length) + " more</li>" : "";
    return "<strong>" + K.text(c.name) + "</strong>: " + plural(c.count, "happening") +
      " known only by the country, not by a place in it<ul class=\"plain popup-list\">" + items.join("") + more + "</ul>";
  }

  function shadeStyle(n, most) {
    return {
      color: "#8a4b00", weight: 1.2, dashArray: "4 3", fillColor: "#f0a040",
      fillOpacity: n ? 0.25 + 0.45 * n / most : 0, opacity: n ? 1 : 0, className: "country-shade",
    };
  }

  // The countries to shade, over the outlines; the darker, the more happenings.
  function countriesLayer(outlines, byNumeric, most) {
    var shaded = outlines.features.filter(function (f) { return byNumeric[f.id]; });
    return L.geoJSON({ type: "FeatureCollection", features: shaded }, {
      pane: "countries",
      style: function (f) { return shadeStyle(byNumeric[f.id].count, most); },
      onEachFeature: function (f, layer) {
        var c = byNumeric[f.id];
        layer.bindTooltip(K.text(c.name) + ": " + plural(c.count, "happening") + " known only by the country");
        layer.bindPopup(countryPopup(c), { maxHeight: 300 });
      },
    });
  }

  function legend(types) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend");
      var rows = types.map(function (t) {
        return "<li>" + K.swatch(K.colour(t), null, 6) + " " + K.text(K.words(t)) + "</li>";
      });
      var reviews = Object.keys(K.reviews).map(function (s) {
        return "<li>" + K.swatch("#bbbbbb", s, 6) + " " + K.text(K.reviews[s].label) + "</li>";
      });
      div.innerHTML = "<strong>Type</strong><ul class=\"plain\">" + rows.join("") + "</ul>" +
        "<strong>Review</strong><ul class=\"plain\">" + reviews.join("") + "</ul>" +
        "<strong>Place known to the</strong><ul class=\"plain\">" +
        "<li>" + K.swatch("#666666", null, 5) + " site or city</li>" +
        "<li>" + K.swatch("#cccccc", null, 9) + " region (wide, faint)</li>" +
        "<li><span class=\"legend-country\"></span> country only (shaded)</li></ul>";
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    return control;
  }

  function typesOf(data) {
    var seen = {};
    data.features.forEach(function (f) { seen[f.properties.type] = true; });
    data.countries.forEach(function (c) { c.happenings.forEach(function (p) { seen[p.type] = true; }); });
    return Object.keys(K.types).filter(function (t) { return seen[t]; });
  }

  function extent(data) {
    var spans = [];
    data.features.forEach(function (f) { if (f.properties.start) spans.push([f.properties.start, f.properties.stop]); });
    data.countries.forEach(function (c) { c.spans.forEach(function (s) { if (s[0]) spans.push(s); }); });
    if (!spans.length) return null;
    var ms = function (d) { return Date.parse(d + "T00:00:00Z"); };
    return [
      Math.min.apply(null, spans.map(function (s) { return ms(s[0]); })),
      Math.max.apply(null, spans.map(function (s) { return ms(s[1]); })),
    ];
  }

  function describe(data, markers, shaded, whole) {
    box.dataset.total = String(data.total);
    box.dataset.markers = String(markers);
    box.dataset.shaded = String(shaded);
    box.dataset.unplaced = String(data.unplaced);
    count.textContent = plural(data.total, "happening") + ": " + data.features.length +
      " placed at a site, city or region (circles), " +
      data.countries.reduce(function (n, c) { return n + c.count; }, 0) +
      " known only by their country (shaded), " + data.unplaced + " with no place (not on the map)" +
      (whole ? "" : "; in the time window: " + markers + " circles, " + shaded + " shaded");
  }

  var outlines = getJson(box.dataset.countries).then(function (topo) {
    var land = K.cutAntimeridian(topojson.feature(topo, topo.objects.countries));
    L.geoJSON(land, {
      style: { color: "#8a8f98", weight: 0.7, fillColor: "#eef0f2", fillOpacity: 1 },
      interactive: false,
      pane: "outlines",
    }).addTo(map);
    return land;
  });

  function show(data, land) {
    var byNumeric = {};
    var most = 1;
    data.countries.forEach(function (c) { byNumeric[c.numeric] = c; most = Math.max(most, c.count); });
    var points = L.markerClusterGroup({ maxClusterRadius: 30 }).addLayer(circles(data.features));
    map.addLayer(points);
    var overlays = { "Placed (site, city, region)": points };
    var shade = null;
    if (land) {
      shade = countriesLayer(land, byNumeric, most).addTo(map);
      overlays["Known only by country (shaded)"] = shade;
    } else {
      count.textContent += " · country outlines missing (run npm ci): no country shaded";
    }
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    legend(typesOf(data)).addTo(map);
    var bounds = data.features.length ? points.getBounds() : null;
    if (shade && data.countries.length) {
      bounds = bounds ? bounds.extend(shade.getBounds()) : shade.getBounds();
    }
    if (bounds && bounds.isValid()) map.fitBounds(bounds, fit);

    function narrow(from, to, whole) {
      var kept = data.features.filter(function (f) {
        return K.inWindow(f.properties.start, f.properties.stop, from, to, whole);
      });
      points.clearLayers();
      points.addLayer(circles(kept));
      var shaded = 0;
      data.countries.forEach(function (c) {
        c.inWindow = c.spans.filter(function (s) { return K.inWindow(s[0], s[1], from, to, whole); }).length;
        shaded += c.inWindow;
      });
      if (shade) {
        shade.eachLayer(function (layer) { layer.setStyle(shadeStyle(byNumeric[layer.feature.id].inWindow, most)); });
      }
      describe(data, kept.length, shaded, whole);
    }

    var span = extent(data);
    if (span) K.timeSlider(document.getElementById("time-slider"), span, narrow);
    else narrow(0, 0, true);
    box.dataset.drawn = "yes";
  }

  getJson(box.dataset.points).then(function (data) {
    return outlines.then(function (land) { show(data, land); }, function () { show(data, null); });
  }).catch(function (error) { count.textContent = "could not load the happenings: " + error; });
})(window.Khronika);
