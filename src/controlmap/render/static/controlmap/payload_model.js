/* controlmap map: the payload as a model. Days are integers; a view's state on any day is
 * the timeline row of the last row day <= D, and each area's state the last of its runs at
 * or before that row (two binary searches; render/timeline.py encodes the runs). Everything
 * it answers (status, claim, rule, stale flag, last report, wholes at odds) was resolved by
 * the Python engine; the one thing done here is the last report, min(confirmed, D).
 * No DOM, no Leaflet.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var toDay = lib.toDay, lastLE = lib.lastLE;

  var NOTHING = {status: 'unknown', code: 0, claim: -1, via: -1, also: [], rule: 'none', stale: false,
                 reported: null, age: null};

  function Model(payload) {
    var m = this;
    m.p = payload;
    m.first = toDay(payload.span.first);
    m.last = toDay(payload.span.last);
    m.statuses = payload.statuses;
    m.palette = payload.palette;
    m.words = payload.words;
    m.legends = payload.legends;
    m.areas = payload.areas.features;
    m.areaIndex = {};
    m.children = m.areas.map(function () { return []; });
    m.areas.forEach(function (f, i) { m.areaIndex[f.properties.id] = i; });
    m.areas.forEach(function (f, i) {
      var p = m.areaIndex[f.properties.parent];
      if (p !== undefined) m.children[p].push(i);
    });
    // null until they arrive: the app sends the claims after the first paint (setClaims)
    m.claimColumns = payload.claims ? columns(payload.claims) : null;
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
  // Records sent as columns (io/columns.py): a getter per field. A record is made only when
  // asked for (`claim`): 100,000 objects made up front cost the first paint half a second,
  // most of it in the garbage collector.
  function columns(doc) {
    var cols = doc.columns, keys = Object.keys(cols), get = {};
    keys.forEach(function (k) {
      var c = cols[k];
      get[k] = Array.isArray(c) ? function (i) { return c[i]; } : function (i) { return c.values[c.codes[i]]; };
    });
    return {n: doc.n, keys: keys, get: get};
  }
  // Claim `i` (the timeline's claim index) as one record of every field; null while the
  // claims have not arrived.
  Model.prototype.claim = function (i) {
    var cc = this.claimColumns, o = {};
    if (!cc) return null;
    for (var f = 0; f < cc.keys.length; f++) o[cc.keys[f]] = cc.get[cc.keys[f]](i);
    return o;
  };
  Model.prototype.setClaims = function (doc) {
    this.claimColumns = columns(doc);
    this.sourceList = null;
  };
  // Every distinct source (name and link) of the claims and events, by name: the credits'
  // list, made when first shown; null while the claims have not arrived.
  Model.prototype.sources = function () {
    if (!this.claimColumns) return null;
    if (!this.sourceList) {
      var seen = {}, out = [], cc = this.claimColumns;
      var add = function (name, url) {
        var key = name + '\u0000' + url;
        if (seen[key]) return;
        seen[key] = 1;
        out.push({title: name, url: url});
      };
      for (var i = 0; i < cc.n; i++) add(cc.get.source_name(i), cc.get.source_url(i));
      (this.p.events || []).forEach(function (e) { add(e.source_name, e.source_url); });
      this.sourceList = out.sort(function (a, b) {
        var x = a.title.toLowerCase(), y = b.title.toLowerCase();
        return x < y ? -1 : x > y ? 1 : 0;
      });
    }
    return this.sourceList;
  };
  // A delta-encoded list (render/timeline.py) back to its values, as an Int32Array.
  function undelta(d) {
    var out = new Int32Array(d.length), acc = 0;
    for (var k = 0; k < d.length; k++) { acc += d[k]; out[k] = acc; }
    return out;
  }
  // A timeline of one "as known at" day, with some or all views (render/timeline.py).
  Model.prototype.setTimeline = function (tl) {
    var m = this;
    m.timeline = {known_at: tl.known_at, areas: tl.areas, rules: tl.rules,
                  horizon_days: tl.horizon_days, views: {}};
    m.rules = tl.rules || [''];
    m.views = {};
    // The timeline lists areas in its own order; map them onto the drawn features.
    // inv[feature index] = column in the timeline; cols[column] = feature index.
    var inv = [], cols = [];
    (tl.areas || []).forEach(function (id, j) { inv[m.areaIndex[id]] = j; cols[j] = m.areaIndex[id]; });
    m.columns = {inv: inv, cols: cols};
    m.addViews(tl);
  };
  // More views of the same "as known at" day join the ones there (a map fetches the view it
  // shows first and the others when it needs them); another day's timeline starts over.
  Model.prototype.addTimeline = function (tl) {
    if (!this.timeline || this.timeline.known_at !== tl.known_at) this.setTimeline(tl);
    else this.addViews(tl);
  };
  Model.prototype.addViews = function (tl) {
    var m = this, inv = m.columns.inv, cols = m.columns.cols;
    Object.keys(tl.views).forEach(function (v) {
      var t = tl.views[v];
      var days = undelta(t.days);
      m.timeline.views[v] = t;
      m.views[v] = {days: days, changes: Array.prototype.map.call(undelta(t.changes), function (k) { return days[k]; }),
                    runs: t.runs.map(undelta), status: t.status, claim: t.claim.map(undelta),
                    via: t.via, rule: t.rule, stale: t.stale, conf: t.conf.map(undelta),
                    also: t.also || {},
                    latest: t.latest, oddsRows: undelta(t.odds.rows), oddsSets: t.odds.sets,
                    inv: inv, cols: cols, snapshot: t.snapshot ? days[0] : null};
    });
  };
  // The claimants' own views not in the timeline yet (a card lists each one's position).
  Model.prototype.missingClaimantViews = function () {
    var m = this;
    return Object.keys(m.p.claimants).map(function (c) { return 'claimant:' + c; })
      .filter(function (v) { return !m.hasView(v); });
  };
  // The one day a view's timeline holds when it is a snapshot (render/timeline.py
  // build_snapshot: a first start paints it while the history is built), else null. Its
  // row is true of that day only: the map shows no other day until the history is here.
  Model.prototype.pinned = function (view) {
    var t = this.views[view];
    return t && t.snapshot !== null ? t.snapshot : null;
  };
  Model.prototype.hasView = function (v) { return Object.prototype.hasOwnProperty.call(this.views, v); };
  // One area's resolved state in a view on a day: {status, claim, via, also, rule, stale,
  // reported (day number or null), age (days since the last report, or null)}. Row k is the
  // last row day <= day; the area's values are those of its last run <= k.
  Model.prototype.resolve = function (view, day, i) {
    var t = this.views[view];
    var k = t ? lastLE(t.days, day) : -1;
    if (k < 0) return NOTHING;
    var j = t.inv[i];
    if (j === undefined) return NOTHING;
    var r = lastLE(t.runs[j], k);
    if (r < 0) return NOTHING;
    var code = t.status[j][r], ci = t.claim[j][r], via = t.via[j][r], conf = t.conf[j][r];
    var rep = conf < 0 ? null : Math.min(conf, day);
    var also = t.also[String(j)];
    return {status: this.statuses[code] || 'unknown', code: code, claim: ci,
            via: via >= 0 ? t.cols[via] : -1,
            also: (also && also[String(r)]) || [],
            rule: this.rules[t.rule[j][r]] || '', stale: !!t.stale[j][r],
            reported: rep, age: rep === null ? null : day - rep};
  };
  // The newest report behind a view on a day (day number), or null when there is none.
  Model.prototype.latest = function (view, day) {
    var t = this.views[view];
    var k = t ? lastLE(t.days, day) : -1;
    if (k < 0) return null;
    var l = t.latest[k];
    return l < 0 ? null : Math.min(day, l);
  };
  // Feature indices of the wholes whose own status differs from what their parts show.
  Model.prototype.odds = function (view, day) {
    var t = this.views[view];
    var k = t ? lastLE(t.days, day) : -1;
    var r = k < 0 ? -1 : lastLE(t.oddsRows, k);
    if (r < 0) return [];
    return t.oddsSets[r].map(function (j) { return t.cols[j]; });
  };
  // The row of a view's timeline in force on a day (-1: before any claim).
  Model.prototype.row = function (view, day) {
    var t = this.views[view];
    return t ? lastLE(t.days, day) : -1;
  };
  Model.prototype.history = function (view, i) {
    var t = this.views[view], out = [];
    if (!t || t.snapshot !== null) return out;
    var j = t.inv[i], prev = null;
    if (j === undefined) return out;
    for (var r = 0; r < t.runs[j].length; r++) {
      var key = t.status[j][r] + ':' + t.claim[j][r];
      if (key === prev) continue;
      prev = key;
      out.push({day: t.days[t.runs[j][r]], status: this.statuses[t.status[j][r]], claim: t.claim[j][r]});
    }
    return out;
  };
  // Areas below feature i (children, their children, ...).
  Model.prototype.descendants = function (i) {
    var out = [], todo = this.children[i].slice();
    while (todo.length) { var j = todo.shift(); out.push(j); todo = todo.concat(this.children[j]); }
    return out;
  };
  // Areas feature i is part of, nearest first.
  Model.prototype.ancestors = function (i) {
    var out = [], p = this.areaIndex[this.areas[i].properties.parent];
    while (p !== undefined && out.indexOf(p) < 0) {
      out.push(p);
      p = this.areaIndex[this.areas[p].properties.parent];
    }
    return out;
  };
  Model.prototype.claimantLabel = function (c) { return this.p.claimants[c] || c; };
  Model.prototype.style = function (s) {
    return this.palette.statuses[s] || this.palette.statuses.unknown;
  };
  // A status in words as the view means it (the legend's label for that view).
  Model.prototype.statusLabel = function (s, view) {
    var rows = this.legends[view] || [];
    for (var k = 0; k < rows.length; k++) if (rows[k].status === s) return rows[k].label;
    return this.style(s).label;
  };
  Model.prototype.ruleWords = function (rule) { return rule ? (this.words.rules[rule] || rule) : ''; };

  lib.Model = Model;
})(window);
