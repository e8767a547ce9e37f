/* controlmap map, part 2: the payload as a model: days as integers, a view's state on any
 * day by binary search in its timeline, an area's history. No DOM, no Leaflet.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var toDay = lib.toDay, lastLE = lib.lastLE;

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

  lib.Model = Model;
})(window);
