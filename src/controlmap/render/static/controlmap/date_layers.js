/* controlmap map: what a date step shows besides the area colours: the outline of each
 * whole place whose own status differs from what its parts show (click it for its card), the
 * imported front-line series (one polygon, the one in force on the day) and recent events.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var L = global.L;
  var h = lib.h, colour = lib.colour, lastLE = lib.lastLE, fill = lib.fill, Pane = lib.Pane,
      eventCard = lib.eventCard;

  // A whole's outline leaves and rejoins the map as its parts agree and disagree from day
  // to day; Leaflet projects every point again on each rejoin. Here only when the zoom, the
  // map's pixel origin or the shape (new lat/lngs, another level of detail) changed since.
  function projectOnce(project) {
    return function () {
      var m = this._map, o = m.getPixelOrigin(), key = m.getZoom() + ':' + o.x + ':' + o.y;
      if (this._cmProjected === key && this._cmLatLngs === this._latlngs && this._rings) return;
      project.call(this);
      this._cmProjected = key;
      this._cmLatLngs = this._latlngs;
    };
  }

  // Wholes at odds with their parts: a dashed outline in the whole's own status colour, on
  // top of the parts; a click opens the whole's card. Outlines are made once, on first need.
  Pane.prototype.paintWholes = function (view, day) {
    var pane = this, model = this.ctl.model, odds = model.odds(view, day), shown = {};
    odds.forEach(function (i) {
      var r = model.resolve(view, day, i), p = model.areas[i].properties;
      var edge = colour(model.style(r.status).edge);
      var key = r.status + '|' + edge;
      shown[i] = true;
      var line = pane.wholeLayers[i];
      if (!line) {
        line = pane.wholeLayers[i] = L.geoJSON({type: 'Feature', properties: {}, geometry: p.outline}, {
          renderer: pane.wholeRenderer, style: {fill: false, weight: 4, opacity: 1, dashArray: '10 6',
                                                className: 'cm-whole'}});
        line.on('click', function (e) { L.DomEvent.stopPropagation(e); pane.openCard(i, e.latlng); });
        line.eachLayer(function (l) { l._project = projectOnce(Object.getPrototypeOf(l)._project); });
      }
      if (line.cmKey !== key) {
        line.setStyle({color: edge});
        line.unbindTooltip();
        line.bindTooltip(h('span', null, fill(model.words.whole, {name: p.name,
          status: model.statusLabel(r.status, view)}) + ' — ' + lib.ui(model, 'whole_click')), {sticky: true});
        line.cmKey = key;
      }
      if (!pane.layers.wholes.hasLayer(line)) {
        pane.layers.wholes.addLayer(line);
        line.eachLayer(function (l) {
          var el = l.getElement && l.getElement();
          if (el) el.setAttribute('data-whole', p.id);
        });
      }
    });
    pane.wholeLayers.forEach(function (line, i) {
      if (line && !shown[i] && pane.layers.wholes.hasLayer(line)) pane.layers.wholes.removeLayer(line);
    });
  };

  // Lat/lngs of a series item, converted once and shared by every pane.
  function seriesLatLngs(ser, idx) {
    ser.latlngs = ser.latlngs || [];
    if (!ser.latlngs[idx]) {
      var g = ser.s.items[idx].geometry || {};
      var deep = g.type === 'MultiPolygon' ? 2 : 1;
      ser.latlngs[idx] = g.coordinates ? L.GeoJSON.coordsToLatLngs(g.coordinates, deep) : [];
    }
    return ser.latlngs[idx];
  }

  // One outline per series and pane, kept on the map: a date step only swaps its points
  // (setLatLngs redraws that one path), never builds or removes a layer.
  Pane.prototype.paintSeries = function (day) {
    var pane = this, model = this.ctl.model, want = this.ctl.state.layers.series || {};
    Object.keys(model.series).forEach(function (k) {
      var ser = model.series[k];
      var idx = want[k] ? lastLE(ser.days, day) : -1;
      if (pane.seriesShown[k] === idx) return;
      pane.seriesShown[k] = idx;
      var line = pane.layers.series[k];
      if (idx < 0) {
        if (line && pane.map.hasLayer(line)) pane.map.removeLayer(line);
        return;
      }
      var it = ser.s.items[idx];
      var edge = colour(model.style(it.status).edge);
      if (!line) {
        line = pane.layers.series[k] = L.polygon([], {renderer: pane.refRenderer, interactive: false,
          color: edge, weight: 2.2, dashArray: '7 4', fill: false, className: 'cm-series'});
      }
      line.setLatLngs(seriesLatLngs(ser, idx));
      line.setStyle({color: edge});
      if (!pane.map.hasLayer(line)) line.addTo(pane.map);
      var el = line.getElement && line.getElement();
      if (el) {
        el.setAttribute('data-series', k);
        el.setAttribute('data-series-date', it.start);
      }
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
      var ref = model.palette.reference;
      var mk = L.circleMarker(ev.point, {renderer: pane.refRenderer, radius: 6, color: colour(ref.event_edge),
        weight: 2, fillColor: colour(ref.event), fillOpacity: 1, className: 'cm-event'});
      mk.bindTooltip(h('span', null, ev.date_text + ' \u00b7 ' + ev.title), {direction: 'top'});
      mk.on('click', function () {
        L.popup({maxWidth: 340}).setLatLng(ev.point).setContent(eventCard(model, ev)).openOn(pane.map);
      });
      mk.cmName = lib.ui(model, 'event_name', {date: ev.date_text, title: ev.title});
      pane.layers.events.addLayer(mk);
    });
    if (!pane.map.hasLayer(pane.layers.events)) pane.layers.events.addTo(pane.map);
    pane.layers.events.eachLayer(nameMarker);
  };

  // An event marker is a named button for the keyboard and a screen reader: Tab reaches it,
  // Enter or Space opens its card.
  function nameMarker(mk) {
    var el = mk.getElement && mk.getElement();
    if (!el || el.getAttribute('aria-label')) return;
    el.setAttribute('role', 'button');
    el.setAttribute('tabindex', '0');
    el.setAttribute('aria-label', mk.cmName);
    el.addEventListener('keydown', function (e) {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      mk.fire('click');
    });
  }

})(window);
