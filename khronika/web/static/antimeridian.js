// Polygons cut at the antimeridian. world-atlas stitches Russia, Fiji and Antarctica across
// 180° for spherical drawing (d3); Leaflet draws on a plane, where a ring stepping from 179° to
// -179° becomes a stripe across the whole map. Each ring is first made continuous (longitudes
// may pass 180°), a ring around a pole is closed along the pole, and the ring is then clipped
// into 360°-wide windows, each shifted back into [-180°, 180°].
(function (K) {
  "use strict";

  function unwrap(ring) {
    var out = [[ring[0][0], ring[0][1]]];
    for (var i = 1; i < ring.length; i++) {
      var lon = ring[i][0];
      var previous = out[i - 1][0];
      while (lon - previous > 180) lon -= 360;
      while (lon - previous < -180) lon += 360;
      out.push([lon, ring[i][1]]);
    }
    return out;
  }

  // Sutherland–Hodgman against one vertical line: keep the side where sign * (lon - x) >= 0.
  function clip(ring, x, sign) {
    var out = [];
    for (var i = 0; i < ring.length; i++) {
      var a = ring[i];
      var b = ring[(i + 1) % ring.length];
      var aIn = sign * (a[0] - x) >= 0;
      var bIn = sign * (b[0] - x) >= 0;
      if (aIn) out.push(a);
      if (aIn !== bIn) {
        var t = (x - a[0]) / (b[0] - a[0]);
        out.push([x, a[1] + t * (b[1] - a[1])]);
      }
    }
    return out;
  }

  // One ring as pieces per 360° window: {window index: open ring}.
  function pieces(ring) {
    var full = unwrap(ring);
    var open = full.slice(0, full.length - 1);
    var end = full[full.length - 1];
    if (Math.abs(end[0] - open[0][0]) > 180) {
      // Around a pole: go on to the pole and back along it, which closes the ring.
      var sum = 0;
      open.forEach(function (p) { sum += p[1]; });
      var pole = sum < 0 ? -90 : 90;
      open.push(end, [end[0], pole], [open[0][0], pole]);
    }
    var lons = open.map(function (p) { return p[0]; });
    var low = Math.floor((Math.min.apply(null, lons) + 180) / 360);
    var high = Math.floor((Math.max.apply(null, lons) + 180) / 360);
    var found = {};
    for (var k = low; k <= high; k++) {
      var west = -180 + 360 * k;
      var part = clip(clip(open, west, 1), west + 360, -1);
      if (part.length >= 3) {
        found[k] = part.map(function (p) { return [p[0] - 360 * k, p[1]]; });
      }
    }
    return found;
  }

  function close(ring) { return ring.concat([ring[0]]); }

  // A polygon (outer ring and holes) as polygons that never cross 180°.
  function cutPolygon(rings) {
    var outer = pieces(rings[0]);
    var holes = rings.slice(1).map(pieces);
    return Object.keys(outer).map(function (k) {
      var polygon = [close(outer[k])];
      holes.forEach(function (hole) { if (hole[k]) polygon.push(close(hole[k])); });
      return polygon;
    });
  }

  function cutGeometry(geometry) {
    if (!geometry) return geometry;
    var polygons;
    if (geometry.type === "Polygon") polygons = [geometry.coordinates];
    else if (geometry.type === "MultiPolygon") polygons = geometry.coordinates;
    else return geometry;
    var cut = [];
    polygons.forEach(function (polygon) { cut = cut.concat(cutPolygon(polygon)); });
    return { type: "MultiPolygon", coordinates: cut };
  }

  // A FeatureCollection (or a Feature) with every polygon cut at the antimeridian.
  K.cutAntimeridian = function (geojson) {
    if (geojson.type === "FeatureCollection") {
      return {
        type: "FeatureCollection",
        features: geojson.features.map(K.cutAntimeridian),
      };
    }
    return {
      type: "Feature",
      id: geojson.id,
      properties: geojson.properties,
      geometry: cutGeometry(geojson.geometry),
    };
  };
})(window.Khronika);
