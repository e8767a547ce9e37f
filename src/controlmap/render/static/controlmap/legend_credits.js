/* controlmap map: the map's controls: the legend (the statuses the view can show, in the
 * view's own words; paler and dotted fills; a whole's outline; rivers, border, events,
 * series) and the credits with the list of sources. Each folds to a button, folded at
 * first on a narrow map.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var L = global.L;
  var h = lib.h, add = lib.add, source = lib.source, swatch = lib.swatch, colour = lib.colour;

  function keyLine(style) {
    var e = h('span', 'cm-key-line');
    Object.keys(style).forEach(function (k) { e.style[k] = style[k]; });
    return e;
  }

  // Maps narrower than this open with the legend and the credits folded to their buttons,
  // so they do not cover the city on a phone.
  var NARROW_PX = 560;

  // A control that folds to its button: the button names it and says whether it is open.
  // `wideOpen`: open at first on a wide map (on a narrow one every control starts folded).
  function foldable(box, map, label, cls, wideOpen) {
    var btn = add(box, h('button', 'cm-fold-btn ' + cls, label));
    btn.type = 'button';
    var body = add(box, h('div', 'cm-fold-body'));
    function set(open) {
      box.classList.toggle('cm-folded', !open);
      btn.setAttribute('aria-expanded', open ? 'true' : 'false');
    }
    btn.addEventListener('click', function () { set(box.classList.contains('cm-folded')); });
    set(wideOpen && map.getSize().x >= NARROW_PX);
    return body;
  }

  function legendControl(ctl) {
    var C = L.Control.extend({
      options: {position: 'bottomleft'},
      onAdd: function (map) {
        var model = ctl.model, ref = model.palette.reference, outer = h('div', 'cm-legend leaflet-bar');
        L.DomEvent.disableClickPropagation(outer);
        L.DomEvent.disableScrollPropagation(outer);
        var box = foldable(outer, map, lib.ui(model, 'legend'), 'cm-legend-btn', true);
        this.rows = add(box, h('div', 'cm-legend-statuses'));
        this.view = null;
        this.setView(ctl.state.view);
        // Diff mode: what did not change has its own key (never the unknown grey).
        this.diffRow = add(box, h('div', 'cm-legend-row cm-legend-unchanged cm-hidden'));
        add(this.diffRow, lib.unchangedSwatch(model));
        add(this.diffRow, h('span', null, lib.ui(model, 'legend_unchanged',
          {label: model.palette.diff.unchanged.label})));
        add(box, h('div', 'cm-legend-note', lib.ui(model, 'legend_paler',
          {days: model.palette.fade.full_until})));
        var rs = add(box, h('div', 'cm-legend-row cm-legend-stale'));
        add(rs, swatch(model, 'ua', true));
        add(rs, h('span', null, lib.ui(model, 'legend_dotted', {stale: model.words.stale,
          days: model.p.horizon_days})));
        var rw = add(box, h('div', 'cm-legend-row cm-legend-whole'));
        add(rw, keyLine({borderTop: '3px dashed ' + colour(model.style('contested').edge)}));
        add(rw, h('span', null, lib.ui(model, 'legend_whole')));
        var r1 = add(box, h('div', 'cm-legend-row cm-legend-rivers'));
        add(r1, keyLine({borderTop: '3px solid ' + colour(ref.river)}));
        add(r1, keyLine({borderTop: '2px solid ' + colour(ref.river_minor)}));
        add(r1, h('span', null, lib.ui(model, 'legend_rivers')));
        var rb = add(box, h('div', 'cm-legend-row cm-legend-border'));
        add(rb, keyLine({borderTop: '2px dashed ' + colour(ref.border)}));
        add(rb, h('span', null, lib.ui(model, 'legend_border')));
        var r2 = add(box, h('div', 'cm-legend-row'));
        var ev = add(r2, h('span', 'cm-key-event'));
        ev.style.background = colour(ref.event); ev.style.borderColor = colour(ref.event_edge);
        add(r2, h('span', null, lib.ui(model, 'legend_event')));
        ctl.seriesKey = add(box, h('div', 'cm-legend-row cm-hidden'));
        add(ctl.seriesKey, keyLine({borderTop: '2px dashed ' + colour(model.style('ru').edge)}));
        ctl.seriesKeyText = add(ctl.seriesKey, h('span', null, ''));
        if (model.p.approximate) add(box, h('div', 'cm-approx', model.p.approximate_note || lib.ui(model, 'approximate_outlines')));
        return outer;
      },
      // The status rows of a view: only the statuses it can show, in its words.
      setView: function (view) {
        if (view === this.view) return;
        var model = ctl.model, rows = this.rows;
        rows.textContent = '';
        (model.legends[view] || model.legends.assessed || []).forEach(function (s) {
          var row = add(rows, h('div', 'cm-legend-row'));
          row.setAttribute('data-status', s.status);
          add(row, swatch(model, s.status));
          add(row, h('span', null, s.label));
        });
        this.view = view;
      },
      setDiff: function (on) { this.diffRow.classList.toggle('cm-hidden', !on); }
    });
    return new C();
  }

  function attributionControl(ctl) {
    var C = L.Control.extend({
      options: {position: 'bottomright'},
      onAdd: function (map) {
        var model = ctl.model, outer = h('div', 'cm-attribution');
        L.DomEvent.disableClickPropagation(outer);
        L.DomEvent.disableScrollPropagation(outer);
        // Folded at first: the same credits stand under the map on the page and in every
        // export, and a long paragraph here would cover the city. The basemap's credit
        // shows, folded or not, whenever its tiles are on the map.
        var box = foldable(outer, map, lib.ui(model, 'credits_sources'), 'cm-credits-btn', false);
        ctl.osmCredit = add(outer, h('div', 'cm-hidden cm-osm-credit', lib.ui(model, 'basemap_credit')));
        var line = add(box, h('div', 'cm-attr-line'));
        var credits = (model.p.attribution || []).slice();
        credits.push('Leaflet (BSD-2-Clause)', 'rbush (MIT)');
        add(line, h('span', null, credits.join(' \u00b7 ')));
        var btn = add(line, h('button', 'cm-linkish'));
        btn.type = 'button';
        // Counted after the first frame is drawn (a timeout alone can run before it) and
        // listed when first opened: at a front line's scale they are tens of thousands. In
        // the app the claims arrive after the first paint: until then, "…".
        function label() {
          var all = model.sources();
          btn.textContent = ' \u00b7 ' + lib.ui(model, 'sources_button', {n: all ? all.length : '\u2026'});
        }
        function fillList() {
          var all = model.sources();
          list.textContent = '';
          if (!all) { add(list, h('li', null, lib.ui(model, 'sources_loading'))); return; }
          all.forEach(function (s) { add(add(list, h('li')), source(model, s.url, s.title)); });
        }
        btn.textContent = ' \u00b7 ' + lib.ui(model, 'sources_button', {n: '\u2026'});
        requestAnimationFrame(function () { setTimeout(label, 0); });
        var list = add(box, h('ul', 'cm-sources cm-hidden'));
        btn.addEventListener('click', function () {
          if (!list.childNodes.length) { label(); fillList(); }
          list.classList.toggle('cm-hidden');
        });
        ctl.onClaims = function () { label(); if (list.childNodes.length) fillList(); };
        return outer;
      }
    });
    return new C();
  }

  lib.legendControl = legendControl;
  lib.attributionControl = attributionControl;
})(window);
