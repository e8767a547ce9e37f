/* Draws the HTML export's map data (controlmap.render.export_html.map_data) on Leaflet.
   Every text from the data goes through textContent; links only for http(s). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cm-data").textContent);
  var map = L.map("map", {preferCanvas: false, attributionControl: false});
  var svgNS = "http://www.w3.org/2000/svg";
  function text(tag, value, parent) {
    var el = document.createElement(tag); el.textContent = value == null ? "" : String(value);
    if (parent) parent.appendChild(el); return el;
  }
  function popup(p) {
    var box = document.createElement("div");
    var head = text("b", p.name, box);
    if (p.name_uk) { text("span", " " + p.name_uk, box); }
    head.style.display = "inline";
    text("div", p.status_label + (p.since ? " since " + p.since : ""), box);
    if (p.claimant) {
      text("div", "Claimed by " + p.claimant + (p.claimant_name ? " (" + p.claimant_name + ")" : ""), box);
    }
    if (p.source_title) {
      var src = document.createElement("div");
      if (/^https?:\/\//i.test(p.source_url || "")) {
        var a = text("a", p.source_title, src); a.href = p.source_url;
        a.rel = "noopener noreferrer"; a.target = "_blank";
      } else { src.textContent = p.source_title; }
      box.appendChild(src);
    }
    if (p.age_days != null) { text("div", "Claim age: " + p.age_days + " days", box); }
    if (p.approximate) { text("div", "Approximate outline", box).style.color = "#666"; }
    return box;
  }
  // The view first: Leaflet's renderer needs one before vector layers are added.
  var bounds = L.geoJSON(data.outlines).getBounds();
  if (bounds.isValid()) { map.fitBounds(bounds, {padding: [24, 24]}); } else { map.setView([49.71, 37.62], 11); }
  var fills = L.geoJSON(data.areas, {
    style: function (f) {
      return {color: f.properties.edge, weight: 0.5, fillColor: f.properties.fill, fillOpacity: 0.9};
    },
    onEachFeature: function (f, layer) { layer.bindPopup(function () { return popup(f.properties); }); }
  }).addTo(map);
  L.geoJSON(data.outlines, {
    interactive: false,
    style: function (f) {
      return {color: "#222", weight: f.properties.top ? 1.6 : 0.7, fill: false};
    }
  }).addTo(map);
  L.geoJSON(data.oskil, {
    interactive: false,
    style: function () { return {color: "#2f79b5", weight: 2.2, fillColor: "#9cc9e8", fillOpacity: 1}; }
  }).addTo(map);
  data.towns.forEach(function (t) {
    var m = L.circleMarker([t.lat, t.lon], {radius: t.rank === 1 ? 3.5 : 2.5, color: "#fff",
      weight: 1, fillColor: "#222", fillOpacity: 1}).addTo(map);
    var label = t.name + (t.name_uk && t.rank === 1 ? " / " + t.name_uk : "");
    m.bindTooltip(document.createTextNode(label), {permanent: t.rank === 1, direction: "right",
      className: "cm-town", offset: [4, 0]});
  });
  // Hatch patterns for contested and disputed fills, defined in Leaflet's own SVG.
  var svg = map.getPanes().overlayPane.querySelector("svg");
  if (svg) {
    var defs = document.createElementNS(svgNS, "defs");
    Object.keys(data.hatches).forEach(function (status) {
      var pat = document.createElementNS(svgNS, "pattern");
      pat.setAttribute("id", "cm-hatch-" + status);
      pat.setAttribute("patternUnits", "userSpaceOnUse");
      pat.setAttribute("width", "7"); pat.setAttribute("height", "7");
      var lines = status === "disputed" ? ["M0,7 L7,0", "M0,0 L7,7"] : ["M0,7 L7,0"];
      lines.forEach(function (d) {
        var path = document.createElementNS(svgNS, "path");
        path.setAttribute("d", d); path.setAttribute("stroke", data.hatches[status]);
        path.setAttribute("stroke-width", "1.2"); pat.appendChild(path);
      });
      defs.appendChild(pat);
    });
    svg.insertBefore(defs, svg.firstChild);
  }
  fills.eachLayer(function (layer) {
    var p = layer.feature.properties;
    if (!p.hatch || !layer._path) { return; }
    var hatch = layer._path.cloneNode(false);
    hatch.setAttribute("fill", "url(#cm-hatch-" + p.hatch + ")");
    hatch.setAttribute("stroke", "none");
    hatch.setAttribute("pointer-events", "none");
    hatch.setAttribute("class", "cm-hatch");
    layer._path.parentNode.insertBefore(hatch, layer._path.nextSibling);
    layer.on("update", function () { hatch.setAttribute("d", layer._path.getAttribute("d")); });
    map.on("zoomend moveend viewreset", function () {
      hatch.setAttribute("d", layer._path.getAttribute("d"));
    });
  });
  L.control.scale({imperial: false}).addTo(map);
  window.controlmapReady = true;
})();
