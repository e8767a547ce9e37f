/* Streamlit custom component glue (components API v1, plain postMessage, no build step).
 *
 * The big, unchanging part of the payload is fetched once by URL (args.payload_url, content
 * hashed, so the browser may cache it); each rerun only sends small args: the timeline for the
 * "as known at" date, the view, compare/diff settings and layers. The map's own date wins
 * over args.date unless Python bumps args.rev (a date set from outside the map).
 * Date steps are reported back debounced, never during play, so Streamlit reruns stay rare.
 */
(function () {
  'use strict';
  var root = document.getElementById('root');
  var ctl = null, url = null, rev = null, tlKey = null, loading = false, latest = null, timer = null;

  function post(type, data) {
    data = data || {};
    data.isStreamlitMessage = true;
    data.type = type;
    window.parent.postMessage(data, '*');
  }
  function send(state, reason) {
    if (reason === 'play') return;
    clearTimeout(timer);
    timer = setTimeout(function () {
      post('streamlit:setComponentValue', {value: state, dataType: 'json'});
    }, reason === 'select' ? 0 : 350);
  }
  function options(a) {
    return {view: a.view, compare: a.compare || null, diff: a.diff || null, layers: a.layers || {}};
  }
  function fail(msg) {
    root.textContent = '';
    var p = document.createElement('p');
    p.style.cssText = 'color:#a50f15;font:14px system-ui;padding:12px';
    p.textContent = msg;
    root.appendChild(p);
  }
  function load(a) {
    loading = true;
    url = a.payload_url;
    fetch(a.payload_url, {credentials: 'same-origin'}).then(function (r) {
      if (!r.ok) throw new Error('map data: HTTP ' + r.status);
      return r.json();
    }).then(function (payload) {
      loading = false;
      if (ctl) ctl.destroy();
      payload.timeline = a.timeline;
      var o = options(a);
      o.date = a.date; o.center = a.center; o.zoom = a.zoom; o.height = a.height; o.onChange = send;
      ctl = window.ControlMap.mount(root, payload, o);
      rev = a.rev; tlKey = a.timeline_key;
      window.controlmap = ctl;  // for tests and benchmarks
      if (latest) { var next = latest; latest = null; render(next); }
    }).catch(function (err) {
      loading = false;
      fail('The map could not load its data: ' + err.message);
    });
  }
  function render(a) {
    post('streamlit:setFrameHeight', {height: (a.height || 640) + 6});
    if (loading) { latest = a; return; }
    if (!ctl || url !== a.payload_url) { load(a); return; }
    var o = options(a);
    if (a.timeline_key !== tlKey) { o.timeline = a.timeline; tlKey = a.timeline_key; }
    if (a.rev !== rev) { o.date = a.date; rev = a.rev; }
    ctl.update(o);
  }
  window.addEventListener('message', function (ev) {
    var d = ev.data;
    if (d && d.type === 'streamlit:render') render(d.args || {});
  });
  post('streamlit:componentReady', {apiVersion: 1});
})();
