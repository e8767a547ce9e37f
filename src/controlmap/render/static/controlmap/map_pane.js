/* controlmap map: one map pane. The base map, reference layers (context_layers.js) and area
 * paths are drawn once; paint() recolours the areas for the pane's view and day, touching only the styles
 * that changed. Colours, fills and the fade come from the payload's palette.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var L = global.L;
  var h = lib.h, add = lib.add, colour = lib.colour, fadeFactor = lib.fadeFactor,
      addPatterns = lib.addPatterns, patternId = lib.patternId, nextId = lib.nextId,
      areaCard = lib.areaCard;

  function Pane(ctl, host, index) {
    var pane = this, model = ctl.model;
    pane.ctl = ctl; pane.index = index;
    pane.prefix = 'cm' + nextId() + 'p' + index;
    pane.el = add(host, h('div', 'cm-pane'));
    pane.head = add(pane.el, h('div', 'cm-pane-head'));
    pane.mapEl = add(pane.el, h('div', 'cm-map'));
    // Zoom 8 shows the whole region, 15 the streets of a district; past the region there is
    // no data, so the map is held inside it. The wheel zooms only once the map is engaged
    // (map_behaviour.js), so a page scrolls past it.
    var map = pane.map = L.map(pane.mapEl, {zoomControl: true, attributionControl: false,
                                            preferCanvas: false, zoomSnap: 0.25,
                                            minZoom: lib.MIN_ZOOM, maxZoom: lib.MAX_ZOOM,
                                            maxBounds: model.p.max_bounds || null,
                                            maxBoundsViscosity: 0.9, scrollWheelZoom: false});
    // A view first: Leaflet defers adding layers to a map that has none.
    map.fitBounds(model.p.focus || model.p.bounds, {padding: [12, 12], animate: false});
    map.createPane('cmBase').style.zIndex = 350;
    var ref = map.createPane('cmRef');
    ref.style.zIndex = 450; ref.style.pointerEvents = 'none';
    map.createPane('cmWholes').style.zIndex = 460;
    var lab = map.createPane('cmLabels');
    lab.style.zIndex = 620; lab.style.pointerEvents = 'none';
    // Shapes for this zoom (geometry.js); many areas or vertices go on one canvas.
    pane.level = lib.useGeometry ? lib.useGeometry(model, map.getZoom()) : null;
    pane.canvas = !!(lib.wantsCanvas && lib.wantsCanvas(model));
    pane.mapEl.setAttribute('data-renderer', pane.canvas ? 'canvas' : 'svg');
    pane.renderer = pane.canvas ? lib.areaCanvas({padding: 0.5}) : L.svg({padding: 0.5});
    pane.refRenderer = L.svg({padding: 0.5, pane: 'cmRef'});
    pane.baseRenderer = L.svg({padding: 0.5, pane: 'cmBase'});
    pane.wholeRenderer = L.svg({padding: 0.5, pane: 'cmWholes'});
    pane.outlineRenderer = pane.canvas ? L.canvas({padding: 0.5, pane: 'cmRef'}) : pane.refRenderer;
    pane.layers = {};
    pane.buildReference();
    pane.buildAreas();
    pane.keys = [];
    pane.seriesShown = {};
    map.on('zoomend', function () { pane.zoomClasses(); if (pane.applyLevel) pane.applyLevel(); });
    map.on('click', function () { pane.selected = null; });
    lib.wheelGate(map, lib.ui(ctl.model, 'wheel_hint'));
    pane.zoomClasses();
  }

  Pane.prototype.buildAreas = function () {
    var pane = this, ctl = this.ctl, model = ctl.model, map = this.map;
    var ref = model.palette.reference;
    pane.areaLayers = [];
    pane.areaLabels = [];
    pane.outlineLayers = [];
    var fills = L.layerGroup(), outlines = L.layerGroup(), labels = L.layerGroup();
    model.areas.forEach(function (f, i) {
      var p = f.properties, layer = null;
      if (f.geometry) {
        layer = L.geoJSON({type: 'Feature', properties: {}, geometry: f.geometry}, {
          renderer: pane.renderer,
          style: {stroke: false, fillOpacity: 0.5, fillColor: colour(model.style('unknown').fill),
                  className: 'cm-area'}
        });
        layer.on('click', function (e) { L.DomEvent.stopPropagation(e); pane.openCard(i, e.latlng); });
        layer.on('mouseover', function () { pane.hover(i, true); });
        layer.on('mouseout', function () { pane.hover(i, false); });
        fills.addLayer(layer);
      }
      pane.areaLayers.push(layer);
      pane.outlineLayers.push(null);
      if (p.outline) {
        outlines.addLayer(pane.outlineLayers[i] = L.geoJSON({type: 'Feature', properties: {}, geometry: p.outline}, {
          renderer: pane.outlineRenderer, interactive: false,
          style: {fill: false, color: colour(p.depth === 0 ? ref.outline : ref.part_outline),
                  weight: p.depth === 0 ? 1.6 : 0.9, opacity: 0.85,
                  dashArray: p.depth === 0 ? null : '3 2'}
        }));
      }
      var cls = 'cm-area-label cm-depth-' + Math.min(p.depth, 3) +
                (model.children[i].length ? ' cm-label-parent' : ' cm-label-leaf');
      var span = h('span', null, p.name);
      pane.areaLabels.push({span: span, depth: p.depth, km2: p.km2 || 0, name: p.name,
                             city: p.kind === 'city'});
      labels.addLayer(L.marker(p.label, {pane: 'cmLabels', interactive: false, keyboard: false,
        icon: L.divIcon({className: cls, html: span, iconSize: null})}));
    });
    fills.addTo(map); outlines.addTo(map); labels.addTo(map);
    pane.layers.outlines = outlines;
    pane.layers.labels = labels;
    pane.layers.wholes = L.layerGroup().addTo(map);
    pane.wholeLayers = [];
    if (!pane.canvas) addPatterns(pane.renderer._container, pane.prefix, model);
    model.areas.forEach(function (f, i) {
      var layer = pane.areaLayers[i];
      if (!layer) return;
      layer.eachLayer(function (l) {
        var el = l.getElement && l.getElement();
        if (el) el.setAttribute('data-area', f.properties.id);
      });
    });
  };

  Pane.prototype.zoomClasses = function () {
    var z = this.map.getZoom();
    // Labels by zoom: whole places when far, their parts when near (see map.css).
    this.el.classList.toggle('cm-z-lo', z < 12.5);
    this.el.classList.toggle('cm-z-mid', z >= 12.5 && z < 13.5);
    this.el.classList.toggle('cm-z-hi', z >= 13.5);
    this.el.classList.toggle('cm-zoom-out', z < 10.5);
  };

  // An area's fill: its status colour (or pattern), dotted when stale, paler with the age
  // of its last report; in diff mode only what changed is shown.
  Pane.prototype.styleOf = function (r, diffFrom) {
    var model = this.ctl.model, pal = model.palette;
    var s = model.style(r.status);
    var fill = !(s.hatch || r.stale) ? colour(s.fill)
      : this.canvas ? lib.canvasFill(this, r.status, r.stale)
      : 'url(#' + patternId(this.prefix, r.status, r.stale) + ')';
    if (diffFrom) {
      if (!diffFrom.changed) {
        return {fillColor: this.canvas ? colour(pal.diff.unchanged.fill)
                                       : 'url(#' + this.prefix + '-unchanged)',
                fillOpacity: pal.diff.opacity.unchanged};
      }
      return {fillColor: fill, fillOpacity: pal.diff.opacity.changed};
    }
    var base = r.status === 'unknown' ? pal.fill_opacity.unknown : pal.fill_opacity.status;
    return {fillColor: fill, fillOpacity: Math.round(base * fadeFactor(r.age, pal.fade) * 1000) / 1000};
  };

  function markStale(layer, stale) {
    layer.eachLayer(function (l) {
      var el = l.getElement && l.getElement();
      if (el) el.setAttribute('data-stale', stale ? '1' : '0');
    });
  }

  // Recolour every area for the pane's (view, day): only changed styles touch the DOM (or,
  // on a canvas, ask for a redraw: Leaflet batches them into one per frame).
  Pane.prototype.paint = function () {
    var pane = this, model = this.ctl.model, sp = this.spec();
    var view = model.hasView(sp.view) ? sp.view : 'assessed';
    pane.current = {view: view, day: sp.day, diff: sp.diff};
    for (var i = 0; i < pane.areaLayers.length; i++) {
      var layer = pane.areaLayers[i];
      if (!layer) continue;
      var r = model.resolve(view, sp.day, i), d = null;
      if (sp.diff !== null) d = {changed: model.resolve(view, sp.diff, i).status !== r.status};
      var style = pane.styleOf(r, d);
      var key = style.fillColor + '|' + style.fillOpacity;
      if (pane.keys[i] !== key) {
        layer.setStyle(style);
        if (!pane.canvas) markStale(layer, r.stale);  // a canvas has no element per area
        pane.keys[i] = key;
      }
    }
    pane.paintWholes(view, sp.day);
    pane.paintSeries(sp.day);
    pane.paintEvents(sp.day);
    pane.paintHead(view, sp);
    if (pane.card) pane.openCard(pane.card.i, pane.card.latlng, true);
  };

  Pane.prototype.hover = function (i, on) {
    var layer = this.areaLayers[i];
    if (layer) layer.setStyle(on ? {stroke: true, color: colour(this.ctl.model.palette.reference.hover),
                                    weight: 2.5} : {stroke: false});
  };

  // Open (or, with refresh, rewrite) the card of area i; a whole's button in it opens the
  // whole's card at the whole's label point.
  Pane.prototype.openCard = function (i, latlng, refresh) {
    var pane = this, model = pane.ctl.model;
    if (refresh && !(pane.popup && pane.map.hasLayer(pane.popup))) { pane.card = null; return; }
    pane.card = {i: i, latlng: latlng};
    var content = areaCard(pane.ctl, pane.current.view, pane.current.day, i, function (j) {
      pane.openCard(j, model.areas[j].properties.label);
    });
    if (refresh) {
      // Rewritten when the date or the data change (more views arrive): a reader whose
      // focus was in the card keeps it there.
      var el = pane.popup.getElement(), had = !!el && el.contains(document.activeElement);
      pane.popup.setContent(content);
      if (had) { content.setAttribute('tabindex', '-1'); content.focus({preventScroll: true}); }
      return;
    }
    // A card fits the map it opens on, a phone's too.
    var size = pane.map.getSize();
    pane.popup = L.popup({maxWidth: Math.min(380, size.x - 40), minWidth: Math.min(200, size.x - 40),
                          maxHeight: Math.min(380, size.y - 70), autoPanPadding: [10, 10],
                          className: 'cm-popup'})
      .setLatLng(latlng).setContent(content).openOn(pane.map);
    pane.ctl.selectArea(model.areas[i].properties.id);
  };

  lib.Pane = Pane;
})(window);
