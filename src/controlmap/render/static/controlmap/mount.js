/* controlmap map: the controller, which holds the state (date, view, layers), steps the
 * date, plays, jumps to events, reports to the host page; and the public
 * window.ControlMap.mount.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var L = global.L;
  var TICK_MS = lib.TICK_MS, PLAY_SPAN_S = lib.PLAY_SPAN_S, toDay = lib.toDay,
      fromDay = lib.fromDay, h = lib.h, add = lib.add, lastLE = lib.lastLE, Model = lib.Model, eventCard = lib.eventCard, Toolbar = lib.Toolbar;

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
      layers: Object.assign({towns: true, oskil: true, border: true, builtup: true, hromadas: false,
                             events: true, basemap: false, series: {}}, options.layers || {}),
      area: null
    };
    ctl.pin();
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
    else map.fitBounds(this.firstBounds(), Object.assign({animate: false}, this.fitPadding()));
    this.syncViews(this.panes[0]);
    this.settling = false;
  };

  // The first view: the city and its parts large, with a margin of what is around them
  // (the payload's `focus`; every area where the data has no city).
  Controller.prototype.firstBounds = function () {
    var p = this.model.p;
    return p.focus ? L.latLngBounds(p.focus).pad(0.03) : L.latLngBounds(p.bounds);
  };

  // Room for the legend (bottom left) and the credits (bottom right), so no area is fitted
  // under them; the legend's width is left free only where the map stays wide enough.
  Controller.prototype.fitPadding = function () {
    var left = 12, bottom = 12, width = this.panes[0].map.getSize().x;
    this.panes.forEach(function (p) {
      var el = p.map.getContainer();
      var legend = el.querySelector('.cm-legend'), credits = el.querySelector('.cm-attribution');
      if (legend && legend.offsetWidth) left = Math.max(left, legend.offsetWidth + 20);
      if (credits && credits.offsetHeight) bottom = Math.max(bottom, credits.offsetHeight + 16);
    });
    if (width - left - 12 < 0.35 * width) left = 12;
    return {paddingTopLeft: [left, 12], paddingBottomRight: [12, bottom]};
  };


  Controller.prototype.paint = function () {
    var ctl = this;
    ctl.panes.forEach(function (p) {
      p.paint();
      if (p.legend) { p.legend.setView(p.current.view); p.legend.setDiff(p.current.diff !== null); }
    });
    if (ctl.toolbar) ctl.toolbar.sync();
    ctl.root.setAttribute('data-date', fromDay(ctl.state.date));
    ctl.root.setAttribute('data-view', ctl.state.view);
    var want = ctl.state.layers.series || {}, shown = [];
    Object.keys(ctl.model.series).forEach(function (k) {
      if (!want[k]) return;
      var ser = ctl.model.series[k], i = lastLE(ser.days, ctl.state.date);
      shown.push(i >= 0 ? lib.ui(ctl.model, 'series_as_of', {label: ser.s.label, date: lib.dayText(ctl.model, toDay(ser.s.items[i].start))})
                      : lib.ui(ctl.model, 'series_none', {label: ser.s.label}));
    });
    if (ctl.seriesKey) {
      ctl.seriesKey.classList.toggle('cm-hidden', !shown.length);
      ctl.seriesKeyText.textContent = shown.join('; ');
    }
    if (ctl.osmCredit) ctl.osmCredit.classList.toggle('cm-hidden', !ctl.state.layers.basemap);
  };

  // While the view on screen is a one-day snapshot (payload_model.js `pinned`), the date
  // stays on its day: any other day would show that day's colours for a day they may not
  // be true of. Returns whether the date is pinned.
  Controller.prototype.pin = function () {
    var day = this.model.pinned(this.state.view);
    if (day === null) return false;
    this.state.date = day;
    if (this.playing) { clearInterval(this.playing); this.playing = null; }
    return true;
  };

  Controller.prototype.setDate = function (day, reason) {
    var m = this.model;
    if (m.pinned(this.state.view) !== null) { if (this.toolbar) this.toolbar.sync(); return; }
    day = Math.min(m.last, Math.max(m.first, Math.round(day)));
    if (day === this.state.date) { if (this.toolbar) this.toolbar.sync(); return; }
    this.state.date = day;
    this.paint();
    this.report(reason || 'date');
  };

  Controller.prototype.stepChange = function (dir) {
    var t = this.model.views[this.state.view];
    var days = t ? t.changes : [];
    if (!days.length) return;
    var d = this.state.date, k;
    if (dir > 0) {
      k = lastLE(days, d) + 1;
      if (k < days.length) this.setDate(days[k], 'date');
    } else {
      k = lastLE(days, d);
      if (k >= 0 && days[k] === d) k -= 1;
      if (k >= 0) this.setDate(days[k], 'date');
    }
  };

  Controller.prototype.togglePlay = function () {
    var ctl = this;
    if (!ctl.playing && ctl.model.pinned(ctl.state.view) !== null) return;
    if (ctl.playing) {
      clearInterval(ctl.playing); ctl.playing = null;
      ctl.toolbar && ctl.toolbar.sync();
      ctl.report('date');
      return;
    }
    if (ctl.state.date >= ctl.model.last) ctl.state.date = ctl.model.first;
    // 'span': as many days a step as play the whole span in PLAY_SPAN_S seconds.
    var m = ctl.model;
    var spanStep = Math.max(1, Math.ceil((m.last - m.first) * TICK_MS / (1000 * PLAY_SPAN_S)));
    ctl.playing = setInterval(function () {
      var speed = ctl.toolbar ? ctl.toolbar.speed.value : 'span';
      var before = ctl.state.date;
      if (speed === 'change') ctl.stepChange(1);
      else ctl.setDate(ctl.state.date + (speed === 'span' ? spanStep : +speed), 'play');
      if (ctl.state.date === before || ctl.state.date >= ctl.model.last) ctl.togglePlay();
    }, TICK_MS);
    ctl.toolbar && ctl.toolbar.sync();
  };

  Controller.prototype.jumpToEvent = function (i) {
    var ev = this.model.events[i];
    if (!ev || this.model.pinned(this.state.view) !== null) return;
    this.focusEvent = i;
    this.panes.forEach(function (p) { p.eventsKey = null; });
    // A jump is a discrete choice: the host keeps it as its own history entry.
    this.setDate(ev.day, 'event');
    var p0 = this.panes[0];
    if (ev.e.point) {
      p0.map.panTo(ev.e.point, {animate: false});
      L.popup({maxWidth: 340}).setLatLng(ev.e.point).setContent(eventCard(this.model, ev.e)).openOn(p0.map);
    }
    this.paint();
  };

  // Open area i's card from the keyboard (the toolbar's area list): the map moves to the
  // area, the card takes the focus, and Escape closes it and gives the focus back to `from`.
  Controller.prototype.openArea = function (i, from) {
    var p0 = this.panes[0], f = this.model.areas[i];
    if (!f) return;
    p0.map.panTo(f.properties.label, {animate: false});
    p0.openCard(i, f.properties.label);
    var el = p0.popup && p0.popup.getElement(), card = el && el.querySelector('.cm-card');
    if (!card) return;
    card.setAttribute('tabindex', '-1');
    card.focus({preventScroll: true});
    var popup = p0.popup;
    el.addEventListener('keydown', function (e) {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      p0.map.closePopup(popup);
      if (from) from.focus();
    });
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

  // Change options after mount: view, compare, diff, layers, timeline (more views of the same
  // as-known-at day join, another day's replaces), claims (they arrive after the first
  // paint in the app: open cards and the credits are written again), date.
  Controller.prototype.update = function (o) {
    var ctl = this, st = ctl.state, rebuild = false;
    if (o.claims) { ctl.model.setClaims(o.claims); if (ctl.onClaims) ctl.onClaims(); }
    if (o.timeline) { ctl.model.addTimeline(o.timeline); ctl.panes.forEach(function (p) { p.keys = []; }); }
    if (o.view !== undefined) st.view = o.view;
    if (o.diff !== undefined) st.diff = o.diff || null;
    if (o.compare !== undefined) {
      rebuild = !!o.compare !== !!st.compare;
      st.compare = o.compare || null;
    }
    var eventsWere = st.layers.events;
    if (o.layers) {
      st.layers = Object.assign({}, st.layers, o.layers);
    }
    if (rebuild) ctl.buildPanes();
    if (o.layers || rebuild) ctl.panes.forEach(function (p) { p.applyLayers(); });
    if (o.date) st.date = Math.min(ctl.model.last, Math.max(ctl.model.first, toDay(o.date)));
    ctl.pin();
    // Event markers are made again only when they are turned on or off (or the panes are
    // new): an update that only brings more views must not replace a marker in focus.
    var eventsMoved = rebuild || st.layers.events !== eventsWere;
    ctl.panes.forEach(function (p) { p.keys = []; if (eventsMoved) p.eventsKey = null; });
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

  lib.Controller = Controller;
  CM.mount = mount;
  CM.version = 3;  // the payload version (render/payload.py)
  CM.toDay = toDay;
  CM.fromDay = fromDay;
})(window);
