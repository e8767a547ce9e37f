/* controlmap map: area shapes by zoom. The payload sends every area's part and outline once
 * per level of detail (render/geometry.py: simplified as one coverage, so neighbours keep
 * their shared borders; integers on a 1e-5 degree grid, each ring delta-encoded). Here they
 * are decoded (once per level, on first need) into the features' GeoJSON, and a pane swaps
 * its paths' points when the zoom crosses into another level. Many areas or vertices: the
 * areas go on a canvas (one element; Leaflet still hit-tests it for clicks and hovers), with
 * the SVG fill patterns (hatches, stale dots) redrawn as canvas patterns.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var L = global.L;
  var colour = lib.colour;

  function decodeRing(ring, scale) {
    var out = [], x = 0, y = 0;
    for (var k = 0; k + 1 < ring.length; k += 2) {
      x += ring[k]; y += ring[k + 1];
      out.push([x / scale, y / scale]);
    }
    if (out.length) out.push(out[0]);
    return out;
  }
  function decode(enc, scale) {
    if (!enc) return null;
    return {type: 'MultiPolygon', coordinates: enc.map(function (poly) {
      return poly.map(function (ring) { return decodeRing(ring, scale); });
    })};
  }

  // The level of detail for a zoom: the last whose min_zoom it reaches.
  function levelFor(geo, zoom) {
    var best = 0;
    geo.levels.forEach(function (lv, k) { if (zoom >= lv.min_zoom) best = k; });
    return best;
  }

  // Put level `k`'s shapes into the model's features (decoded once per level, then kept).
  function useLevel(model, k) {
    var geo = model.p.geometry;
    if (!geo) return null;
    geo.decoded = geo.decoded || [];
    if (!geo.decoded[k]) {
      var parts = geo.parts[k].map(function (e) { return decode(e, geo.scale); });
      geo.decoded[k] = {parts: parts, outlines: geo.outlines[k].map(function (e, i) {
        return e === 0 ? parts[i] : decode(e, geo.scale);
      })};
    }
    var d = geo.decoded[k];
    model.areas.forEach(function (f, i) {
      f.geometry = d.parts[i];
      f.properties.outline = d.outlines[i];
    });
    return k;
  }
  lib.useGeometry = function (model, zoom) {
    return model.p.geometry ? useLevel(model, levelFor(model.p.geometry, zoom)) : null;
  };
  lib.wantsCanvas = function (model) { return !!(model.p.geometry && model.p.geometry.canvas); };

  // The areas' canvas. A date step restyles hundreds of areas (their fade changes by the
  // day), so Leaflet redraws them all; its stock redraw walks every vertex of every area
  // through a moveTo/lineTo call each time. Here each path's points become a Path2D once,
  // rebuilt only when Leaflet reprojects the path (a zoom, a pan's moveend, new shapes:
  // each gives the layer a new `_parts` array), so a redraw is one fill per area.
  // Hit-testing is Leaflet's own, from `_parts`, unchanged.
  function toPath2D(parts, closed) {
    var path = new global.Path2D();
    for (var i = 0; i < parts.length; i++) {
      var ring = parts[i];
      for (var j = 0; j < ring.length; j++) {
        if (j) path.lineTo(ring[j].x, ring[j].y); else path.moveTo(ring[j].x, ring[j].y);
      }
      if (closed) path.closePath();
    }
    return path;
  }
  var AreaCanvas = L.Canvas.extend({
    _updatePoly: function (layer, closed) {
      if (!this._drawing || !global.Path2D) {
        L.Canvas.prototype._updatePoly.call(this, layer, closed);
        return;
      }
      var parts = layer._parts, ctx = this._ctx, o = layer.options;
      if (!parts.length) return;
      if (layer._cmPathOf !== parts) {
        layer._cmPath = toPath2D(parts, closed);
        layer._cmPathOf = parts;
      }
      // As Leaflet's _fillStroke, on the cached path.
      if (o.fill) {
        ctx.globalAlpha = o.fillOpacity;
        ctx.fillStyle = o.fillColor || o.color;
        ctx.fill(layer._cmPath, o.fillRule || 'evenodd');
      }
      if (o.stroke && o.weight !== 0) {
        if (ctx.setLineDash) ctx.setLineDash(o._dashArray || []);
        ctx.globalAlpha = o.opacity;
        ctx.lineWidth = o.weight;
        ctx.strokeStyle = o.color;
        ctx.lineCap = o.lineCap;
        ctx.lineJoin = o.lineJoin;
        ctx.stroke(layer._cmPath);
      }
    }
  });
  lib.areaCanvas = function (options) { return new AreaCanvas(options); };

  function setShape(group, geometry) {
    if (!group || !geometry) return;
    var latlngs = L.GeoJSON.coordsToLatLngs(geometry.coordinates, 2);
    group.eachLayer(function (l) { l.setLatLngs(latlngs); });
  }

  // After a zoom: the shapes of the level for the new zoom, on every path that shows them.
  lib.Pane.prototype.applyLevel = function () {
    var pane = this, model = pane.ctl.model, geo = model.p.geometry;
    if (!geo) return;
    var k = levelFor(geo, pane.map.getZoom());
    if (k === pane.level) return;
    pane.level = useLevel(model, k);
    model.areas.forEach(function (f, i) {
      setShape(pane.areaLayers[i], f.geometry);
      setShape(pane.outlineLayers && pane.outlineLayers[i], f.properties.outline);
      setShape(pane.wholeLayers && pane.wholeLayers[i], f.properties.outline);
    });
  };

  // A canvas fill for a hatched or stale status: the SVG pattern of helpers.addPatterns drawn
  // on a small tile. Its toString is its id, so paint()'s style key tells patterns apart.
  lib.canvasFill = function (pane, status, stale) {
    var id = lib.patternId(pane.prefix, status, stale);
    pane.canvasFills = pane.canvasFills || {};
    if (pane.canvasFills[id]) return pane.canvasFills[id];
    var model = pane.ctl.model, s = model.style(status), n = 10;
    var tile = document.createElement('canvas');
    tile.width = n; tile.height = n;
    var c = tile.getContext('2d');
    c.fillStyle = colour(s.fill); c.fillRect(0, 0, n, n);
    c.strokeStyle = colour(s.edge); c.lineWidth = 2.2;
    function diag(a) {
      c.beginPath();
      if (a) { c.moveTo(-1, n + 1); c.lineTo(n + 1, -1); } else { c.moveTo(-1, -1); c.lineTo(n + 1, n + 1); }
      c.stroke();
    }
    if (s.hatch) diag(true);
    if (s.hatch === 'xx') diag(false);
    if (stale) {
      c.fillStyle = colour(model.palette.reference.stale_dots);
      c.beginPath(); c.arc(n / 2, n / 2, 1.3, 0, 2 * Math.PI); c.fill();
    }
    var pat = pane.renderer._ctx ? pane.renderer._ctx.createPattern(tile, 'repeat') : colour(s.fill);
    if (typeof pat === 'object') pat.toString = function () { return id; };
    pane.canvasFills[id] = pat;
    return pat;
  };
})(window);
