/* controlmap map: the context layers that orient a reader (built-up areas, hromada outlines,
 * the state border, the rivers, towns) and their labels, placed without collisions.
 *
 * Labels are placed greedily in priority order (the areas' own labels, rank-1 towns, the
 * rivers and the border, then other towns by population) against an R-tree of the boxes
 * already placed (rbush, vendored under static/rbush/, MIT); a label whose every candidate
 * position hits a placed box is left out. Placement is redone after every zoom and pan.
 * The optional web basemap says so on the map when its tiles cannot load.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var L = global.L;
  var h = lib.h, add = lib.add, colour = lib.colour, Pane = lib.Pane;

  var GAP = 6;          // px between a town's dot and its label
  var RANK2_FROM = 10;  // zoom from which towns of rank 2 are labelled at all
  // Layers drawn unless switched off; the others only when asked for.
  var ON_BY_DEFAULT = {oskil: true, towns: true, border: true};
  var CONTEXT = ['builtup', 'hromadas', 'border', 'oskil', 'towns'];

  function lineStyle(ref, p) {
    if (p.kind === 'reservoir') {
      return {color: colour(ref.river), weight: 0.8, opacity: 0.9,
              fillColor: colour(ref.water), fillOpacity: 0.9};
    }
    var major = p.id === 'oskil';
    return {color: colour(major ? ref.river : ref.river_minor), weight: major ? 3.2 : 1.6,
            opacity: major ? 0.95 : 0.85, fill: false};
  }

  function labelMarker(latlng, cls, text) {
    var span = h('span', null, text);
    var m = L.marker(latlng, {pane: 'cmLabels', interactive: false, keyboard: false,
      icon: L.divIcon({className: cls, html: span, iconSize: null})});
    return {marker: m, span: span};
  }

  // The parts of a (Multi)LineString, each a list of L.LatLng.
  function lineParts(geom) {
    var lines = geom.type === 'LineString' ? [geom.coordinates]
      : geom.type === 'MultiLineString' ? geom.coordinates : [];
    return lines.map(function (line) {
      return line.map(function (c) { return L.latLng(c[1], c[0]); });
    });
  }

  // The point `dist` px from vertex i along a pixel polyline, going in `dir` (+1 / -1).
  function along(px, i, dir, dist) {
    var left = dist, j = i;
    while (j + dir >= 0 && j + dir < px.length) {
      var d = px[j].distanceTo(px[j + dir]);
      if (d >= left) {
        var t = left / d;
        return L.point(px[j].x + (px[j + dir].x - px[j].x) * t, px[j].y + (px[j + dir].y - px[j].y) * t);
      }
      left -= d; j += dir;
    }
    return null;
  }

  Pane.prototype.buildReference = function () {
    var pane = this, model = this.ctl.model, L_ = this.layers, lay = model.p.layers || {};
    var ref = model.palette.reference;
    L_.builtup = L.geoJSON(lay.builtup || null, {renderer: pane.baseRenderer, interactive: false,
      style: {color: colour(ref.builtup_edge), weight: 0.8, fillColor: colour(ref.builtup),
              fillOpacity: 0.85}});
    L_.hromadas = L.geoJSON(lay.hromadas || null, {renderer: pane.refRenderer, interactive: false,
      style: {color: colour(ref.hromada), weight: 1.3, dashArray: '6 4', fill: false, opacity: 0.95}});
    L_.border = L.geoJSON(lay.border || null, {renderer: pane.refRenderer, interactive: false,
      style: {color: colour(ref.border), weight: 2.2, dashArray: '10 4 2 4', opacity: 0.9}});
    L_.oskil = L.geoJSON(lay.oskil || null, {renderer: pane.refRenderer, interactive: false,
      style: function (f) { return lineStyle(ref, (f && f.properties) || {}); }});
    pane.lineLabels = [];
    var lineLayers = {oskil: lay.oskil, border: lay.border};
    Object.keys(lineLayers).forEach(function (layer) {
      ((lineLayers[layer] || {}).features || []).forEach(function (f) {
        var p = f.properties || {};
        if (!f.geometry || p.kind === 'reservoir') return;
        var cls = 'cm-line-label ' + (p.kind === 'state-border' ? 'cm-border-label'
          : 'cm-river-label' + (p.id === 'oskil' ? ' cm-river-major' : ''));
        var parts = lineParts(f.geometry);
        if (!parts.length) return;
        var lm = labelMarker(parts[0][0], cls, p.name);
        lm.layer = layer; lm.parts = parts;
        lm.marker.addTo(L_[layer]);
        pane.lineLabels.push(lm);
      });
    });
    var names = {};
    model.areas.forEach(function (f) { names[f.properties.name] = true; });
    L_.towns = L.layerGroup();
    pane.townLabels = [];
    (lay.towns || []).forEach(function (t) {
      var dot = L.circleMarker([t.lat, t.lon], {renderer: pane.refRenderer, interactive: false,
        radius: t.rank === 1 ? 3.5 : 2.5, color: colour(ref.town_ring), weight: 1,
        fillColor: colour(ref.town), fillOpacity: 1}).addTo(L_.towns);
      // A town that is also an area is named by the area's label while that one shows.
      var lm = labelMarker([t.lat, t.lon], 'cm-town-label cm-rank-' + (t.rank === 1 ? 1 : 2), t.name);
      lm.marker.addTo(L_.towns);
      pane.townLabels.push({town: t, dot: dot, span: lm.span, area: !!names[t.name]});
    });
    pane.townLabels.sort(function (a, b) {
      return (a.town.rank || 2) - (b.town.rank || 2) || (b.town.population || 0) - (a.town.population || 0);
    });
    L_.events = L.layerGroup();
    L_.series = {};
    pane.map.on('zoomend moveend', function () { pane.placeLabels(); });
  };

  // Greedy label placement: each label takes its first candidate box that hits nothing
  // placed before it (an R-tree query), or is hidden.
  Pane.prototype.placeLabels = function () {
    var pane = this, map = this.map, L_ = this.layers;
    if (!global.RBush || !map._loaded) return;
    var tree = new global.RBush(), size = map.getSize();
    var origin = pane.mapEl.getBoundingClientRect();
    function fits(b) {
      return b.minX >= 0 && b.minY >= 0 && b.maxX <= size.x && b.maxY <= size.y && !tree.collides(b);
    }
    // The areas' labels first (the zoom shows a place's parts or the whole, map.css): the
    // city, then wholes before parts, larger before smaller; then every town dot, as an
    // obstacle.
    var named = {};
    (pane.areaLabels || []).slice().sort(function (a, b) {
      return (b.city - a.city) || a.depth - b.depth || b.km2 - a.km2;
    }).forEach(function (a) {
      a.span.classList.remove('cm-label-off');
      var r = a.span.getBoundingClientRect();
      if (!r.width) return;
      var box = {minX: r.left - origin.left, minY: r.top - origin.top,
                 maxX: r.right - origin.left, maxY: r.bottom - origin.top};
      if (tree.collides(box)) { a.span.classList.add('cm-label-off'); return; }
      named[a.name] = true;
      tree.insert(box);
    });
    var towns = map.hasLayer(L_.towns) ? pane.townLabels : [];
    towns.forEach(function (it) {
      var p = map.latLngToContainerPoint([it.town.lat, it.town.lon]);
      tree.insert({minX: p.x - 4, minY: p.y - 4, maxX: p.x + 4, maxY: p.y + 4});
    });
    function placeTown(it) {
      var el = it.span;
      el.classList.remove('cm-label-off', 'cm-pos-l');
      if (it.area && named[it.town.name]) { el.classList.add('cm-label-off'); return; }
      var p = map.latLngToContainerPoint([it.town.lat, it.town.lon]);
      var w = el.offsetWidth, ht = el.offsetHeight;
      var right = {minX: p.x + GAP, minY: p.y - ht / 2, maxX: p.x + GAP + w, maxY: p.y + ht / 2};
      var left = {minX: p.x - GAP - w, minY: right.minY, maxX: p.x - GAP, maxY: right.maxY};
      if (fits(right)) { tree.insert(right); return; }
      if (fits(left)) { tree.insert(left); el.classList.add('cm-pos-l'); return; }
      el.classList.add('cm-label-off');
    }
    var first = towns.filter(function (it) { return it.town.rank === 1; });
    var rest = towns.filter(function (it) { return it.town.rank !== 1; });
    first.forEach(placeTown);
    pane.lineLabels.forEach(function (lm) {
      if (map.hasLayer(L_[lm.layer])) pane.placeLineLabel(lm, tree, fits);
    });
    var z = map.getZoom();
    rest.forEach(function (it) {
      if (z >= RANK2_FROM) placeTown(it); else it.span.classList.add('cm-label-off');
    });
  };

  // A line's name beside it: at the vertex nearest the middle of the view whose box is free,
  // turned to the line's direction over the label's length there.
  Pane.prototype.placeLineLabel = function (lm, tree, fits) {
    var map = this.map, size = map.getSize(), mid = L.point(size.x / 2, size.y * 0.4);
    var el = lm.span, w = el.offsetWidth, ht = el.offsetHeight, cands = [];
    lm.parts.forEach(function (part) {
      var px = part.map(function (ll) { return map.latLngToContainerPoint(ll); });
      px.forEach(function (p, i) { cands.push({px: px, i: i, d: p.distanceTo(mid)}); });
    });
    cands.sort(function (x, y) { return x.d - y.d; });
    for (var k = 0; k < Math.min(cands.length, 60); k++) {
      var c = cands[k], a = along(c.px, c.i, -1, w / 2), b = along(c.px, c.i, 1, w / 2);
      if (!a || !b) continue;
      var ang = Math.atan2(b.y - a.y, b.x - a.x);
      if (ang > Math.PI / 2) ang -= Math.PI;
      if (ang < -Math.PI / 2) ang += Math.PI;
      // Off the line by half the text's height, on its upper side.
      var off = ht / 2 + 2, cx = (a.x + b.x) / 2 + Math.sin(ang) * off, cy = (a.y + b.y) / 2 - Math.cos(ang) * off;
      var hw = (Math.abs(Math.cos(ang)) * w + Math.abs(Math.sin(ang)) * ht) / 2;
      var hh = (Math.abs(Math.sin(ang)) * w + Math.abs(Math.cos(ang)) * ht) / 2;
      var box = {minX: cx - hw, minY: cy - hh, maxX: cx + hw, maxY: cy + hh};
      if (!fits(box)) continue;
      tree.insert(box);
      lm.marker.setLatLng(map.containerPointToLatLng([cx, cy]));
      el.style.transform = 'translate(-50%, -50%) rotate(' + Math.round(ang * 180 / Math.PI) + 'deg)';
      el.classList.remove('cm-label-off');
      return;
    }
    el.classList.add('cm-label-off');
  };

  Pane.prototype.applyLayers = function () {
    var pane = this, map = this.map, want = this.ctl.state.layers, L_ = this.layers;
    CONTEXT.forEach(function (k) {
      var on = ON_BY_DEFAULT[k] ? want[k] !== false : want[k] === true;
      if (on && !map.hasLayer(L_[k])) L_[k].addTo(map);
      if (!on && map.hasLayer(L_[k])) map.removeLayer(L_[k]);
    });
    if (want.basemap && !L_.basemap) {
      L_.basemap = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {maxZoom: 18});
      L_.basemap.on('tileerror', function () { pane.basemapFailed(true); });
      L_.basemap.addTo(map);
    } else if (!want.basemap && L_.basemap) {
      map.removeLayer(L_.basemap); L_.basemap = null;
      pane.basemapFailed(false);
    }
    this.seriesShown = {};
    pane.placeLabels();
  };

  // A visible line on the map, never a silent failure, when the web basemap cannot load.
  Pane.prototype.basemapFailed = function (failed) {
    var el = this.map.getContainer();
    el.classList.toggle('cm-basemap-failed', failed);
    if (failed && !this.basemapMsg) {
      this.basemapMsg = add(el, h('div', 'cm-basemap-msg', lib.ui(this.ctl.model, 'basemap_failed')));
      this.basemapMsg.setAttribute('role', 'alert');
    } else if (!failed && this.basemapMsg) {
      el.removeChild(this.basemapMsg); this.basemapMsg = null;
    }
  };
})(window);
