/* controlmap published site: the page around ControlMap.mount. It fetches the payload's data
 * files named in the page's manifest (#cm-site), mounts the map, and keeps the state in the
 * URL hash as a permalink: #lang=uk|en&date=YYYY-MM-DD&view=...&known=YYYY-MM-DD&compare=view:<id>|date:<day>.
 * The language is the hash's, else the first of navigator.languages the site offers, else
 * English; switching it (the links in #cm-lang) pushes a history entry and remounts the map
 * on that language's payload (timelines hold no words). Every page word comes from the
 * manifest's `text` (the catalogs): elements marked data-cm-text are relabelled.
 * A date step (slider, play, previous/next) replaces the history entry (once the stepping
 * pauses for a quarter second); a discrete choice
 * (view, side by side, as known at, jump to an event) pushes one; back/forward and opening a
 * permalink restore the state. Each view's timeline is its own file: the views on screen are
 * fetched first, the claimants' own views (each one's position in a card) once the map is up,
 * any other view when picked. As-known-at timelines are fetched when first picked; a picked
 * day is rounded down to the last day on which a claim was published (exact: nothing else
 * changes what is known). Text from the data is only ever written with textContent.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap, doc = global.document;
  var ISO = /^\d{4}-\d{2}-\d{2}$/;
  var site = JSON.parse(doc.getElementById('cm-site').textContent);
  function $(id) { return doc.getElementById(id); }
  var el = {view: $('cm-view'), compare: $('cm-compare'), compareView: $('cm-compare-view'),
            compareDate: $('cm-compare-date'), known: $('cm-known'), all: $('cm-known-all'),
            note: $('cm-known-note'), map: $('map'), langs: $('cm-lang')};
  var ctl = null, known = null, views = {}, fetched = {}, pushNext = false, lang = null;
  function word(key, values) {
    return CM.lib.fill(site.text[lang || browserLang()][key], values || {});
  }

  function getJson(url) {
    if (!fetched[url]) {
      fetched[url] = global.fetch(url, {credentials: 'same-origin'}).then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status + ' for ' + url);
        return r.json();
      });
    }
    return fetched[url];
  }

  function parseHash() {
    var raw = {};
    global.location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      var i = kv.indexOf('=');
      if (i > 0) {
        try { raw[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); }
        catch (e) { /* a malformed escape: ignore that member */ }
      }
    });
    var st = {lang: site.text.hasOwnProperty(raw.lang) ? raw.lang : null,
              date: ISO.test(raw.date || '') ? raw.date : null, view: raw.view || null,
              known: ISO.test(raw.known || '') ? raw.known : null, compare: null};
    var c = raw.compare || '';
    if (c.indexOf('view:') === 0) st.compare = {mode: 'view', view: c.slice(5)};
    else if (c.indexOf('date:') === 0 && ISO.test(c.slice(5))) st.compare = {mode: 'date', date: c.slice(5)};
    return st;
  }

  function hashOf(st) {
    var parts = ['lang=' + st.lang, 'date=' + st.date, 'view=' + encodeURIComponent(st.view)];
    if (st.known) parts.push('known=' + st.known);
    var c = st.compare;
    if (c && c.mode === 'view') parts.push('compare=view:' + encodeURIComponent(c.view));
    if (c && c.mode === 'date') parts.push('compare=date:' + c.date);
    return '#' + parts.join('&');
  }

  // The last day on which the set of known claims changed, on or before `day` (ISO strings
  // sort as dates); the first such day for anything earlier (nothing was known before it).
  function roundKnown(day) {
    if (!day || !site.known.length) return null;
    var ans = site.known[0];
    site.known.forEach(function (d) { if (d <= day) ans = d; });
    return ans;
  }
  // The files of day k's timelines (null: every claim), one per view: the as-known-at days'
  // are listed in a file of their own, fetched when a day is first picked.
  function timelineFiles(k) {
    if (!k) return Promise.resolve(site.timelines);
    return getJson(site.known_index).then(function (index) { return index[k]; });
  }
  // One timeline object holding `list`'s views of day k (payload_model.js merges them).
  function loadViews(k, list) {
    return timelineFiles(k).then(function (files) {
      return Promise.all(list.map(function (v) { return getJson(files[v]); }));
    }).then(function (tls) {
      var tl = Object.assign({}, tls[0], {views: {}});
      tls.forEach(function (t) { Object.assign(tl.views, t.views); });
      return tl;
    });
  }
  function shownViews(st) {
    var out = [validView(st.view)], c = st.compare;
    if (c && c.mode === 'view' && out.indexOf(validView(c.view)) < 0) out.push(validView(c.view));
    return out;
  }
  // The views `list` adds to the map's (fetched, then merged in) before `then` runs.
  function ensure(list, then) {
    var missing = list.filter(function (v) { return !ctl.model.hasView(v); });
    if (!missing.length) { then(); return Promise.resolve(); }
    return loadViews(known, missing).then(function (tl) { ctl.update({timeline: tl}); then(); })
      .catch(fail);
  }
  // Once the map is up: the claimants' own views, for each claimant's position in a card.
  function fillIn() {
    var k = known, missing = ctl.model.missingClaimantViews();
    if (!missing.length) return;
    loadViews(k, missing).then(function (tl) {
      if (k === known && ctl) ctl.update({timeline: tl});
    }).catch(fail);
  }
  function validView(v) { return views[v] ? v : 'assessed'; }
  function validCompare(c) {
    if (!c) return null;
    if (c.mode === 'view') return {mode: 'view', view: validView(c.view)};
    return {mode: 'date', date: c.date};
  }

  function current() {
    return {lang: lang, date: ctl.getDate(), view: ctl.state.view, known: known,
            compare: ctl.state.compare};
  }
  // A date step writes the URL once the stepping pauses (history calls cost a round trip to
  // the browser, and browsers throttle them); a choice writes it at once.
  var pending = null;
  function recordSoon() {
    global.clearTimeout(pending);
    pending = global.setTimeout(function () { pending = null; record(false); }, 250);
  }
  function record(push) {
    global.clearTimeout(pending);
    pending = null;
    var h = hashOf(current());
    if (h === global.location.hash) return;
    global.history[push ? 'pushState' : 'replaceState'](null, '', h);
  }

  function sync(asked) {
    var st = ctl.state, c = st.compare;
    el.view.value = st.view;
    el.compare.value = c ? c.mode : '';
    el.compareView.hidden = !(c && c.mode === 'view');
    el.compareDate.hidden = !(c && c.mode === 'date');
    if (c && c.mode === 'view') el.compareView.value = c.view;
    if (c && c.mode === 'date') el.compareDate.value = c.date;
    el.known.value = known || '';
    el.note.textContent = !known ? word('showing_all')
      : word('known_by', {day: known}) + (asked && asked !== known
        ? word('known_rounded', {asked: asked}) : '');
  }

  // Show a state (from a permalink or back/forward): fetch its timeline first if need be.
  function apply(st, push, asked) {
    var k = roundKnown(st.known);
    var o = {view: validView(st.view || ctl.state.view), compare: validCompare(st.compare)};
    var list = shownViews(o);
    if (k === known) list = list.filter(function (v) { return !ctl.model.hasView(v); });
    return (list.length ? loadViews(k, list) : Promise.resolve(null)).then(function (tl) {
      if (st.date) o.date = st.date;
      if (tl) o.timeline = tl;
      var moved = k !== known;
      known = k;
      ctl.update(o);
      sync(asked || st.known);
      if (push !== null) record(push);
      if (moved) fillIn();
    }).catch(fail);
  }

  function fail(err) {
    el.map.textContent = '';
    var p = doc.createElement('p');
    p.className = 'cm-site-error';
    p.textContent = word('load_failed', {error: err.message});
    el.map.appendChild(p);
  }

  function onChange(state, reason) {
    if (pushNext) record(true);
    else if (reason === 'date' || reason === 'play') recordSoon();
  }

  function mapHeight() {
    var top = el.map.getBoundingClientRect().top + global.scrollY;
    return Math.max(420, Math.round(global.innerHeight - top - 12));
  }

  function wire() {
    el.view.addEventListener('change', function () {
      var v = el.view.value;
      ensure([v], function () { ctl.update({view: v}); sync(); record(true); });
    });
    function compare() {
      var m = el.compare.value, c = null;
      if (m === 'view') c = {mode: 'view', view: el.compareView.value};
      if (m === 'date') c = {mode: 'date', date: el.compareDate.value || ctl.getDate()};
      ensure(c && c.mode === 'view' ? [validView(c.view)] : [], function () {
        ctl.update({compare: c}); sync(); record(true);
      });
    }
    el.compare.addEventListener('change', compare);
    el.compareView.addEventListener('change', compare);
    el.compareDate.addEventListener('change', function () { if (el.compareDate.value) compare(); });
    el.known.addEventListener('change', function () {
      var v = el.known.value;
      apply({date: null, view: ctl.state.view, compare: ctl.state.compare,
             known: ISO.test(v) ? v : null}, true, v);
    });
    el.all.addEventListener('click', function () {
      apply({date: null, view: ctl.state.view, compare: ctl.state.compare, known: null}, true);
    });
    // A jump to an event is a discrete choice: its date change pushes a history entry.
    el.map.addEventListener('change', function (e) {
      if (e.target && e.target.classList && e.target.classList.contains('cm-events')) {
        pushNext = true;
        global.setTimeout(function () { pushNext = false; }, 0);
      }
    }, true);
    global.addEventListener('popstate', function () {
      var st = parseHash();
      if (st.lang && st.lang !== lang) start(st, null);
      else apply(st, null);
    });
    el.langs.addEventListener('click', function (e) {
      var code = e.target && e.target.getAttribute && e.target.getAttribute('data-lang');
      if (!code) return;
      e.preventDefault();
      if (code === lang) return;
      var st = current();
      st.lang = code;
      start(st, true);
    });
  }

  // The first of the reader's languages that the site offers (uk-UA -> uk), else the first.
  function browserLang() {
    var asked = global.navigator.languages || [global.navigator.language || ''];
    for (var i = 0; i < asked.length; i++) {
      var code = String(asked[i]).toLowerCase().split('-')[0];
      if (site.text.hasOwnProperty(code)) return code;
    }
    return site.langs[0].id;
  }

  // The page's words, the view selects' labels and <html lang> in the chosen language.
  function relabel(payload) {
    doc.documentElement.lang = lang;
    doc.title = word('title');
    Array.prototype.forEach.call(doc.querySelectorAll('[data-cm-text]'), function (e) {
      e.textContent = word(e.getAttribute('data-cm-text'));
    });
    el.langs.setAttribute('aria-label', word('lang_name'));
    el.compareView.setAttribute('aria-label', word('compare_view_name'));
    el.compareDate.setAttribute('aria-label', word('compare_date_name'));
    Array.prototype.forEach.call(el.langs.querySelectorAll('a'), function (a) {
      if (a.getAttribute('data-lang') === lang) a.setAttribute('aria-current', 'true');
      else a.removeAttribute('aria-current');
    });
    [el.view, el.compareView].forEach(function (sel) {
      sel.textContent = '';
      payload.views.forEach(function (v) {
        var o = doc.createElement('option');
        o.value = v.id;
        o.textContent = v.label;
        sel.appendChild(o);
      });
    });
  }

  // Mount the map on `st`'s language payload (again, when the language is switched).
  function start(st, push) {
    var code = st.lang || lang || browserLang(), k = roundKnown(st.known), wired = !!ctl;
    return getJson(site.base[code]).then(function (base) {
      views = {};
      base.views.forEach(function (v) { views[v.id] = true; });
      return Promise.all([base, loadViews(k, shownViews(st))]);
    }).then(function (got) {
      var payload = Object.assign({}, got[0], {timeline: got[1]});
      if (ctl) ctl.destroy();
      lang = code;
      known = k;
      relabel(payload);
      ctl = CM.mount(el.map, payload, {
        date: st.date || undefined, view: validView(st.view),
        compare: validCompare(st.compare), height: mapHeight(),
        layers: {basemap: false}, onChange: onChange
      });
      global.controlmap = ctl;  // for tests and benchmarks
      if (!wired) wire();
      sync(st.known);
      if (push !== null) record(push);
      painted();
      fillIn();
    }).catch(fail);
  }

  function painted() {
    doc.documentElement.removeAttribute('data-cm-painted');
    // Painted: the frame after the mount has been drawn (a task after its animation frame).
    global.requestAnimationFrame(function () {
      var ch = new global.MessageChannel();
      ch.port1.onmessage = function () {
        doc.documentElement.setAttribute('data-cm-painted', '1');
        if (global.performance && global.performance.mark) global.performance.mark('cm-painted');
      };
      ch.port2.postMessage(0);
    });
  }

  start(parseHash(), false);
})(window);
