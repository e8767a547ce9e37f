/* controlmap map: how the map answers the reader's hands. The zoom range (the whole region
 * to a district's streets) and the wheel: a page scrolls past the map until the map is
 * clicked or focused, or the wheel is turned with Ctrl / Cmd held (a trackpad pinch sends
 * that too); leaving the map or its focus hands the wheel back to the page. A wheel turn
 * that does not zoom shows a short hint saying how to.
 */
(function (global) {
  'use strict';
  var CM = global.ControlMap = global.ControlMap || {};
  var lib = CM.lib = CM.lib || {};
  var h = lib.h, add = lib.add;

  lib.MIN_ZOOM = 8;
  lib.MAX_ZOOM = 15;
  var HINT_MS = 1500;

  // `hint`: the line shown when a wheel turn scrolls the page instead (ui word wheel_hint).
  function wheelGate(map, hintText) {
    var el = map.getContainer(), wheel = map.scrollWheelZoom, engaged = false, timer = null;
    var hint = add(el, h('div', 'cm-wheel-hint cm-hidden', hintText));
    hint.setAttribute('aria-hidden', 'true');
    function engage(on) {
      engaged = on;
      if (on) { wheel.enable(); hint.classList.add('cm-hidden'); } else wheel.disable();
      el.classList.toggle('cm-wheel-on', on);
    }
    map.on('click focus', function () { engage(true); });
    map.on('blur', function () { engage(false); });
    el.addEventListener('mouseleave', function () { engage(false); });
    // Capture, so the choice is made before Leaflet's own wheel listener sees the event;
    // not passive, so the browser keeps the event cancelable and a Ctrl + wheel that zooms
    // the map does not scroll the page too (a plain turn is never cancelled).
    el.addEventListener('wheel', function (e) {
      if (engaged) return;
      if (e.ctrlKey || e.metaKey) { wheel.enable(); return; }
      wheel.disable();
      hint.classList.remove('cm-hidden');
      clearTimeout(timer);
      timer = setTimeout(function () { hint.classList.add('cm-hidden'); }, HINT_MS);
    }, {capture: true, passive: false});
    engage(false);
  }

  lib.wheelGate = wheelGate;
})(window);
