/* Streamlit custom component glue (components API v1, plain postMessage, no build step).
 *
 * The payload is fetched by URL, once per data version (args.payload_url, content-hashed, so
 * the browser may cache it), and each view's timeline once per "as known at" date
 * (args.timelines {view: url}): first the views on screen, so the map paints without waiting
 * for the rest; once it is up, the map asks for the claimants' own views (each claimant's
 * position in a card) by reporting `views`, and the next args bring their URLs.
 * On a first start the server names a timeline before it has built it (args.snapshots
 * gives the view on screen for its one day meanwhile): the map paints the day, holds the
 * date there (mount.js `pin`), and fetches the history again until it is there. The claims
 * (args.claims_url) come apart from the payload the same way, after the first paint: until
 * they are there, a card says its sources are loading.
 * Each rerun only sends small args: the view, compare/diff settings and layers. The map's own
 * date wins over args.date unless Python bumps args.rev (a date set from outside the map).
 * Date steps are reported back debounced, never during play, so Streamlit reruns stay rare.
 *
 * History: the Streamlit page pushes a history entry whenever its URL changes, so every date
 * step made one (and Back only undid a step, which the app wrote back). Here the page's
 * pushState replaces instead when only the date, centre or zoom changed; a discrete choice
 * (view, compare, diff, layers, and a jump to an event, which the map flags) still pushes.
 * The component frame shares the page's origin; elsewhere its history is left alone.
 */
