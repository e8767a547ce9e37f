/* Streamlit custom component glue (components API v1, plain postMessage, no build step).
 *
 * The payload is fetched by URL, once per data version (args.payload_url, content-hashed, so
 * the browser may cache it), and the timeline once per "as known at" date (args.timeline_url).
 * Each rerun only sends small args: the view, compare/diff settings and layers. The map's own
 * date wins over args.date unless Python bumps args.rev (a date set from outside the map).
 * Date steps are reported back debounced, never during play, so Streamlit reruns stay rare.
 */
(function () {
  'use strict';
  var root = document.getElementById('root');
  var ctl = null, url = null, rev = null, tlUrl = null, busy = false, latest = null, timer = null;

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
    p.textContent = 'The map could not load its data: ' + err.message;
    root.appendChild(p);
  }
  function done() {
    busy = false;
    if (latest) { var next = latest; latest = null; render(next); }
  }
  function mount(a) {
    busy = true;
    Promise.all([getJson(a.payload_url), getJson(a.timeline_url)]).then(function (got) {
      if (ctl) ctl.destroy();
      var payload = got[0];
      payload.timeline = got[1];
      var o = options(a);
      o.date = a.date; o.center = a.center; o.zoom = a.zoom; o.height = a.height; o.onChange = send;
      ctl = window.ControlMap.mount(root, payload, o);
      url = a.payload_url; tlUrl = a.timeline_url; rev = a.rev;
      window.controlmap = ctl;  // for tests and benchmarks
      done();
    }).catch(fail);
  }
  function update(a) {
    var o = options(a);
    if (a.rev !== rev) { o.date = a.date; rev = a.rev; }
    if (a.timeline_url === tlUrl) { ctl.update(o); return; }
    busy = true;
    getJson(a.timeline_url).then(function (tl) {
      tlUrl = a.timeline_url;
      o.timeline = tl;
      ctl.update(o);
      done();
    }).catch(fail);
  }
  function render(a) {
    post('streamlit:setFrameHeight', {height: (a.height || 640) + 6});
    if (busy) { latest = a; return; }
    if (!ctl || url !== a.payload_url) mount(a); else update(a);
  }
  window.addEventListener('message', function (ev) {
    var d = ev.data;
    if (d && d.type === 'streamlit:render') render(d.args || {});
  });
  post('streamlit:componentReady', {apiVersion: 1});
})();
