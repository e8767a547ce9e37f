/* controlmap map: window.ControlMap.mount(element, payload, options).
 *
 * Draws the areas once and recolours them from the payload's timeline on every date step,
 * in the browser, so scrubbing and play never wait for a server and never lose zoom or pan.
 * Works inside the Streamlit component (index.html + bridge.js) and in a plain HTML page.
 * The payload contract is documented in controlmap/render/payload.py.
 *
 * Every text in the payload comes from data files and is untrusted: it is only ever written
 * with textContent / createElement, and only http(s) URLs become links.
 */
(function (global) {
  'use strict';
  var L = global.L;
  var MS_DAY = 86400000;
  var mounts = 0;
  var COLOUR = /^#[0-9a-fA-F]{3,8}$/;
  var SPEEDS = [['1', '1 day / step'], ['7', '1 week / step'], ['30', '1 month / step'],
                ['change', 'change by change']];
  var TICK_MS = 250;

  function toDay(iso) {
    var p = String(iso).split('-');
    return Math.round(Date.UTC(+p[0], (+p[1] || 1) - 1, +p[2] || 1) / MS_DAY);
  }
  function fromDay(n) { return new Date(n * MS_DAY).toISOString().slice(0, 10); }

  function h(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function safeUrl(url) { return /^https?:\/\/[^\s"'<>\\]+$/i.test(url || '') ? url : ''; }
  function link(url, text) {
    var u = safeUrl(url);
    if (!u) return h('span', null, text);
    var a = h('a', null, text || u);
    a.href = u; a.target = '_blank'; a.rel = 'noopener noreferrer';
    return a;
  }
  function colour(c, fallback) { return COLOUR.test(c || '') ? c : fallback; }
  // Index of the last element <= x in a sorted array, -1 when none.
  function lastLE(arr, x) {
    var lo = 0, hi = arr.length - 1, ans = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (arr[mid] <= x) { ans = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return ans;
  }
  function fadeFactor(age, f) {
    if (age === null || age === undefined || age <= f.full_until) return 1;
    var span = Math.max(1, f.over - f.full_until);
    return Math.max(f.floor, 1 - (1 - f.floor) * (age - f.full_until) / span);
  }
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  /* ---- data model over the payload -------------------------------------------------- */

  function Model(payload) {
    var m = this;
    m.p = payload;
    m.first = toDay(payload.span.first);
    m.last = toDay(payload.span.last);
    m.statuses = payload.statuses;
    m.legend = {};
    payload.legend.forEach(function (s) { m.legend[s.status] = s; });
    m.areas = payload.areas.features;
    m.areaIndex = {};
    m.areas.forEach(function (f, i) { m.areaIndex[f.properties.id] = i; });
    m.claims = payload.claims;
    m.claimStart = payload.claims.map(function (c) { return toDay(c.start); });
    m.viewLabels = {};
    payload.views.forEach(function (v) { m.viewLabels[v.id] = v.label; });
    m.events = payload.events.map(function (e) { return {e: e, day: toDay(e.start)}; });
    m.series = {};
    Object.keys(payload.series || {}).forEach(function (k) {
      var s = payload.series[k];
      m.series[k] = {s: s, days: s.items.map(function (it) { return toDay(it.start); })};
    });
    m.setTimeline(payload.timeline);
  }
  Model.prototype.setTimeline = function (tl) {
    var m = this;
    m.timeline = tl;
    m.views = {};
    // The timeline lists areas in its own order; map them onto the drawn features.
    // inv[feature index] = column in the timeline; via[] holds timeline columns too.
    var inv = [], cols = [];
    (tl.areas || []).forEach(function (id, j) { inv[m.areaIndex[id]] = j; cols[j] = m.areaIndex[id]; });
    Object.keys(tl.views).forEach(function (v) {
      var t = tl.views[v];
      m.views[v] = {days: t.days.map(toDay), status: t.status, claim: t.claim, via: t.via,
                    also: t.also || [], inv: inv, cols: cols};
    });
  };
  Model.prototype.hasView = function (v) { return Object.prototype.hasOwnProperty.call(this.views, v); };
  // One area's resolved state in a view on a day: {status, claim, age, via, also}.
  Model.prototype.resolve = function (view, day, i) {
    var t = this.views[view];
    var k = t ? lastLE(t.days, day) : -1;
    if (k < 0) return {status: 'unknown', code: 0, claim: -1, age: null, via: -1, also: []};
    var j = t.inv[i];
    if (j === undefined) return {status: 'unknown', code: 0, claim: -1, age: null, via: -1, also: []};
    var code = t.status[k][j], ci = t.claim[k][j], via = t.via[k][j];
    return {status: this.statuses[code] || 'unknown', code: code, claim: ci,
            age: ci >= 0 ? day - this.claimStart[ci] : null, via: via >= 0 ? t.cols[via] : -1,
            also: (t.also[k] && t.also[k][String(j)]) || []};
  };
  // The row of a view's timeline in force on a day (-1: before any claim).
  Model.prototype.row = function (view, day) {
    var t = this.views[view];
    return t ? lastLE(t.days, day) : -1;
  };
  Model.prototype.history = function (view, i) {
    var t = this.views[view], out = [];
    if (!t) return out;
    var j = t.inv[i], prev = null;
    if (j === undefined) return out;
    for (var k = 0; k < t.days.length; k++) {
      var key = t.status[k][j] + ':' + t.claim[k][j];
      if (key === prev) continue;
      prev = key;
      out.push({day: t.days[k], status: this.statuses[t.status[k][j]], claim: t.claim[k][j]});
    }
    return out;
  };
  Model.prototype.claimantLabel = function (c) { return this.p.claimants[c] || c; };
  Model.prototype.statusLabel = function (s) { return (this.legend[s] || this.legend.unknown).label; };

  /* ---- small DOM pieces ----------------------------------------------------------- */

  function swatch(model, status) {
    var s = model.legend[status] || model.legend.unknown;
    var e = h('span', 'cm-swatch cm-swatch-' + status);
    var fill = colour(s.fill, '#ddd'), edge = colour(s.edge, '#888');
    e.style.backgroundColor = fill;
    e.style.borderColor = edge;
    if (s.hatch === 'xx') {
      e.style.backgroundImage = 'repeating-linear-gradient(45deg,' + edge + ' 0 1.5px,transparent 1.5px 5px),' +
        'repeating-linear-gradient(-45deg,' + edge + ' 0 1.5px,transparent 1.5px 5px)';
    } else if (s.hatch) {
      e.style.backgroundImage = 'repeating-linear-gradient(45deg,' + edge + ' 0 2px,transparent 2px 6px)';
    }
    return e;
  }

  function svgEl(tag, attrs) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  // Hatch patterns for contested (///) and disputed (xx), one set per map (ids are global).
  function addPatterns(svg, prefix, model) {
    if (!svg || svg.querySelector('defs.cm-defs')) return;
    var defs = svgEl('defs', {'class': 'cm-defs'});
    Object.keys(model.legend).forEach(function (st) {
      var s = model.legend[st];
      if (!s.hatch) return;
      var fill = colour(s.fill, '#ddd'), edge = colour(s.edge, '#888');
      var pat = svgEl('pattern', {id: prefix + '-' + st, patternUnits: 'userSpaceOnUse',
                                  width: 7, height: 7, patternTransform: 'rotate(45)'});
      pat.appendChild(svgEl('rect', {width: 7, height: 7, fill: fill}));
      pat.appendChild(svgEl('line', {x1: 0, y1: 0, x2: 0, y2: 7, stroke: edge, 'stroke-width': 2.2}));
      if (s.hatch === 'xx') {
        pat.appendChild(svgEl('line', {x1: 0, y1: 0, x2: 7, y2: 0, stroke: edge, 'stroke-width': 2.2}));
      }
      defs.appendChild(pat);
    });
    svg.insertBefore(defs, svg.firstChild);
  }

  /* ---- one map pane ------------------------------------------------------------------ */

  function Pane(ctl, host, index) {
    var pane = this, model = ctl.model;
    pane.ctl = ctl; pane.index = index;
    pane.prefix = 'cm' + (++mounts) + 'p' + index;
    pane.el = add(host, h('div', 'cm-pane'));
    pane.head = add(pane.el, h('div', 'cm-pane-head'));
    pane.mapEl = add(pane.el, h('div', 'cm-map'));
    var map = pane.map = L.map(pane.mapEl, {zoomControl: true, attributionControl: false,
                                            preferCanvas: false, zoomSnap: 0.25});
    // A view first: Leaflet defers adding layers to a map that has none.
    map.fitBounds(model.p.bounds, {padding: [12, 12], animate: false});
    map.createPane('cmBase').style.zIndex = 350;
    var ref = map.createPane('cmRef');
    ref.style.zIndex = 450; ref.style.pointerEvents = 'none';
    var lab = map.createPane('cmLabels');
    lab.style.zIndex = 620; lab.style.pointerEvents = 'none';
    pane.renderer = L.svg({padding: 0.5});
    pane.refRenderer = L.svg({padding: 0.5, pane: 'cmRef'});
    pane.baseRenderer = L.svg({padding: 0.5, pane: 'cmBase'});
    pane.layers = {};
    pane.buildReference();
    pane.buildAreas();
    pane.keys = [];
    pane.seriesShown = {};
    map.on('zoomend', function () { pane.zoomClasses(); });
    map.on('click', function () { pane.selected = null; });
    pane.zoomClasses();
  }

  Pane.prototype.buildAreas = function () {
    var pane = this, ctl = this.ctl, model = ctl.model, map = this.map;
    pane.areaLayers = [];
    var fills = L.layerGroup(), outlines = L.layerGroup(), labels = L.layerGroup();
    model.areas.forEach(function (f, i) {
      var p = f.properties, layer = null;
      if (f.geometry) {
        layer = L.geoJSON({type: 'Feature', properties: {}, geometry: f.geometry}, {
          renderer: pane.renderer,
          style: {stroke: false, fillOpacity: 0.5, fillColor: '#ddd', className: 'cm-area'}
        });
        layer.on('click', function (e) { L.DomEvent.stopPropagation(e); pane.openCard(i, e.latlng); });
        layer.on('mouseover', function () { pane.hover(i, true); });
        layer.on('mouseout', function () { pane.hover(i, false); });
        fills.addLayer(layer);
      }
      pane.areaLayers.push(layer);
      if (p.outline) {
        outlines.addLayer(L.geoJSON({type: 'Feature', properties: {}, geometry: p.outline}, {
          renderer: pane.refRenderer, interactive: false,
          style: {fill: false, color: '#333', weight: p.depth === 0 ? 1.6 : 0.9,
                  opacity: 0.85, dashArray: p.depth === 0 ? null : '3 2'}
        }));
      }
      var hasKids = model.areas.some(function (g) { return g.properties.parent === p.id; });
      var cls = 'cm-area-label cm-depth-' + Math.min(p.depth, 3) +
                (hasKids ? ' cm-label-parent' : ' cm-label-leaf');
      var span = h('span', null, p.name);
      labels.addLayer(L.marker(p.label, {pane: 'cmLabels', interactive: false, keyboard: false,
        icon: L.divIcon({className: cls, html: span, iconSize: null})}));
    });
    fills.addTo(map); outlines.addTo(map); labels.addTo(map);
    pane.layers.outlines = outlines;
    pane.layers.labels = labels;
    addPatterns(pane.renderer._container, pane.prefix, model);
    model.areas.forEach(function (f, i) {
      var layer = pane.areaLayers[i];
      if (!layer) return;
      layer.eachLayer(function (l) {
        var el = l.getElement && l.getElement();
        if (el) el.setAttribute('data-area', f.properties.id);
      });
    });
  };

  Pane.prototype.buildReference = function () {
    var pane = this, model = this.ctl.model, L_ = this.layers, lay = model.p.layers || {};
    L_.builtup = L.geoJSON(lay.builtup || null, {renderer: pane.baseRenderer, interactive: false,
      style: {color: '#9a968c', weight: 0.6, fillColor: '#cfcabe', fillOpacity: 0.45}});
    L_.hromadas = L.geoJSON(lay.hromadas || null, {renderer: pane.refRenderer, interactive: false,
      style: {color: '#6b5b7b', weight: 1, dashArray: '5 4', fill: false, opacity: 0.8}});
    L_.oskil = L.geoJSON(lay.oskil || null, {renderer: pane.refRenderer, interactive: false,
      style: function (f) {
        var water = f && f.properties && f.properties.kind === 'reservoir';
        return {color: '#1f78b4', weight: water ? 1 : 2.6, opacity: 0.95,
                fillColor: '#8ec3e6', fillOpacity: water ? 0.9 : 0};
      }});
    var names = {};
    model.areas.forEach(function (f) { names[f.properties.name] = true; });
    L_.towns = L.layerGroup();
    (lay.towns || []).forEach(function (t) {
      L.circleMarker([t.lat, t.lon], {renderer: pane.refRenderer, interactive: false,
        radius: t.rank === 1 ? 3.5 : 2.5, color: '#fff', weight: 1, fillColor: '#222',
        fillOpacity: 1}).addTo(L_.towns);
      if (names[t.name]) return;  // the area label already names it
      var span = h('span', null, t.name);
      L.marker([t.lat, t.lon], {pane: 'cmLabels', interactive: false, keyboard: false,
        icon: L.divIcon({className: 'cm-town-label cm-rank-' + (t.rank === 1 ? 1 : 2),
                         html: span, iconSize: null})}).addTo(L_.towns);
    });
    L_.events = L.layerGroup();
    L_.series = {};
  };

  Pane.prototype.zoomClasses = function () {
    var z = this.map.getZoom();
    // Labels by zoom: whole places when far, their parts when near (see map.css).
    this.el.classList.toggle('cm-z-lo', z < 12.5);
    this.el.classList.toggle('cm-z-mid', z >= 12.5 && z < 13.5);
    this.el.classList.toggle('cm-z-hi', z >= 13.5);
    this.el.classList.toggle('cm-zoom-out', z < 10.5);
  };

  Pane.prototype.spec = function () {
    var st = this.ctl.state;
    if (this.index === 0) return {view: st.view, day: st.date, diff: st.diff ? toDay(st.diff.from) : null};
    var c = st.compare || {};
    if (c.mode === 'date') return {view: st.view, day: c.date ? toDay(c.date) : st.date, diff: null};
    return {view: c.view || st.view, day: st.date, diff: null};
  };

  Pane.prototype.styleOf = function (r, diffFrom) {
    var model = this.ctl.model;
    var s = model.legend[r.status] || model.legend.unknown;
    var fill = s.hatch ? 'url(#' + this.prefix + '-' + r.status + ')' : colour(s.fill, '#ddd');
    if (diffFrom) {
      if (!diffFrom.changed) return {fillColor: '#bdbdbd', fillOpacity: 0.18};
      return {fillColor: fill, fillOpacity: 0.85};
    }
    var base = r.status === 'unknown' ? 0.35 : 0.66;
    return {fillColor: fill, fillOpacity: Math.round(base * fadeFactor(r.age, model.p.fade) * 1000) / 1000};
  };

  // Recolour every area for the pane's (view, day): only changed styles touch the DOM.
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
        pane.keys[i] = key;
      }
    }
    pane.paintSeries(sp.day);
    pane.paintEvents(sp.day);
    pane.paintHead(view, sp);
    if (pane.card) pane.openCard(pane.card.i, pane.card.latlng, true);
  };

  Pane.prototype.paintHead = function (view, sp) {
    var model = this.ctl.model, head = this.head;
    head.textContent = '';
    add(head, h('strong', null, model.viewLabels[view] || view));
    add(head, h('span', 'cm-head-date', sp.diff !== null
      ? 'changes ' + fromDay(sp.diff) + ' \u2192 ' + fromDay(sp.day) : fromDay(sp.day)));
    if (model.timeline.known_at) add(head, h('span', 'cm-tag', 'as known at ' + model.timeline.known_at));
    if (sp.diff !== null) {
      var km = {}, n = 0;
      for (var i = 0; i < model.areas.length; i++) {
        var a = model.resolve(view, sp.diff, i).status, b = model.resolve(view, sp.day, i).status;
        if (a === b) continue;
        n++;
        var k2 = model.areas[i].properties.km2 || 0;
        km[b] = (km[b] || 0) + k2; km[a] = (km[a] || 0) - k2;
      }
      var parts = Object.keys(km).filter(function (s) { return Math.abs(km[s]) > 0.0005; }).map(function (s) {
        return model.statusLabel(s) + ' ' + (km[s] > 0 ? '+' : '') + km[s].toFixed(2) + ' km\u00b2';
      });
      add(head, h('span', 'cm-diff-sum', plural(n, 'area') + ' changed' + (parts.length ? ': ' + parts.join(', ') : '')));
    }
  };

  Pane.prototype.paintSeries = function (day) {
    var pane = this, model = this.ctl.model, want = this.ctl.state.layers.series || {};
    Object.keys(model.series).forEach(function (k) {
      var ser = model.series[k], on = !!want[k];
      var idx = on ? lastLE(ser.days, day) : -1;
      if (pane.seriesShown[k] === idx) return;
      if (pane.layers.series[k]) { pane.map.removeLayer(pane.layers.series[k]); delete pane.layers.series[k]; }
      pane.seriesShown[k] = idx;
      if (idx < 0) return;
      var it = ser.s.items[idx];
      var edge = colour((model.legend[it.status] || model.legend.ru).edge, '#5c070b');
      pane.layers.series[k] = L.geoJSON(it.geometry, {renderer: pane.refRenderer, interactive: false,
        style: {color: edge, weight: 2.2, dashArray: '7 4', fill: false, className: 'cm-series'}}).addTo(pane.map);
    });
  };

  Pane.prototype.paintEvents = function (day) {
    var pane = this, ctl = this.ctl, model = ctl.model, on = ctl.state.layers.events !== false;
    var shown = [];
    if (on) {
      model.events.forEach(function (ev, i) {
        if (ev.e.point && ev.day <= day && day - ev.day <= 45) shown.push(i);
      });
      if (ctl.focusEvent !== null && shown.indexOf(ctl.focusEvent) < 0 && model.events[ctl.focusEvent].e.point) {
        shown.push(ctl.focusEvent);
      }
    }
    var key = shown.join(',');
    if (key === pane.eventsKey) return;
    pane.eventsKey = key;
    pane.layers.events.clearLayers();
    shown.forEach(function (i) {
      var ev = model.events[i].e;
      var mk = L.circleMarker(ev.point, {renderer: pane.refRenderer, radius: 6, color: '#111',
        weight: 2, fillColor: '#ffd92f', fillOpacity: 1, className: 'cm-event'});
      mk.bindTooltip(h('span', null, ev.date + ' \u00b7 ' + ev.title), {direction: 'top'});
      mk.on('click', function () {
        L.popup({maxWidth: 340}).setLatLng(ev.point).setContent(eventCard(model, ev)).openOn(pane.map);
      });
      pane.layers.events.addLayer(mk);
    });
    if (!pane.map.hasLayer(pane.layers.events)) pane.layers.events.addTo(pane.map);
  };

  Pane.prototype.hover = function (i, on) {
    var layer = this.areaLayers[i];
    if (layer) layer.setStyle(on ? {stroke: true, color: '#000', weight: 2.5} : {stroke: false});
  };

  Pane.prototype.applyLayers = function () {
    var map = this.map, want = this.ctl.state.layers, L_ = this.layers;
    ['builtup', 'hromadas', 'oskil', 'towns'].forEach(function (k) {
      // River and towns are on unless switched off; built-up and hromadas only when asked.
      var on = (k === 'oskil' || k === 'towns') ? want[k] !== false : want[k] === true;
      if (on && !map.hasLayer(L_[k])) L_[k].addTo(map);
      if (!on && map.hasLayer(L_[k])) map.removeLayer(L_[k]);
    });
    if (want.basemap && !L_.basemap) {
      L_.basemap = L.tileLayer('https://tile.openstreetmap.org/{z}/{x}/{y}.png', {maxZoom: 18});
      L_.basemap.on('tileerror', function () { map.getContainer().classList.add('cm-basemap-failed'); });
      L_.basemap.addTo(map);
    } else if (!want.basemap && L_.basemap) {
      map.removeLayer(L_.basemap); L_.basemap = null;
    }
    this.seriesShown = {};
  };

  Pane.prototype.openCard = function (i, latlng, refresh) {
    var pane = this;
    if (refresh && !(pane.popup && pane.map.hasLayer(pane.popup))) { pane.card = null; return; }
    pane.card = {i: i, latlng: latlng};
    var content = areaCard(pane.ctl, pane.current.view, pane.current.day, i);
    if (refresh) { pane.popup.setContent(content); return; }
    pane.popup = L.popup({maxWidth: 380, maxHeight: 380, autoPanPadding: [10, 10], className: 'cm-popup'})
      .setLatLng(latlng).setContent(content).openOn(pane.map);
    pane.ctl.selectArea(pane.ctl.model.areas[i].properties.id);
  };

  /* ---- cards (popups) ---------------------------------------------------------------- */

  function citation(model, c, box) {
    var who = model.claimantLabel(c.claimant) + (c.claimant_name ? ' \u2014 ' + c.claimant_name : '');
    add(box, h('div', 'cm-who', who));
    var src = add(box, h('div', 'cm-src'));
    add(src, link(c.source_url, c.source_title || c.source_url || '(untitled source)'));
    var meta = [];
    if (c.published) meta.push('published ' + c.published);
    if (c.confidence) meta.push(c.confidence + ' confidence');
    if (meta.length) add(box, h('div', 'cm-meta', meta.join(' \u00b7 ')));
    if (c.note) add(box, h('p', 'cm-note', c.note));
  }

  function eventCard(model, ev) {
    var box = h('div', 'cm-card');
    add(box, h('div', 'cm-kicker', 'Event \u00b7 ' + ev.date));
    add(box, h('h3', null, ev.title));
    citation(model, ev, box);
    return box;
  }

  function areaCard(ctl, view, day, i) {
    var model = ctl.model, f = model.areas[i], p = f.properties;
    var r = model.resolve(view, day, i);
    var box = h('div', 'cm-card');
    add(box, h('div', 'cm-kicker', (model.viewLabels[view] || view) + ' \u00b7 ' + fromDay(day)));
    var title = add(box, h('h3', null, p.name));
    if (p.name_uk) add(title, h('span', 'cm-uk', ' ' + p.name_uk));
    if (p.parent && model.areaIndex[p.parent] !== undefined) {
      add(box, h('div', 'cm-meta', 'part of ' + model.areas[model.areaIndex[p.parent]].properties.name));
    }
    var st = add(box, h('div', 'cm-status'));
    add(st, swatch(model, r.status));
    add(st, h('strong', null, model.statusLabel(r.status)));
    if (r.claim >= 0) {
      var c = model.claims[r.claim];
      add(box, h('div', 'cm-since', 'since ' + c.date + ' (' + plural(r.age, 'day') + ' before this date)' +
        (r.age > model.p.fade.full_until ? ' \u2014 shown faded: not confirmed since' : '')));
      if (r.via >= 0) add(box, h('div', 'cm-meta', 'from a claim about ' + model.areas[r.via].properties.name));
      citation(model, c, add(box, h('div', 'cm-claim')));
      if (r.also.length) {
        add(box, h('div', 'cm-sub', 'Same day, other claims disagree:'));
        var ul = add(box, h('ul', 'cm-list'));
        r.also.forEach(function (ci) {
          var o = model.claims[ci], li = add(ul, h('li'));
          add(li, swatch(model, o.status));
          add(li, h('span', null, model.claimantLabel(o.claimant) + ': ' + model.statusLabel(o.status) + ' \u2014 '));
          add(li, link(o.source_url, o.source_title || '(untitled source)'));
        });
      }
    } else {
      add(box, h('div', 'cm-since', 'No claim in this view on this date.'));
    }
    var claimants = Object.keys(model.p.claimants);
    add(box, h('div', 'cm-sub', 'Each claimant on ' + fromDay(day) + ':'));
    var ul2 = add(box, h('ul', 'cm-list cm-positions'));
    claimants.forEach(function (cl) {
      var v = 'claimant:' + cl;
      if (!model.hasView(v)) return;
      var q = model.resolve(v, day, i);
      if (q.claim < 0) return;
      var li = add(ul2, h('li'));
      add(li, swatch(model, q.status));
      add(li, h('span', null, model.claimantLabel(cl) + ': ' + model.statusLabel(q.status) + ' since ' +
        model.claims[q.claim].date + ' '));
      add(li, link(model.claims[q.claim].source_url, '[source]'));
    });
    if (!ul2.childNodes.length) add(ul2, h('li', null, 'nobody has said anything yet'));
    add(box, h('div', 'cm-sub', 'History in this view:'));
    var tbl = add(box, h('table', 'cm-history'));
    model.history(view, i).forEach(function (row) {
      var tr = add(tbl, h('tr', row.day === model.views[view].days[model.row(view, day)] ? 'cm-now' : ''));
      add(tr, h('td', null, fromDay(row.day)));
      var td = add(tr, h('td'));
      add(td, swatch(model, row.status));
      add(td, h('span', null, model.statusLabel(row.status)));
      var src = add(tr, h('td'));
      if (row.claim >= 0) {
        var c2 = model.claims[row.claim];
        add(src, h('span', null, model.claimantLabel(c2.claimant) + ' '));
        add(src, link(c2.source_url, '[source]'));
      }
    });
    if (p.approximate) add(box, h('div', 'cm-approx', 'Outline approximate'));
    return box;
  }

  /* ---- map controls: legend and attribution ---------------------------------------- */

  function legendControl(ctl) {
    var C = L.Control.extend({
      options: {position: 'bottomleft'},
      onAdd: function () {
        var model = ctl.model, box = h('div', 'cm-legend leaflet-bar');
        L.DomEvent.disableClickPropagation(box);
        model.p.legend.forEach(function (s) {
          var row = add(box, h('div', 'cm-legend-row'));
          add(row, swatch(model, s.status));
          add(row, h('span', null, s.label));
        });
        add(box, h('div', 'cm-legend-note', 'Paler fill: claim older than ' + model.p.fade.full_until + ' days'));
        var r1 = add(box, h('div', 'cm-legend-row'));
        add(r1, h('span', 'cm-key-river'));
        add(r1, h('span', null, 'Oskil river'));
        var r2 = add(box, h('div', 'cm-legend-row'));
        add(r2, h('span', 'cm-key-event'));
        add(r2, h('span', null, 'Event (last 45 days)'));
        ctl.seriesKey = add(box, h('div', 'cm-legend-row cm-hidden'));
        add(ctl.seriesKey, h('span', 'cm-key-series'));
        ctl.seriesKeyText = add(ctl.seriesKey, h('span', null, ''));
        if (model.p.approximate) add(box, h('div', 'cm-approx', model.p.approximate_note || 'Approximate outlines'));
        return box;
      }
    });
    return new C();
  }

  function attributionControl(ctl) {
    var C = L.Control.extend({
      options: {position: 'bottomright'},
      onAdd: function () {
        var model = ctl.model, box = h('div', 'cm-attribution');
        L.DomEvent.disableClickPropagation(box);
        var line = add(box, h('div', 'cm-attr-line'));
        var credits = (model.p.attribution || []).slice();
        credits.push('Leaflet (BSD-2-Clause)');
        add(line, h('span', null, credits.join(' \u00b7 ')));
        ctl.osmCredit = add(line, h('span', 'cm-hidden', ' \u00b7 Basemap \u00a9 OpenStreetMap contributors'));
        var srcs = model.p.sources || [];
        var btn = add(line, h('button', 'cm-linkish', ' \u00b7 Sources (' + srcs.length + ')'));
        btn.type = 'button';
        var list = add(box, h('ul', 'cm-sources cm-hidden'));
        srcs.forEach(function (s) { add(add(list, h('li')), link(s.url, s.title)); });
        btn.addEventListener('click', function () { list.classList.toggle('cm-hidden'); });
        return box;
      }
    });
    return new C();
  }

  /* ---- the toolbar -------------------------------------------------------------------- */

  var ICONS = {
    prev: 'M3 2h2v12H3zM14 2v12L6 8z',
    next: 'M11 2h2v12h-2zM2 2v12l8-6z',
    play: 'M4 2v12l10-6z',
    pause: 'M3 2h4v12H3zM9 2h4v12H9z'
  };
  function iconSvg(name) {
    var svg = svgEl('svg', {viewBox: '0 0 16 16', width: 14, height: 14, 'aria-hidden': 'true'});
    svg.appendChild(svgEl('path', {d: ICONS[name], fill: 'currentColor'}));
    return svg;
  }

  function Toolbar(ctl, host) {
    var tb = this, model = ctl.model;
    tb.ctl = ctl;
    var bar = tb.el = add(host, h('div', 'cm-toolbar'));
    function button(icon, title, fn) {
      var b = add(bar, h('button', 'cm-btn'));
      b.appendChild(iconSvg(icon));
      b.type = 'button'; b.title = title; b.setAttribute('aria-label', title);
      b.addEventListener('click', fn);
      return b;
    }
    tb.prev = button('prev', 'Previous change', function () { ctl.stepChange(-1); });
    tb.play = button('play', 'Play / pause', function () { ctl.togglePlay(); });
    tb.next = button('next', 'Next change', function () { ctl.stepChange(1); });
    tb.speed = add(bar, h('select', 'cm-speed'));
    tb.speed.title = 'Play speed';
    SPEEDS.forEach(function (s) {
      var o = add(tb.speed, h('option', null, s[1])); o.value = s[0];
    });
    tb.date = add(bar, h('input', 'cm-date'));
    tb.date.type = 'date'; tb.date.min = fromDay(model.first); tb.date.max = fromDay(model.last);
    tb.date.title = 'Date';
    tb.date.addEventListener('change', function () {
      if (tb.date.value) ctl.setDate(toDay(tb.date.value), 'date');
    });
    var wrap = add(bar, h('div', 'cm-slider-wrap'));
    tb.slider = add(wrap, h('input', 'cm-slider'));
    tb.slider.type = 'range'; tb.slider.min = '0'; tb.slider.max = String(model.last - model.first);
    tb.slider.step = '1'; tb.slider.setAttribute('aria-label', 'Date');
    tb.slider.addEventListener('input', function () {
      ctl.setDate(model.first + (+tb.slider.value), 'date');
    });
    tb.ticks = add(wrap, h('div', 'cm-ticks'));
    tb.events = add(bar, h('select', 'cm-events'));
    tb.events.title = 'Jump to an event';
    var o0 = add(tb.events, h('option', null, 'Jump to event\u2026')); o0.value = '';
    model.events.forEach(function (ev, i) {
      var o = add(tb.events, h('option', null, ev.e.date + ' \u2014 ' + ev.e.title)); o.value = String(i);
    });
    tb.events.addEventListener('change', function () {
      if (tb.events.value !== '') ctl.jumpToEvent(+tb.events.value);
    });
  }
  Toolbar.prototype.sync = function () {
    var ctl = this.ctl, model = ctl.model, d = ctl.state.date;
    this.slider.value = String(d - model.first);
    this.date.value = fromDay(d);
    this.play.textContent = '';
    this.play.appendChild(iconSvg(ctl.playing ? 'pause' : 'play'));
    this.play.classList.toggle('cm-on', !!ctl.playing);
  };
  // Marks on the slider track for every change day of the current view.
  Toolbar.prototype.drawTicks = function () {
    var ctl = this.ctl, model = ctl.model, t = model.views[ctl.state.view];
    this.ticks.textContent = '';
    if (!t) return;
    var span = Math.max(1, model.last - model.first);
    var tk = this.ticks;
    t.days.forEach(function (d) {
      var m = add(tk, h('span', 'cm-tick'));
      m.style.left = (100 * (d - model.first) / span) + '%';
    });
  };

  /* ---- the controller ---------------------------------------------------------------- */

  function Controller(element, payload, options) {
    var ctl = this;
    options = options || {};
    ctl.model = new Model(payload);
    ctl.onChange = options.onChange || null;
    ctl.focusEvent = null;
    ctl.playing = null;
    var model = ctl.model;
    var first = options.date ? toDay(options.date) : model.last;
    ctl.state = {
      date: Math.min(model.last, Math.max(model.first, first)),
      view: options.view || 'assessed',
      compare: options.compare || null,
      diff: options.diff || null,
      layers: Object.assign({towns: true, oskil: true, builtup: true, hromadas: false,
                             events: true, basemap: false, series: {}}, options.layers || {}),
      area: null
    };
    element.textContent = '';
    ctl.root = add(element, h('div', 'cm-root'));
    ctl.root.style.height = (options.height || 640) + 'px';
    if (options.toolbar !== false) ctl.toolbar = new Toolbar(ctl, ctl.root);
    ctl.panesEl = add(ctl.root, h('div', 'cm-panes'));
    ctl.panes = [];
    ctl.buildPanes();
    ctl.explicitView = !!(options.center && options.zoom !== undefined && options.zoom !== null);
    ctl.userMoved = false;
    ctl.initialView(options);
    ctl.paint();
    // Until the reader moves the map, keep the whole area in view as the frame settles
    // (an iframe often gets its final size after the first paint).
    if (global.ResizeObserver) {
      ctl.resizer = new global.ResizeObserver(function () {
        ctl.panes.forEach(function (p) { p.map.invalidateSize({animate: false}); });
        if (!ctl.userMoved) ctl.initialView(options);
      });
      ctl.resizer.observe(ctl.root);
    }
  }

  Controller.prototype.initialView = function (options) {
    var map = this.panes[0].map;
    this.settling = true;
    if (this.explicitView) map.setView(options.center, options.zoom, {animate: false});
    else map.fitBounds(this.model.p.bounds, {padding: [12, 12], animate: false});
    this.syncViews(this.panes[0]);
    this.settling = false;
  };

  Controller.prototype.buildPanes = function () {
    var ctl = this;
    var want = ctl.state.compare ? 2 : 1;
    var keep = ctl.panes.length ? ctl.panes[0].map : null;
    var view = keep ? {c: keep.getCenter(), z: keep.getZoom()} : null;
    while (ctl.panes.length > want) {
      var gone = ctl.panes.pop(); gone.map.remove(); ctl.panesEl.removeChild(gone.el);
    }
    while (ctl.panes.length < want) {
      var pane = new Pane(ctl, ctl.panesEl, ctl.panes.length);
      legendControl(ctl).addTo(pane.map);
      attributionControl(ctl).addTo(pane.map);
      pane.map.on('move', function (e) { ctl.syncViews(e.target._cmPane); });
      pane.map.on('moveend', function () { if (!ctl.settling && ctl.userMoved) ctl.report('move'); });
      pane.map.on('dragstart zoomstart', function () { if (!ctl.settling) ctl.userMoved = true; });
      pane.map._cmPane = pane;
      pane.applyLayers();
      ctl.panes.push(pane);
    }
    ctl.root.classList.toggle('cm-compare', want === 2);
    ctl.panes.forEach(function (p) { p.map.invalidateSize({animate: false}); });
    if (view) ctl.panes[0].map.setView(view.c, view.z, {animate: false});
  };

  // Keep every pane on the same centre and zoom.
  Controller.prototype.syncViews = function (src) {
    if (this.syncing || !src) return;
    this.syncing = true;
    var c = src.map.getCenter(), z = src.map.getZoom();
    this.panes.forEach(function (p) { if (p !== src) p.map.setView(c, z, {animate: false}); });
    this.syncing = false;
  };

  Controller.prototype.paint = function () {
    var ctl = this;
    ctl.panes.forEach(function (p) { p.paint(); });
    if (ctl.toolbar) ctl.toolbar.sync();
    ctl.root.setAttribute('data-date', fromDay(ctl.state.date));
    ctl.root.setAttribute('data-view', ctl.state.view);
    var want = ctl.state.layers.series || {}, shown = [];
    Object.keys(ctl.model.series).forEach(function (k) {
      if (!want[k]) return;
      var ser = ctl.model.series[k], i = lastLE(ser.days, ctl.state.date);
      shown.push(ser.s.label + (i >= 0 ? ' as of ' + ser.s.items[i].start : ' (none yet)'));
    });
    if (ctl.seriesKey) {
      ctl.seriesKey.classList.toggle('cm-hidden', !shown.length);
      ctl.seriesKeyText.textContent = shown.join('; ');
    }
    if (ctl.osmCredit) ctl.osmCredit.classList.toggle('cm-hidden', !ctl.state.layers.basemap);
  };

  Controller.prototype.setDate = function (day, reason) {
    var m = this.model;
    day = Math.min(m.last, Math.max(m.first, Math.round(day)));
    if (day === this.state.date) { if (this.toolbar) this.toolbar.sync(); return; }
    this.state.date = day;
    this.paint();
    this.report(reason || 'date');
  };

  Controller.prototype.stepChange = function (dir) {
    var t = this.model.views[this.state.view];
    if (!t || !t.days.length) return;
    var d = this.state.date, k;
    if (dir > 0) {
      k = lastLE(t.days, d) + 1;
      if (k < t.days.length) this.setDate(t.days[k], 'date');
    } else {
      k = lastLE(t.days, d);
      if (k >= 0 && t.days[k] === d) k -= 1;
      if (k >= 0) this.setDate(t.days[k], 'date');
    }
  };

  Controller.prototype.togglePlay = function () {
    var ctl = this;
    if (ctl.playing) {
      clearInterval(ctl.playing); ctl.playing = null;
      ctl.toolbar && ctl.toolbar.sync();
      ctl.report('date');
      return;
    }
    if (ctl.state.date >= ctl.model.last) ctl.state.date = ctl.model.first;
    ctl.playing = setInterval(function () {
      var speed = ctl.toolbar ? ctl.toolbar.speed.value : '7';
      var before = ctl.state.date;
      if (speed === 'change') ctl.stepChange(1);
      else ctl.setDate(ctl.state.date + (+speed), 'play');
      if (ctl.state.date === before || ctl.state.date >= ctl.model.last) ctl.togglePlay();
    }, TICK_MS);
    ctl.toolbar && ctl.toolbar.sync();
  };

  Controller.prototype.jumpToEvent = function (i) {
    var ev = this.model.events[i];
    if (!ev) return;
    this.focusEvent = i;
    this.panes.forEach(function (p) { p.eventsKey = null; });
    this.setDate(ev.day, 'date');
    var p0 = this.panes[0];
    if (ev.e.point) {
      p0.map.panTo(ev.e.point, {animate: false});
      L.popup({maxWidth: 340}).setLatLng(ev.e.point).setContent(eventCard(this.model, ev.e)).openOn(p0.map);
    }
    this.paint();
  };

  Controller.prototype.selectArea = function (id) {
    this.state.area = id;
    this.report('select');
  };

  Controller.prototype.getState = function () {
    var m = this.panes[0].map, c = m.getCenter();
    return {date: fromDay(this.state.date), view: this.state.view,
            center: [Math.round(c.lat * 1e5) / 1e5, Math.round(c.lng * 1e5) / 1e5],
            zoom: m.getZoom(), area: this.state.area, playing: !!this.playing};
  };

  Controller.prototype.report = function (reason) {
    if (this.onChange) this.onChange(this.getState(), reason);
  };

  Controller.prototype.getDate = function () { return fromDay(this.state.date); };

  // Change options after mount: view, compare, diff, layers, timeline, date.
  Controller.prototype.update = function (o) {
    var ctl = this, st = ctl.state, rebuild = false;
    if (o.timeline) { ctl.model.setTimeline(o.timeline); ctl.panes.forEach(function (p) { p.keys = []; }); }
    if (o.view !== undefined) st.view = o.view;
    if (o.diff !== undefined) st.diff = o.diff || null;
    if (o.compare !== undefined) {
      rebuild = !!o.compare !== !!st.compare;
      st.compare = o.compare || null;
    }
    if (o.layers) {
      st.layers = Object.assign({}, st.layers, o.layers);
    }
    if (rebuild) ctl.buildPanes();
    if (o.layers || rebuild) ctl.panes.forEach(function (p) { p.applyLayers(); });
    if (o.date) st.date = Math.min(ctl.model.last, Math.max(ctl.model.first, toDay(o.date)));
    ctl.panes.forEach(function (p) { p.keys = []; p.eventsKey = null; });
    if (ctl.toolbar) ctl.toolbar.drawTicks();
    ctl.paint();
  };

  Controller.prototype.destroy = function () {
    if (this.playing) clearInterval(this.playing);
    if (this.resizer) this.resizer.disconnect();
    this.panes.forEach(function (p) { p.map.remove(); });
    this.root.parentNode && this.root.parentNode.removeChild(this.root);
  };

  function mount(element, payload, options) {
    if (!L) throw new Error('ControlMap needs Leaflet (load leaflet.js first)');
    var ctl = new Controller(element, payload, options);
    if (ctl.toolbar) ctl.toolbar.drawTicks();
    return ctl;
  }

  global.ControlMap = {mount: mount, version: 1, toDay: toDay, fromDay: fromDay};
})(window);
