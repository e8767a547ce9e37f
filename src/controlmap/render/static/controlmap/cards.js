/* controlmap map, part 3: popup cards for an area (status, since, the claim and its source,
 * each claimant's view, the full history) and for an event. Data text via textContent only.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var fromDay = lib.fromDay, h = lib.h, add = lib.add, link = lib.link, plural = lib.plural,
      swatch = lib.swatch;

  function citation(model, c, box) {
    var who = model.claimantLabel(c.claimant) + (c.claimant_name ? ' \u2014 ' + c.claimant_name : '');
    add(box, h('div', 'cm-who', who));
    var src = add(box, h('div', 'cm-src'));
    add(src, link(c.source_url, c.source_title || c.source_url || '(untitled source)'));
    var meta = [];
    if (c.published) meta.push('published ' + c.published);
    if (c.confidence) meta.push(c.confidence + ' confidence');
    if (meta.length) add(box, h('div', 'cm-meta', meta.join(' \u00b7 ')));
    if (c.note) add(box, h('p', 'cm-note', c.note));
  }

  function eventCard(model, ev) {
    var box = h('div', 'cm-card');
    add(box, h('div', 'cm-kicker', 'Event \u00b7 ' + ev.date));
    add(box, h('h3', null, ev.title));
    citation(model, ev, box);
    return box;
  }

  // Every change of area i in a view, each row marked against the chosen day: the row in
  // force on it 'cm-now' (with a marker), earlier rows 'cm-earlier', rows dated after it
  // 'cm-later' (muted, labelled), so scrubbing back never reads a later change as current.
  function historyTable(model, view, day, i) {
    var rows = model.history(view, i), now = -1;
    rows.forEach(function (row, k) { if (row.day <= day) now = k; });
    var tbl = h('table', 'cm-history');
    rows.forEach(function (row, k) {
      var when = k === now ? 'now' : (row.day > day ? 'later' : 'earlier');
      var tr = add(tbl, h('tr', 'cm-' + when));
      tr.setAttribute('data-when', when);
      var td0 = add(tr, h('td', 'cm-hist-day'));
      add(td0, h('span', 'cm-hist-mark', k === now ? '\u25b6' : ''))
        .setAttribute('aria-hidden', 'true');
      add(td0, h('span', null, fromDay(row.day)));
      if (when === 'now') add(td0, h('span', 'cm-hist-label cm-now-label', 'in force'));
      if (when === 'later') add(td0, h('span', 'cm-hist-label cm-later-label', 'after this date'));
      var td = add(tr, h('td'));
      add(td, swatch(model, row.status));
      add(td, h('span', null, model.statusLabel(row.status)));
      var src = add(tr, h('td'));
      if (row.claim >= 0) {
        var c = model.claims[row.claim];
        add(src, h('span', null, model.claimantLabel(c.claimant) + ' '));
        add(src, link(c.source_url, '[source]'));
      }
    });
    return tbl;
  }

  function areaCard(ctl, view, day, i) {
    var model = ctl.model, f = model.areas[i], p = f.properties;
    var r = model.resolve(view, day, i);
    var box = h('div', 'cm-card');
    add(box, h('div', 'cm-kicker', (model.viewLabels[view] || view) + ' \u00b7 ' + fromDay(day)));
    var title = add(box, h('h3', null, p.name));
    if (p.name_uk) add(title, h('span', 'cm-uk', ' ' + p.name_uk));
    if (p.parent && model.areaIndex[p.parent] !== undefined) {
      add(box, h('div', 'cm-meta', 'part of ' + model.areas[model.areaIndex[p.parent]].properties.name));
    }
    var st = add(box, h('div', 'cm-status'));
    add(st, swatch(model, r.status));
    add(st, h('strong', null, model.statusLabel(r.status)));
    if (r.claim >= 0) {
      var c = model.claims[r.claim];
      add(box, h('div', 'cm-since', 'since ' + c.date + ' (' + plural(r.age, 'day') + ' before this date)' +
        (r.age > model.p.fade.full_until ? ' \u2014 shown faded: not confirmed since' : '')));
      if (r.via >= 0) add(box, h('div', 'cm-meta', 'from a claim about ' + model.areas[r.via].properties.name));
      citation(model, c, add(box, h('div', 'cm-claim')));
      if (r.also.length) {
        add(box, h('div', 'cm-sub', 'Same day, other claims disagree:'));
        var ul = add(box, h('ul', 'cm-list'));
        r.also.forEach(function (ci) {
          var o = model.claims[ci], li = add(ul, h('li'));
          add(li, swatch(model, o.status));
          add(li, h('span', null, model.claimantLabel(o.claimant) + ': ' + model.statusLabel(o.status) + ' \u2014 '));
          add(li, link(o.source_url, o.source_title || '(untitled source)'));
        });
      }
    } else {
      add(box, h('div', 'cm-since', 'No claim in this view on this date.'));
    }
    var claimants = Object.keys(model.p.claimants);
    add(box, h('div', 'cm-sub', 'Each claimant on ' + fromDay(day) + ':'));
    var ul2 = add(box, h('ul', 'cm-list cm-positions'));
    claimants.forEach(function (cl) {
      var v = 'claimant:' + cl;
      if (!model.hasView(v)) return;
      var q = model.resolve(v, day, i);
      if (q.claim < 0) return;
      var li = add(ul2, h('li'));
      add(li, swatch(model, q.status));
      add(li, h('span', null, model.claimantLabel(cl) + ': ' + model.statusLabel(q.status) + ' since ' +
        model.claims[q.claim].date + ' '));
      add(li, link(model.claims[q.claim].source_url, '[source]'));
    });
    if (!ul2.childNodes.length) add(ul2, h('li', null, 'nobody has said anything yet'));
    add(box, h('div', 'cm-sub', 'History in this view:'));
    add(box, historyTable(model, view, day, i));
    if (p.approximate) add(box, h('div', 'cm-approx', 'Outline approximate'));
    return box;
  }

  lib.citation = citation;
  lib.eventCard = eventCard;
  lib.areaCard = areaCard;
  lib.historyTable = historyTable;
})(window);
