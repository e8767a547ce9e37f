/* controlmap map: the date toolbar above the panes: previous/next change, play, speed,
 * date, a zoomable slider (all / 1 year / 3 months / 1 month around the date) with a tick
 * per change day of the view in the window, jump to an event, and the list of areas (the
 * keyboard's way to an area's card).
 *
 * The slider spans years in a few hundred pixels; zoomed to a month a day is ~10 px, so any
 * day of the busy months is reachable by pointer. Keyboard on the slider: arrows a day,
 * PageUp/PageDown a change (with Shift a month), Home/End the first/last day.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var SPEEDS = lib.SPEEDS, toDay = lib.toDay, fromDay = lib.fromDay, h = lib.h, add = lib.add,
      svgEl = lib.svgEl, MS_DAY = lib.MS_DAY;

  var ICONS = {
    prev: 'M3 2h2v12H3zM14 2v12L6 8z',
    next: 'M11 2h2v12h-2zM2 2v12l8-6z',
    play: 'M4 2v12l10-6z',
    pause: 'M3 2h4v12H3zM9 2h4v12H9z'
  };
  // Slider windows: [days (0: the whole span), short label, name for a screen reader].
  // A name starts with the visible text (WCAG 2.5.3).
  // Their words are the payload's (render/browser_words.py: zoom_<days>, zoom_<days>_name).
  var ZOOMS = [0, 365, 91, 30];
  var FORMATS = {};

  function wordsFormat(lang) {
    var tag = lang === 'uk' ? 'uk-UA' : 'en-GB';
    if (!(tag in FORMATS)) {
      FORMATS[tag] = global.Intl ? new global.Intl.DateTimeFormat(tag, {
        day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'}) : null;
    }
    return FORMATS[tag];
  }

  function iconSvg(name) {
    var svg = svgEl('svg', {viewBox: '0 0 16 16', width: 14, height: 14, 'aria-hidden': 'true'});
    svg.appendChild(svgEl('path', {d: ICONS[name], fill: 'currentColor'}));
    return svg;
  }
  // A day number as words, "25 November 2025" ("25 листопада 2025 р."): what a screen reader
  // says for the slider, in the payload's language.
  function dayWords(n, lang) {
    var f = wordsFormat(lang);
    return f ? f.format(new Date(n * MS_DAY)) : fromDay(n);
  }
  // The same day of the month n months later (the month's last day where it is shorter).
  function addMonths(day, n) {
    var d = new Date(day * MS_DAY), y = d.getUTCFullYear(), m = d.getUTCMonth() + n;
    var last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    return Math.round(Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / MS_DAY);
  }

  function Toolbar(ctl, host) {
    var tb = this, model = ctl.model;
    tb.ctl = ctl;
    tb.zoom = 0;
    tb.win = null;
    var bar = tb.el = add(host, h('div', 'cm-toolbar'));
    bar.setAttribute('role', 'group');
    bar.setAttribute('aria-label', lib.ui(model, 'date'));
    function button(parent, cls, title, fn) {
      var b = add(parent, h('button', cls));
      b.type = 'button'; b.title = title; b.setAttribute('aria-label', title);
      b.addEventListener('click', fn);
      return b;
    }
    tb.prev = button(bar, 'cm-btn', lib.ui(model, 'prev_change'), function () { ctl.stepChange(-1); });
    tb.prev.appendChild(iconSvg('prev'));
    tb.play = button(bar, 'cm-btn', lib.ui(model, 'play'), function () { ctl.togglePlay(); });
    tb.play.setAttribute('aria-pressed', 'false');
    tb.next = button(bar, 'cm-btn', lib.ui(model, 'next_change'), function () { ctl.stepChange(1); });
    tb.next.appendChild(iconSvg('next'));
    tb.speed = add(bar, h('select', 'cm-speed'));
    tb.speed.title = lib.ui(model, 'play_speed');
    tb.speed.setAttribute('aria-label', tb.speed.title);
    SPEEDS.forEach(function (s) {
      var o = add(tb.speed, h('option', null, lib.ui(model, 'speed_' + s))); o.value = s;
    });
    tb.date = add(bar, h('input', 'cm-date'));
    tb.date.type = 'date'; tb.date.min = fromDay(model.first); tb.date.max = fromDay(model.last);
    tb.date.title = lib.ui(model, 'date');
    tb.date.setAttribute('aria-label', tb.date.title);
    tb.date.addEventListener('change', function () {
      if (tb.date.value) ctl.setDate(toDay(tb.date.value), 'date');
    });
    var zooms = add(bar, h('div', 'cm-zooms'));
    zooms.setAttribute('role', 'group');
    zooms.setAttribute('aria-label', lib.ui(model, 'slider_range'));
    tb.zoomButtons = ZOOMS.map(function (z) {
      var b = button(zooms, 'cm-zoom', lib.ui(model, 'zoom_' + z + '_name'),
                     function () { tb.setZoom(z); });
      b.textContent = lib.ui(model, 'zoom_' + z);
      b.setAttribute('data-days', String(z));
      return b;
    });
    tb.range = add(zooms, h('span', 'cm-range'));  // the window's first and last day
    var wrap = add(bar, h('div', 'cm-slider-wrap'));
    tb.slider = add(wrap, h('input', 'cm-slider'));
    tb.slider.type = 'range'; tb.slider.step = '1';
    tb.slider.setAttribute('aria-label', lib.ui(model, 'date'));
    tb.slider.addEventListener('input', function () {
      ctl.setDate(model.first + (+tb.slider.value), 'date');
    });
    tb.slider.addEventListener('keydown', function (e) { tb.key(e); });
    tb.ticks = add(wrap, h('div', 'cm-ticks'));
    tb.ticks.setAttribute('aria-hidden', 'true');
    tb.events = add(bar, h('select', 'cm-events'));
    tb.events.title = lib.ui(model, 'jump_event_title');
    tb.events.setAttribute('aria-label', tb.events.title);
    var o0 = add(tb.events, h('option', null, lib.ui(model, 'jump_event'))); o0.value = '';
    model.events.forEach(function (ev, i) {
      var o = add(tb.events, h('option', null, ev.e.date_text + ' \u2014 ' + ev.e.title)); o.value = String(i);
    });
    tb.events.addEventListener('change', function () {
      if (tb.events.value !== '') ctl.jumpToEvent(+tb.events.value);
    });
    tb.areas = areaList(ctl, bar);
    // Said while the view's history is on its way and the date is held (mount.js `pin`).
    tb.wait = add(bar, h('span', 'cm-wait cm-hidden', lib.ui(model, 'history_loading')));
    tb.wait.setAttribute('role', 'status');
    tb.setZoom(0);
  }

  // The areas by name: a keyboard's way to a card. Enter (or a pointer's choice) opens the
  // chosen area's card and focuses it; arrows only move through the list.
  function areaList(ctl, bar) {
    var model = ctl.model, sel = add(bar, h('select', 'cm-areas')), keyed = false;
    sel.title = lib.ui(model, 'area_list_title');
    sel.setAttribute('aria-label', lib.ui(model, 'area_list_name'));
    add(sel, h('option', null, lib.ui(model, 'area_list'))).value = '';
    model.areas.map(function (f, i) { return {i: i, name: f.properties.name}; })
      .sort(function (a, b) { return a.name.localeCompare(b.name); })
      .forEach(function (a) { add(sel, h('option', null, a.name)).value = String(a.i); });
    function open() { if (sel.value !== '') ctl.openArea(+sel.value, sel); }
    sel.addEventListener('keydown', function (e) {
      keyed = e.key !== 'Enter';
      if (e.key === 'Enter') { e.preventDefault(); open(); }
    });
    sel.addEventListener('mousedown', function () { keyed = false; });
    sel.addEventListener('change', function () { if (!keyed) open(); });
    return sel;
  }

  Toolbar.prototype.key = function (e) {
    var ctl = this.ctl, d = ctl.state.date, model = ctl.model, k = e.key;
    if (k === 'ArrowLeft' || k === 'ArrowDown') ctl.setDate(d - 1, 'date');
    else if (k === 'ArrowRight' || k === 'ArrowUp') ctl.setDate(d + 1, 'date');
    else if (k === 'PageUp') { if (e.shiftKey) ctl.setDate(addMonths(d, 1), 'date'); else ctl.stepChange(1); }
    else if (k === 'PageDown') { if (e.shiftKey) ctl.setDate(addMonths(d, -1), 'date'); else ctl.stepChange(-1); }
    else if (k === 'Home') ctl.setDate(model.first, 'date');
    else if (k === 'End') ctl.setDate(model.last, 'date');
    else return;
    e.preventDefault();
  };

  // Zoom the slider to `days` around the date (0: the whole span).
  Toolbar.prototype.setZoom = function (days) {
    this.zoom = days;
    this.win = null;
    this.zoomButtons.forEach(function (b) {
      b.setAttribute('aria-pressed', String(+b.getAttribute('data-days') === days));
    });
    this.sync();
    this.drawTicks();
  };

  // The slider's window [lo, hi] in day numbers: the whole span, or `zoom` days around the
  // date. It stays put while the date is inside it (so the thumb never jumps under the
  // pointer) and moves to centre the date when the date leaves it.
  Toolbar.prototype.window = function () {
    var model = this.ctl.model, d = this.ctl.state.date, n = this.zoom;
    if (!n || n >= model.last - model.first) return {lo: model.first, hi: model.last};
    var w = this.win;
    if (w && w.lo <= d && d <= w.hi) return w;
    var lo = Math.max(model.first, Math.min(d - (n >> 1), model.last - n + 1));
    return {lo: lo, hi: lo + n - 1};
  };

  Toolbar.prototype.sync = function () {
    var ctl = this.ctl, model = ctl.model, d = ctl.state.date, w = this.window();
    var held = model.pinned(ctl.state.view) !== null;
    if (this.held !== held) {
      this.held = held;
      [this.slider, this.play, this.prev, this.next, this.date, this.events].forEach(function (el) {
        el.disabled = held;
      });
      this.wait.classList.toggle('cm-hidden', !held);
    }
    if (!this.win || w.lo !== this.win.lo || w.hi !== this.win.hi) {
      this.win = w;
      this.slider.min = String(w.lo - model.first);
      this.slider.max = String(w.hi - model.first);
      this.range.textContent = w.lo === model.first && w.hi === model.last ? ''
        : lib.dayText(model, w.lo) + ' \u2013 ' + lib.dayText(model, w.hi);
      this.drawTicks();
    }
    // Written only when they differ (the slider that moved already has its value; each
    // write makes the browser lay the control out again).
    var at = String(d - model.first), iso = fromDay(d);
    if (this.slider.value !== at) this.slider.value = at;
    if (this.shownDay !== d) {
      this.shownDay = d;
      this.slider.setAttribute('aria-valuetext', dayWords(d, (model.words || {}).lang));
    }
    if (this.date.value !== iso) this.date.value = iso;
    // The icon only when play starts or stops: a new <svg> each date step would make the
    // browser redo the page's compositing layers on every frame.
    var playing = !!ctl.playing;
    if (this.shownPlaying === playing) return;
    this.shownPlaying = playing;
    this.play.textContent = '';
    this.play.appendChild(iconSvg(playing ? 'pause' : 'play'));
    this.play.classList.toggle('cm-on', playing);
    this.play.setAttribute('aria-pressed', String(playing));
  };

  // Marks on the slider track for every change day of the current view in the window.
  Toolbar.prototype.drawTicks = function () {
    var ctl = this.ctl, t = ctl.model.views[ctl.state.view], w = this.win;
    this.ticks.textContent = '';
    if (!t || !w) return;
    var span = Math.max(1, w.hi - w.lo), tk = this.ticks;
    t.changes.forEach(function (d) {
      if (d < w.lo || d > w.hi) return;
      var m = add(tk, h('span', 'cm-tick'));
      m.style.left = (100 * (d - w.lo) / span) + '%';
    });
  };

  lib.Toolbar = Toolbar;
  lib.dayWords = dayWords;
})(window);
