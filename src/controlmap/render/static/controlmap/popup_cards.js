/* controlmap map: popup cards. An area's card says what the map paints there and why: the
 * status, the rule that gave it, since when and when it was last reported (with a stale
 * mark), the claim and its source, the wholes it is part of where they say otherwise (with a
 * button to their card), each claimant's position and the history. Each claim carries its
 * track record verdict (a badge, colour and word, its meaning as the tooltip). Every word
 * comes from the payload (`words.ui`, in the payload's language). Data text via textContent
 * only.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var h = lib.h, add = lib.add, source = lib.source, swatch = lib.swatch,
      staleMark = lib.staleMark, fill = lib.fill, ui = lib.ui, dayText = lib.dayText,
      daysText = lib.daysText;

  // The verdict badge of claim ci ("Contradicted", its colour; the rule's words as tooltip),
  // or null when the claim was not judged.
  function verdictBadge(model, ci) {
    var v = (model.p.verdicts || [])[ci], words = model.words.verdicts || {};
    if (!v || !words[v.verdict]) return null;
    var w = words[v.verdict], col = ((model.palette.verdicts || {})[v.verdict]) || {};
    var b = h('span', 'cm-verdict cm-verdict-' + v.verdict, w.label);
    b.title = ui(model, 'verdict', {verdict: w.label}) + ': ' + w.help;
    b.setAttribute('data-verdict', v.verdict);
    b.style.background = lib.colour(col.fill);
    b.style.color = lib.colour(col.ink);
    // Styled here, not in map.css: a pill that reads beside a line of text.
    b.style.cssText += ';padding:0 5px;border-radius:7px;font-size:11px;font-weight:600;' +
      'white-space:nowrap;cursor:help';
    return b;
  }
  function addVerdict(model, ci, box) {
    var b = verdictBadge(model, ci);
    if (b) { add(box, h('span', null, ' ')); add(box, b); }
  }
  function untitled(model) { return model.words.untitled || '(untitled source)'; }

  // ci: the claim's index (for its verdict), undefined for an event.
  function citation(model, c, box, ci) {
    var who = model.claimantLabel(c.claimant) + (c.claimant_name ? ' \u2014 ' + c.claimant_name : '');
    var whoLine = add(box, h('div', 'cm-who', who));
    if (ci !== undefined) addVerdict(model, ci, whoLine);
    var src = add(box, h('div', 'cm-src'));
    add(src, source(model, c.source_url, c.source_title || untitled(model)));
    var meta = [];
    if (c.published_text) meta.push(ui(model, 'published', {date: c.published_text}));
    if (c.confidence) {
      meta.push(model.words.ui['confidence_' + c.confidence] ||
                ui(model, 'confidence', {level: c.confidence}));
    }
    if (meta.length) add(box, h('div', 'cm-meta', meta.join(' \u00b7 ')));
    if (c.note) add(box, h('p', 'cm-note', c.note));
  }

  function eventCard(model, ev) {
    var box = h('div', 'cm-card');
    add(box, h('div', 'cm-kicker', ui(model, 'event') + ' \u00b7 ' + ev.date_text));
    add(box, h('h3', null, ev.title));
    citation(model, ev, box);
    return box;
  }

  // "last reported 2026-08-22 (100 days before this date)"; past the horizon, why it is
  // marked stale.
  function reportedLine(model, r) {
    var line = h('div', 'cm-reported' + (r.stale ? ' cm-reported-stale' : ''));
    if (r.reported === null) return line;
    line.textContent = ui(model, 'reported', {date: dayText(model, r.reported), age:
      r.age === 0 ? ui(model, 'reported_today')
                  : ui(model, 'reported_age', {days: daysText(model, r.age)})}) +
      (r.stale ? ui(model, 'reported_stale', {days: model.p.horizon_days})
               : (r.age > model.palette.fade.full_until ? ui(model, 'reported_paler') : ''));
    return line;
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
      add(td0, h('span', null, dayText(model, row.day)));
      if (when === 'now') add(td0, h('span', 'cm-hist-label cm-now-label', ui(model, 'in_force')));
      if (when === 'later') add(td0, h('span', 'cm-hist-label cm-later-label', ui(model, 'after_date')));
      var td = add(tr, h('td'));
      add(td, swatch(model, row.status));
      add(td, h('span', null, model.statusLabel(row.status, view)));
      var src = add(tr, h('td'));
      var c = row.claim >= 0 ? model.claim(row.claim) : null;
      if (c) {
        add(src, h('span', null, model.claimantLabel(c.claimant) + ', ' + c.date_text + ': '));
        add(src, source(model, c.source_url, c.source_name || untitled(model)));
        addVerdict(model, row.claim, src);
      }
    });
    return tbl;
  }

  // The claims behind a resolved state, as "Analysts, 19 Jan ...; ..." for a whole's line.
  function claimsText(model, r) {
    var ids = (r.claim >= 0 ? [r.claim] : []).concat(r.also), seen = {};
    return ids.map(function (ci) {
      var c = model.claim(ci);
      return c ? model.claimantLabel(c.claimant) + ', ' + c.date_text : '\u2026';
    }).filter(function (t) { var dup = seen[t]; seen[t] = true; return !dup; }).join('; ');
  }

  // "Kupiansk as a whole: Contested (...)" for each whole area i is part of that is at odds
  // with its parts, with a button that opens the whole's card.
  function wholeLines(ctl, view, day, i, box, open) {
    var model = ctl.model, odds = model.odds(view, day);
    model.ancestors(i).forEach(function (a) {
      if (odds.indexOf(a) < 0) return;
      var r = model.resolve(view, day, a), name = model.areas[a].properties.name;
      var line = add(box, h('div', 'cm-whole-line'));
      line.setAttribute('data-whole', model.areas[a].properties.id);
      add(line, swatch(model, r.status, r.stale));
      add(line, h('span', null, fill(model.words.whole, {name: name, status: model.statusLabel(r.status, view)}) +
        ' (' + claimsText(model, r) + ') '));
      var b = add(line, h('button', 'cm-open-whole', ui(model, 'open_whole', {name: name})));
      b.type = 'button';
      b.addEventListener('click', function (e) { e.stopPropagation(); open(a); });
    });
  }

  // For a whole at odds: what its parts show instead.
  function partsLine(model, view, day, i, box) {
    if (model.odds(view, day).indexOf(i) < 0) return;
    var own = model.resolve(view, day, i).status, shown = {};
    model.descendants(i).forEach(function (d) {
      var s = model.resolve(view, day, d).status;
      if (s !== own) (shown[s] = shown[s] || []).push(model.areas[d].properties.name);
    });
    var line = add(box, h('div', 'cm-parts-line'));
    add(line, h('span', null, ui(model, 'parts_otherwise', {parts: Object.keys(shown).map(function (s) {
      return model.statusLabel(s, view) + ' (' + shown[s].join(', ') + ')';
    }).join('; ')})));
  }

  function positions(model, day, i, box) {
    add(box, h('div', 'cm-sub', ui(model, 'each_claimant', {date: dayText(model, day)})));
    var ul = add(box, h('ul', 'cm-list cm-positions'));
    Object.keys(model.p.claimants).forEach(function (cl) {
      var v = 'claimant:' + cl;
      if (!model.hasView(v)) return;
      var q = model.resolve(v, day, i);
      if (q.claim < 0) return;
      var c = model.claim(q.claim), li = add(ul, h('li'));
      if (q.stale) li.className = 'cm-position-stale';
      add(li, swatch(model, q.status, q.stale));
      add(li, h('span', null, ui(model, 'position', {claimant: model.claimantLabel(cl),
        status: model.statusLabel(q.status, v), since: c ? c.date_text : '\u2026',
        reported: dayText(model, q.reported)})));
      if (c) add(li, source(model, c.source_url, c.source_name || untitled(model)));
      addVerdict(model, q.claim, li);
      if (q.stale) { add(li, h('span', null, ' ')); add(li, staleMark(model)); }
    });
    if (model.missingClaimantViews().length) add(ul, h('li', 'cm-position-stale', ui(model, 'positions_loading')));
    else if (!ul.childNodes.length) add(ul, h('li', null, ui(model, 'nobody_yet')));
  }

  // open(j): show area j's card (the wholes' buttons use it).
  function areaCard(ctl, view, day, i, open) {
    var model = ctl.model, f = model.areas[i], p = f.properties;
    var r = model.resolve(view, day, i);
    var box = h('div', 'cm-card');
    box.setAttribute('data-area', p.id);
    add(box, h('div', 'cm-kicker', (model.viewLabels[view] || view) + ' \u00b7 ' + dayText(model, day)));
    var title = add(box, h('h3', null, p.name));
    if (p.name_uk && p.name_uk !== p.name) add(title, h('span', 'cm-uk', ' ' + p.name_uk));
    if (p.parent && model.areaIndex[p.parent] !== undefined) {
      add(box, h('div', 'cm-meta', ui(model, 'part_of', {name: model.areas[model.areaIndex[p.parent]].properties.name})));
    }
    var st = add(box, h('div', 'cm-status'));
    add(st, swatch(model, r.status, r.stale));
    add(st, h('strong', null, model.statusLabel(r.status, view)));
    if (r.stale) add(st, staleMark(model));
    if (r.rule) add(box, h('div', 'cm-rule', ui(model, 'rule', {rule: model.ruleWords(r.rule)})));
    // One answer per place: where a whole this is part of (or this whole's parts) says
    // otherwise, say so before anything else.
    wholeLines(ctl, view, day, i, box, open);
    partsLine(model, view, day, i, box);
    var c = r.claim >= 0 ? model.claim(r.claim) : null;
    if (r.claim >= 0 && !c) {
      add(box, reportedLine(model, r));
      add(box, h('p', 'cm-position-stale', ui(model, 'sources_loading')));
    } else if (c) {
      add(box, h('div', 'cm-since', ui(model, 'since', {date: c.date_text})));
      add(box, reportedLine(model, r));
      if (r.via >= 0) add(box, h('div', 'cm-meta', ui(model, 'via', {name: model.areas[r.via].properties.name})));
      citation(model, c, add(box, h('div', 'cm-claim')), r.claim);
      if (r.also.length) {
        add(box, h('div', 'cm-sub', ui(model, 'same_day_disagree')));
        var ul = add(box, h('ul', 'cm-list'));
        r.also.forEach(function (ci) {
          var o = model.claim(ci), li = add(ul, h('li'));
          add(li, swatch(model, o.status));
          add(li, h('span', null, model.claimantLabel(o.claimant) + ': ' + model.statusLabel(o.status, view) + ' \u2014 '));
          add(li, source(model, o.source_url, o.source_name || untitled(model)));
          addVerdict(model, ci, li);
        });
      }
    } else {
      add(box, h('div', 'cm-since', ui(model, 'no_claim')));
    }
    positions(model, day, i, box);
    add(box, h('div', 'cm-sub', ui(model, 'history')));
    if (model.pinned(view) !== null) add(box, h('p', 'cm-position-stale', ui(model, 'history_loading')));
    else add(box, historyTable(model, view, day, i));
    if (p.approximate) add(box, h('div', 'cm-approx', ui(model, 'approximate')));
    return box;
  }

  lib.citation = citation;
  lib.verdictBadge = verdictBadge;
  lib.eventCard = eventCard;
  lib.areaCard = areaCard;
  lib.historyTable = historyTable;
})(window);
