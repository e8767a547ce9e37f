/* controlmap map, part 6: map controls (legend, attribution and sources) and the toolbar
 * (previous/next change, play, speed, date, slider with change ticks, jump to event).
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var L = global.L;
  var SPEEDS = lib.SPEEDS, toDay = lib.toDay, fromDay = lib.fromDay, h = lib.h, add = lib.add,
      link = lib.link, swatch = lib.swatch, svgEl = lib.svgEl;

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


  lib.legendControl = legendControl;
  lib.attributionControl = attributionControl;
  lib.Toolbar = Toolbar;
})(window);
