/* controlmap map: the namespace and the small helpers every other part uses (day numbers,
 * DOM building, links, swatches, SVG patterns).
 *
 * The map is plain scripts loaded in the order of MAP_SCRIPTS in controlmap/render/browser.py,
 * no build step. Each part adds to window.ControlMap.lib; mount.js adds the public
 * window.ControlMap.mount(element, payload, options).
 *
 * Colours, the fade, the words and every date as a reader reads it come from the payload
 * (the Python palette and wording modules): nothing here repeats them.
 * Every text in the payload comes from data files and is untrusted: it is only ever written
 * with textContent / createElement, and only http(s) URLs become links.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};

  var MS_DAY = 86400000;
  var mounts = 0;
  var COLOUR = /^#[0-9a-fA-F]{3,8}$/;
  // Play speeds, the first the default: 'span' plays the whole span in PLAY_SPAN_S seconds
  // (days per step from the span), 'change' steps change by change.
  // Their words are the payload's: speed_<key> (render/browser_words.py).
  var SPEEDS = ['span', '1', '7', '30', 'change'];
  var TICK_MS = 250, PLAY_SPAN_S = 40;

  // Day numbers (days since 1970-01-01) of the payload's ISO days (always full YYYY-MM-DD:
  // dates as written reach the browser as finished text, never to be parsed here).
  function toDay(iso) {
    var p = String(iso).split('-');
    return Math.round(Date.UTC(+p[0], +p[1] - 1, +p[2]) / MS_DAY);
  }
  function fromDay(n) { return new Date(n * MS_DAY).toISOString().slice(0, 10); }

  function h(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function safeUrl(url) { return /^https?:\/\/[^\s"'<>\\]+$/i.test(url || '') ? url : ''; }
  function link(url, text) {
    var u = safeUrl(url);
    if (!u) return h('span', null, text);
    var a = h('a', null, text || u);
    a.href = u; a.target = '_blank'; a.rel = 'noopener noreferrer';
    return a;
  }
  // A source: a link where it has a public URL, else its name and "no public link" as plain
  // text, so nothing looks like a link that is not one.
  function source(model, url, name) {
    var box = h('span', 'cm-source');
    if (safeUrl(url)) { add(box, link(url, name)); return box; }
    add(box, h('span', 'cm-source-name', name));
    add(box, h('span', 'cm-nolink', ' (' + model.words.no_link + ')'));
    return box;
  }
  function colour(c) { return COLOUR.test(c || '') ? c : 'grey'; }
  // Index of the last element <= x in a sorted array, -1 when none.
  function lastLE(arr, x) {
    var lo = 0, hi = arr.length - 1, ans = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (arr[mid] <= x) { ans = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return ans;
  }
  // The palette's fade factor for information `age` days old (a table lookup).
  function fadeFactor(age, fade) {
    if (age === null || age === undefined || age < 0) return 1;
    var t = fade.table;
    return t[Math.min(age, t.length - 1)];
  }
  // A fresh number per pane: SVG pattern ids are global to the page.
  function nextId() { return ++mounts; }
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }
  // A payload wording template with {name} places filled (values are plain text).
  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, k) {
      return Object.prototype.hasOwnProperty.call(values, k) ? String(values[k]) : m;
    });
  }

  /* ---- small DOM pieces ----------------------------------------------------------- */

  function swatch(model, status, stale) {
    var s = model.style(status);
    var e = h('span', 'cm-swatch cm-swatch-' + status + (stale ? ' cm-swatch-stale' : ''));
    var edge = colour(s.edge), layers = [];
    e.style.backgroundColor = colour(s.fill);
    e.style.borderColor = edge;
    if (stale) layers.push('radial-gradient(' + colour(model.palette.reference.stale_dots) +
                           ' 1.1px, transparent 1.4px) 0 0 / 5px 5px');
    if (s.hatch === 'xx') {
      layers.push('repeating-linear-gradient(45deg,' + edge + ' 0 1.5px,transparent 1.5px 5px)',
                  'repeating-linear-gradient(-45deg,' + edge + ' 0 1.5px,transparent 1.5px 5px)');
    } else if (s.hatch) {
      layers.push('repeating-linear-gradient(45deg,' + edge + ' 0 2px,transparent 2px 6px)');
    }
    if (layers.length) e.style.background = layers.join(',') + ',' + colour(s.fill);
    return e;
  }
  // The legend's key for diff mode's "unchanged" (the same look as its map pattern).
  function unchangedSwatch(model) {
    var un = model.palette.diff.unchanged, e = h('span', 'cm-swatch cm-swatch-unchanged');
    e.style.borderColor = colour(un.edge);
    e.style.background = 'repeating-linear-gradient(-45deg,' + colour(un.edge) +
      ' 0 1px,transparent 1px 4px),' + colour(un.fill);
    return e;
  }
  // The stale mark beside a status, a claim or a position.
  function staleMark(model) {
    var e = h('span', 'cm-stale-mark', model.words.stale);
    e.title = ui(model, 'stale_title', {days: model.p.horizon_days});
    return e;
  }

  function svgEl(tag, attrs) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  // Fill patterns, one set per map (ids are global): `<prefix>-<status>` for hatched
  // statuses (contested ///, disputed xx) and `<prefix>-<status>-stale` (dots on top) for all.
  function patternId(prefix, status, stale) { return prefix + '-' + status + (stale ? '-stale' : ''); }
  function addPatterns(svg, prefix, model) {
    if (!svg || svg.querySelector('defs.cm-defs')) return;
    var defs = svgEl('defs', {'class': 'cm-defs'});
    var dots = colour(model.palette.reference.stale_dots);
    Object.keys(model.palette.statuses).forEach(function (st) {
      var s = model.palette.statuses[st];
      [false, true].forEach(function (stale) {
        if (!s.hatch && !stale) return;
        var fill = colour(s.fill), edge = colour(s.edge);
        var pat = svgEl('pattern', {id: patternId(prefix, st, stale), patternUnits: 'userSpaceOnUse',
                                    width: 7, height: 7, patternTransform: 'rotate(45)'});
        pat.appendChild(svgEl('rect', {width: 7, height: 7, fill: fill}));
        if (s.hatch) pat.appendChild(svgEl('line', {x1: 0, y1: 0, x2: 0, y2: 7, stroke: edge, 'stroke-width': 2.2}));
        if (s.hatch === 'xx') {
          pat.appendChild(svgEl('line', {x1: 0, y1: 0, x2: 7, y2: 0, stroke: edge, 'stroke-width': 2.2}));
        }
        if (stale) pat.appendChild(svgEl('circle', {cx: 3.5, cy: 3.5, r: 1.15, fill: dots}));
        defs.appendChild(pat);
      });
    });
    var un = model.palette.diff && model.palette.diff.unchanged;
    if (un) {  // diff mode's "unchanged": light, thin lines the other way from contested's
      var pu = svgEl('pattern', {id: prefix + '-unchanged', patternUnits: 'userSpaceOnUse',
                                 width: 6, height: 6, patternTransform: 'rotate(-45)'});
      pu.appendChild(svgEl('rect', {width: 6, height: 6, fill: colour(un.fill)}));
      pu.appendChild(svgEl('line', {x1: 0, y1: 0, x2: 0, y2: 6, stroke: colour(un.edge), 'stroke-width': 1}));
      defs.appendChild(pu);
    }
    svg.insertBefore(defs, svg.firstChild);
  }

  lib.MS_DAY = MS_DAY;
  lib.SPEEDS = SPEEDS;
  lib.TICK_MS = TICK_MS;
  lib.PLAY_SPAN_S = PLAY_SPAN_S;
  lib.toDay = toDay;
  lib.fromDay = fromDay;
  lib.h = h;
  lib.add = add;
  lib.safeUrl = safeUrl;
  lib.link = link;
  lib.source = source;
  lib.colour = colour;
  lib.lastLE = lastLE;
  lib.fadeFactor = fadeFactor;
  lib.plural = plural;
  lib.fill = fill;
  lib.swatch = swatch;
  lib.staleMark = staleMark;
  lib.unchangedSwatch = unchangedSwatch;
  lib.svgEl = svgEl;
  lib.patternId = patternId;
  lib.addPatterns = addPatterns;
  lib.nextId = nextId;

  /* ---- the payload's words, in its language (render/browser_words.py) ---------------- */

  // An interface string by key, its {name} places filled; the key itself when missing.
  function ui(model, key, values) {
    var w = (model.words && model.words.ui) || {};
    var text = Object.prototype.hasOwnProperty.call(w, key) ? w[key] : key;
    return values ? fill(text, values) : text;
  }
  // The plural form gettext gave for 1, 2 and 5 that n takes (CLDR rules, en and uk).
  function pluralKey(lang, n) {
    if (lang === 'uk') {
      if (n % 10 === 1 && n % 100 !== 11) return '1';
      if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14)) return '2';
      return '5';
    }
    return n === 1 ? '1' : '2';
  }
  // "100 days", "100 днів".
  function daysText(model, n) {
    var w = model.words || {};
    if (!w.days) return plural(n, 'day');
    return fill(w.days[pluralKey(w.lang, n)], {n: n});
  }
  // A day number as the payload's language writes it: ISO in English, "25 листопада 2025 р."
  function dayText(model, n) {
    var iso = fromDay(n), w = model.words || {};
    if (!w.day_template || w.day_template === '{iso}') return iso;
    var p = iso.split('-');
    return fill(w.day_template, {iso: iso, y: p[0], d: String(+p[2]),
                                 month: w.months[+p[1] - 1]});
  }
  lib.ui = ui;
  lib.daysText = daysText;
  lib.dayText = dayText;
})(window);