(function () {
  'use strict';
  var root = document.getElementById('root');
  var ctl = null, url = null, rev = null, busy = false, latest = null, timer = null;
  var have = {}, haveKnown, asked = '';  // view -> timeline URL in the model; its known-at day
  var waiting = {}, queued = [];  // URLs awaited from the server; timelines to merge when idle
  var haveSnap = {};  // view -> the snapshot URL fetched for it
  var claimsUrl = null, claimsQueued = null;  // the claims fetched for the map; arrived, to join
  var lastArgs = null;  // the latest args: `fail` reads their words
  var failSaid = false;  // the failure reported to the page once

  function post(type, data) {
    data = data || {};
    data.isStreamlitMessage = true;
    data.type = type;
    window.parent.postMessage(data, '*');
  }
  var STEP_KEYS = {date: 1, center: 1, zoom: 1};
  // True when going from query `a` to `b` is a step: only STEP_KEYS differ, or `a` is a bare
  // link the app is only writing out in full.
  function onlySteps(a, b) {
    var A = new URLSearchParams(a), B = new URLSearchParams(b), keys = {};
    if (!A.has('view')) return true;
    A.forEach(function (v, k) { keys[k] = 1; });
    B.forEach(function (v, k) { keys[k] = 1; });
    return Object.keys(keys).every(function (k) { return STEP_KEYS[k] || A.get(k) === B.get(k); });
  }
  function hookHistory() {
    try {
      var win = window.parent, hist = win.history;
      if (win === window) return;
      var flags = win.__controlmapHistory = win.__controlmapHistory || {pushUntil: 0};
      var push = hist.__controlmapPush = hist.__controlmapPush || hist.pushState;
      hist.pushState = function (state, title, u) {
        var step = false;
        try {  // never in the page's way: when in doubt (e.g. this frame is gone), push
          var loc = win.location, to = new win.URL(String(u), loc.href);
          step = Date.now() > flags.pushUntil && to.pathname === loc.pathname &&
                 onlySteps(loc.search, to.search);
        } catch (e) { step = false; }
        if (step) return hist.replaceState(state, title, u);
        flags.pushUntil = 0;
        return push.apply(hist, arguments);
      };
    } catch (e) { /* another origin: its history is not ours to change */ }
  }
  function pushNext() {
    try { window.parent.__controlmapHistory.pushUntil = Date.now() + 5000; } catch (e) { /* ok */ }
  }
  hookHistory();

  function send(state, reason) {
    if (reason === 'play') return;
    if (reason === 'event') pushNext();
    clearTimeout(timer);
    timer = setTimeout(function () {
      post('streamlit:setComponentValue', {value: state, dataType: 'json'});
    }, reason === 'select' ? 0 : 350);
  }
  function options(a) {
    return {view: a.view, compare: a.compare || null, diff: a.diff || null, layers: a.layers || {}};
  }
  function getJson(u) {
    return fetch(u, {credentials: 'same-origin'}).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status + ' for ' + u);
      return r.json();
    });
  }
  function fail(err) {
    busy = false;
    root.textContent = '';
    var p = document.createElement('p');
    p.style.cssText = 'color:#a50f15;font:14px system-ui;padding:12px';
    // The payload's words have not arrived: the page sends this line in its language.
    var said = (lastArgs && lastArgs.words && lastArgs.words.load_failed) ||
      'The map could not load its data:';
    p.textContent = said + ' ' + err.message;
    root.appendChild(p);
    // Once: the page's tables wait for a report from the map (see askForViews).
    if (!failSaid) {
      failSaid = true;
      post('streamlit:setComponentValue', {value: {failed: true}, dataType: 'json'});
    }
  }
  function done() {
    busy = false;
    if (latest) { var next = latest; latest = null; render(next); return; }
    flush();
  }
  // The timelines `a` names that the model lacks.
  function needed(a) {
    var urls = a.timelines || {}, snaps = a.snapshots || {}, fresh = a.known_at !== haveKnown;
    return Object.keys(urls).filter(function (v) {
      if (fresh || have[v] !== urls[v]) return true;
      // another day's snapshot of a view still held to its day (a date set from outside)
      return !!snaps[v] && haveSnap[v] !== snaps[v] && !!ctl && ctl.model.pinned(v) !== null;
    });
  }
  function onScreen(a, v) {
    return v === a.view || !!(a.compare && a.compare.view === v);
  }
  // Fetch what `a` names and the model lacks; resolve to one merged timeline of the views on
  // screen (null: none). A view whose history is still being built comes as a one-day
  // snapshot (a.snapshots, first start) and its history follows; views off screen (the
  // claimants' own, for the cards) join when they are there, never holding up the map.
  function fetchViews(a) {
    var urls = a.timelines || {}, snaps = a.snapshots || {}, need = needed(a);
    if (!need.length) return Promise.resolve(null);
    if (a.known_at !== haveKnown) { have = {}; queued = []; }
    haveKnown = a.known_at;
    need.forEach(function (v) { have[v] = urls[v]; });
    var now = need.filter(function (v) { return onScreen(a, v); });
    now.forEach(function (v) { if (snaps[v]) haveSnap[v] = snaps[v]; });
    need.forEach(function (v) { if (!onScreen(a, v) || snaps[v]) arrive(a.known_at, v, urls[v]); });
    if (!now.length) return Promise.resolve(null);
    return Promise.all(now.map(function (v) { return getJson(snaps[v] || urls[v]); })).then(merged);
  }
  function merged(tls) {
    var tl = Object.assign({}, tls[0], {views: {}});
    tls.forEach(function (t) { Object.assign(tl.views, t.views); });
    return tl;
  }
  // Fetch a file the server may still be building (its URL answers 404 until then) and hand
  // its JSON to `then`. A dropped connection (the server restarting) is waited out the same
  // way; any other answer is a failure.
  function poll(u, then, failed) {
    var pause = 250;
    function again() {
      pause = Math.min(2000, pause * 1.5);
      setTimeout(attempt, pause);
    }
    function attempt() {
      fetch(u, {credentials: 'same-origin'}).then(function (r) {
        if (r.status === 404) { again(); return null; }
        if (!r.ok) throw new Error('HTTP ' + r.status + ' for ' + u);
        return r.json().then(then);
      }, again).catch(function (err) { failed(); fail(err); });
    }
    attempt();
  }
  // Wait for a timeline, then merge it, unless the args have moved on to another known-at
  // day or URL meanwhile.
  function arrive(known, v, u) {
    if (waiting[u]) return;
    waiting[u] = true;
    poll(u, function (tl) {
      delete waiting[u];
      if (haveKnown !== known || have[v] !== u) return;
      queued.push(tl);
      flush();
    }, function () { delete waiting[u]; });
  }
  // The claims come apart from the payload (after the first paint, for the cards and the
  // credits): fetched once per map, and joined when the map is idle.
  function fetchClaims(a) {
    if (!a.claims_url || a.claims_url === claimsUrl) return;
    var u = claimsUrl = a.claims_url;
    poll(u, function (doc) {
      if (claimsUrl !== u) return;
      claimsQueued = doc;
      flush();
    }, function () { claimsUrl = null; });
  }
  // Timelines and claims that arrived while the map was being made or changed join once it
  // is idle.
  function flush() {
    if (busy || !ctl) return;
    if (claimsQueued) {
      var doc = claimsQueued;
      claimsQueued = null;
      ctl.update({claims: doc});
    }
    if (!queued.length) return;
    var tls = queued;
    queued = [];
    ctl.update({timeline: merged(tls)});
    if (lastArgs) askForViews(lastArgs);
  }
  // Once the map is up: ask for the claimants' views the args do not name yet. The first
  // report after a mount is sent even when none are missing: the page holds its tables and
  // charts until the map has reported, so they never delay the map's own data.
  function askForViews(a, mounted) {
    var named = a.timelines || {};
    var want = ctl.model.missingClaimantViews().filter(function (v) { return !named[v]; });
    if (!mounted && (!want.length || want.join() === asked)) return;
    asked = want.join();
    post('streamlit:setComponentValue',
         {value: Object.assign(ctl.getState(), {views: want}), dataType: 'json'});
  }
  function mount(a) {
    busy = true;
    have = {}; haveKnown = undefined; queued = [];
    claimsUrl = null; claimsQueued = null;
    Promise.all([getJson(a.payload_url), fetchViews(a)]).then(function (got) {
      if (ctl) ctl.destroy();
      var payload = got[0];
      payload.timeline = got[1] || {known_at: a.known_at, areas: [], views: {}};
      var o = options(a);
      o.date = a.date; o.center = a.center; o.zoom = a.zoom; o.height = height(a); o.onChange = send;
      ctl = window.ControlMap.mount(root, payload, o);
      url = a.payload_url; rev = a.rev;
      window.controlmap = ctl;  // for tests and benchmarks
      if (!payload.claims) fetchClaims(a);
      done();
      askForViews(a, true);
    }).catch(fail);
  }
  function update(a) {
    var o = options(a);
    if (a.rev !== rev) { o.date = a.date; rev = a.rev; }
    if (!needed(a).length) { ctl.update(o); askForViews(a); return; }
    busy = true;
    fetchViews(a).then(function (tl) {
      if (tl) o.timeline = tl;
      ctl.update(o);
      done();
      askForViews(a);
    }).catch(fail);
  }
  // The map's height: the page's window less room for the title, so the map takes most of the
  // first screen on a phone and a desktop alike; a.height when the page cannot be measured.
  function height(a) {
    var want = a.height || 640;
    try {
      var vh = window.parent.innerHeight;
      if (vh) want = Math.max(480, Math.min(720, vh - 120));
    } catch (e) { /* another origin: keep the asked height */ }
    return want;
  }
  function render(a) {
    lastArgs = a;
    post('streamlit:setFrameHeight', {height: height(a) + 6});
    if (busy) { latest = a; return; }
    if (!ctl || url !== a.payload_url) mount(a); else update(a);
  }
  window.addEventListener('message', function (ev) {
    var d = ev.data;
    if (d && d.type === 'streamlit:render') render(d.args || {});
  });
  post('streamlit:componentReady', {apiVersion: 1});
})();
