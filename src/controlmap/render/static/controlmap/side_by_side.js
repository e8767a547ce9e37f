/* controlmap map: side by side and diff: which (view, day) each pane shows, one or two panes
 * moved together, and each pane's head: view, date, how old the newest information behind
 * it is (a warning past the staleness horizon), and the diff summary (areas, km² changed).
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var toDay = lib.toDay, fromDay = lib.fromDay, h = lib.h, add = lib.add, plural = lib.plural,
      fill = lib.fill, colour = lib.colour, Pane = lib.Pane, legendControl = lib.legendControl,
      attributionControl = lib.attributionControl, Controller = lib.Controller;

  Pane.prototype.spec = function () {
    var st = this.ctl.state;
    if (this.index === 0) return {view: st.view, day: st.date, diff: st.diff ? toDay(st.diff.from) : null};
    var c = st.compare || {};
    if (c.mode === 'date') return {view: st.view, day: c.date ? toDay(c.date) : st.date, diff: null};
    return {view: c.view || st.view, day: st.date, diff: null};
  };


  // "Latest report 2026-08-22, 100 days before this date: past the 60-day horizon, ..."
  function freshness(model, view, day) {
    var latest = model.latest(view, day), w = model.words.freshness;
    if (latest === null) return {text: w.none, stale: false};
    var age = day - latest, stale = age > model.p.horizon_days;
    return {text: fill(stale ? w.stale : w.fresh, {latest: lib.dayText(model, latest), age: lib.daysText(model, age),
                                                    horizon: model.p.horizon_days}),
            stale: stale};
  }

  Pane.prototype.paintHead = function (view, sp) {
    var model = this.ctl.model, head = this.head;
    head.textContent = '';
    var fr = freshness(model, view, sp.day);
    var line = add(head, h('div', 'cm-fresh' + (fr.stale ? ' cm-fresh-stale' : ''), fr.text));
    line.setAttribute('role', 'status');
    line.setAttribute('data-stale', fr.stale ? '1' : '0');
    if (fr.stale) line.style.color = colour(model.palette.reference.warning);
    add(head, h('strong', null, model.viewLabels[view] || view));
    add(head, h('span', 'cm-head-date', sp.diff !== null
      ? lib.ui(model, 'changes', {from: lib.dayText(model, sp.diff), to: lib.dayText(model, sp.day)})
      : lib.dayText(model, sp.day)));
    if (model.timeline.known_at) add(head, h('span', 'cm-tag', lib.ui(model, 'as_known_at', {date: lib.dayText(model, toDay(model.timeline.known_at))})));
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
        return model.statusLabel(s, view) + ' ' + (km[s] > 0 ? '+' : '') + km[s].toFixed(2) + ' km\u00b2';
      });
      add(head, h('span', 'cm-diff-sum', plural(n, 'area') + ' changed' + (parts.length ? ': ' + parts.join(', ') : '')));
    }
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
      pane.legend = legendControl(ctl);
      pane.legend.addTo(pane.map);
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

})(window);
