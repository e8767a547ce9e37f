/* controlmap map: the date toolbar above the panes: previous/next change, play, speed,
 * date, a slider with a tick per change day of the view, and jump to an event.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var SPEEDS = lib.SPEEDS, toDay = lib.toDay, fromDay = lib.fromDay, h = lib.h, add = lib.add,
      svgEl = lib.svgEl;

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
    tb.prev = button('prev', lib.ui(model, 'prev_change'), function () { ctl.stepChange(-1); });
    tb.play = button('play', lib.ui(model, 'play_pause'), function () { ctl.togglePlay(); });
    tb.next = button('next', lib.ui(model, 'next_change'), function () { ctl.stepChange(1); });
    tb.speed = add(bar, h('select', 'cm-speed'));
    tb.speed.title = lib.ui(model, 'play_speed');
    SPEEDS.forEach(function (s) {
      var o = add(tb.speed, h('option', null, lib.ui(model, 'speed_' + s[0]))); o.value = s[0];
    });
    tb.date = add(bar, h('input', 'cm-date'));
    tb.date.type = 'date'; tb.date.min = fromDay(model.first); tb.date.max = fromDay(model.last);
    tb.date.title = lib.ui(model, 'date');
    tb.date.addEventListener('change', function () {
      if (tb.date.value) ctl.setDate(toDay(tb.date.value), 'date');
    });
    var wrap = add(bar, h('div', 'cm-slider-wrap'));
    tb.slider = add(wrap, h('input', 'cm-slider'));
    tb.slider.type = 'range'; tb.slider.min = '0'; tb.slider.max = String(model.last - model.first);
    tb.slider.step = '1'; tb.slider.setAttribute('aria-label', lib.ui(model, 'date'));
    tb.slider.addEventListener('input', function () {
      ctl.setDate(model.first + (+tb.slider.value), 'date');
    });
    tb.ticks = add(wrap, h('div', 'cm-ticks'));
    tb.events = add(bar, h('select', 'cm-events'));
    tb.events.title = lib.ui(model, 'jump_event_title');
    var o0 = add(tb.events, h('option', null, lib.ui(model, 'jump_event'))); o0.value = '';
    model.events.forEach(function (ev, i) {
      var o = add(tb.events, h('option', null, ev.e.date_text + ' \u2014 ' + ev.e.title)); o.value = String(i);
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
    t.changes.forEach(function (d) {
      var m = add(tk, h('span', 'cm-tick'));
      m.style.left = (100 * (d - model.first) / span) + '%';
    });
  };

  lib.Toolbar = Toolbar;
})(window);
