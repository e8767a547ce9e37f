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

  // Once made, a whole's outline stays on the map; a date step only takes its path element
  // out of the SVG or puts it back. Removing and re-adding the layer instead had Leaflet
  // build a new element and project every point again, day after day. Leaflet keeps a
  // detached path's points up to date on zoom and pan, as for any path of its renderer.
  function showLine(line, on) {
    line.eachLayer(function (l) {
      var el = l.getElement && l.getElement();
      if (!el) return;
      if (on && !el.parentNode && l.cmParent) l.cmParent.appendChild(el);
      if (!on && el.parentNode) { l.cmParent = el.parentNode; el.parentNode.removeChild(el); }
    });
    if (!on) line.closeTooltip();
    line.cmShown = on;
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
        pane.layers.wholes.addLayer(line);
        line.eachLayer(function (l) {
          var el = l.getElement && l.getElement();
          if (el) el.setAttribute('data-whole', p.id);
        });
        line.cmShown = true;
        // Its words are written when the tooltip opens, for the status of the day shown.
        line.bindTooltip(function () {
          return h('span', null, fill(model.words.whole, {name: p.name,
            status: model.statusLabel(line.cmStatus, line.cmView)}) + ' — ' + lib.ui(model, 'whole_click'));
        }, {sticky: true});
      }
      line.cmStatus = r.status;
      line.cmView = view;
      if (line.cmKey !== key) {
        line.setStyle({color: edge});
        if (line.isTooltipOpen()) line.getTooltip().update();  // open: its words anew
        line.cmKey = key;
      }
      if (!line.cmShown) showLine(line, true);
    });
    pane.wholeLayers.forEach(function (line, i) {
      if (line && !shown[i] && line.cmShown) showLine(line, false);
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
