/* controlmap map, part 1 of 8: the namespace and small helpers every other part uses.
 *
 * The map is plain scripts loaded in order (core, model, cards, pane, overlays, controls,
 * controller, compare; see MAP_SCRIPTS in controlmap/render/payload.py), no build step. Each
 * part adds to window.ControlMap.lib; controller.js adds the public
 * window.ControlMap.mount(element, payload, options).
 *
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
  var SPEEDS = [['1', '1 day / step'], ['7', '1 week / step'], ['30', '1 month / step'],
                ['change', 'change by change']];
  var TICK_MS = 250;

  function toDay(iso) {
    var p = String(iso).split('-');
    return Math.round(Date.UTC(+p[0], (+p[1] || 1) - 1, +p[2] || 1) / MS_DAY);
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
  function colour(c, fallback) { return COLOUR.test(c || '') ? c : fallback; }
  // Index of the last element <= x in a sorted array, -1 when none.
  function lastLE(arr, x) {
    var lo = 0, hi = arr.length - 1, ans = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (arr[mid] <= x) { ans = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return ans;
  }
  function fadeFactor(age, f) {
    if (age === null || age === undefined || age <= f.full_until) return 1;
    var span = Math.max(1, f.over - f.full_until);
    return Math.max(f.floor, 1 - (1 - f.floor) * (age - f.full_until) / span);
  }
  // A fresh number per pane: SVG pattern ids are global to the page.
  function nextId() { return ++mounts; }
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  /* ---- small DOM pieces ----------------------------------------------------------- */

  function swatch(model, status) {
    var s = model.legend[status] || model.legend.unknown;
    var e = h('span', 'cm-swatch cm-swatch-' + status);
    var fill = colour(s.fill, '#ddd'), edge = colour(s.edge, '#888');
    e.style.backgroundColor = fill;
    e.style.borderColor = edge;
    if (s.hatch === 'xx') {
      e.style.backgroundImage = 'repeating-linear-gradient(45deg,' + edge + ' 0 1.5px,transparent 1.5px 5px),' +
        'repeating-linear-gradient(-45deg,' + edge + ' 0 1.5px,transparent 1.5px 5px)';
    } else if (s.hatch) {
      e.style.backgroundImage = 'repeating-linear-gradient(45deg,' + edge + ' 0 2px,transparent 2px 6px)';
    }
    return e;
  }

  function svgEl(tag, attrs) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  // Hatch patterns for contested (///) and disputed (xx), one set per map (ids are global).
  function addPatterns(svg, prefix, model) {
    if (!svg || svg.querySelector('defs.cm-defs')) return;
    var defs = svgEl('defs', {'class': 'cm-defs'});
    Object.keys(model.legend).forEach(function (st) {
      var s = model.legend[st];
      if (!s.hatch) return;
      var fill = colour(s.fill, '#ddd'), edge = colour(s.edge, '#888');
      var pat = svgEl('pattern', {id: prefix + '-' + st, patternUnits: 'userSpaceOnUse',
                                  width: 7, height: 7, patternTransform: 'rotate(45)'});
      pat.appendChild(svgEl('rect', {width: 7, height: 7, fill: fill}));
      pat.appendChild(svgEl('line', {x1: 0, y1: 0, x2: 0, y2: 7, stroke: edge, 'stroke-width': 2.2}));
      if (s.hatch === 'xx') {
        pat.appendChild(svgEl('line', {x1: 0, y1: 0, x2: 7, y2: 0, stroke: edge, 'stroke-width': 2.2}));
      }
      defs.appendChild(pat);
    });
    svg.insertBefore(defs, svg.firstChild);
  }

  lib.MS_DAY = MS_DAY;
  lib.SPEEDS = SPEEDS;
  lib.TICK_MS = TICK_MS;
  lib.toDay = toDay;
  lib.fromDay = fromDay;
  lib.h = h;
  lib.add = add;
  lib.safeUrl = safeUrl;
  lib.link = link;
  lib.colour = colour;
  lib.lastLE = lastLE;
  lib.fadeFactor = fadeFactor;
  lib.plural = plural;
  lib.swatch = swatch;
  lib.svgEl = svgEl;
  lib.addPatterns = addPatterns;
  lib.nextId = nextId;
})(window);
