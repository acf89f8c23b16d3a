/* Bản đồ PCCC: draws the ward's layers from compact GeoJSON (one style table per layer,
   properties {k: style index, t: tooltip, p: popup values}). Values arrive HTML-escaped from
   the server. window.pcccDrawn[key] holds the number of features drawn per layer, for tests
   and benchmarks. */
(function () {
  "use strict";
  window.pcccDrawn = window.pcccDrawn || {};

  /* Leaflet's own control texts in the map's language: zoom buttons, the layer control and
     the attribution (window.pcccControlTexts, set by the page before this script loads,
     from dashboard/texts.py). */
  var texts = window.pcccControlTexts || {
    zoomIn: "Phóng to", zoomOut: "Thu nhỏ", layers: "Lớp bản đồ",
    leaflet: "Thư viện bản đồ tương tác Leaflet"
  };
  L.Control.Zoom.prototype.options.zoomInTitle = texts.zoomIn;
  L.Control.Zoom.prototype.options.zoomOutTitle = texts.zoomOut;
  L.Control.Attribution.prototype.options.prefix =
    '<a href="https://leafletjs.com" title="' + texts.leaflet + '">Leaflet</a>';
  var initLayout = L.Control.Layers.prototype._initLayout;
  L.Control.Layers.prototype._initLayout = function () {
    initLayout.call(this);
    if (this._layersLink) { this._layersLink.title = texts.layers; }
  };

  function popupHtml(title, labels, values) {
    var rows = [];
    for (var i = 0; i < labels.length; i++) {
      var v = values[i];
      if (v === "" || v === null || v === undefined) continue;
      rows.push("<tr><th>" + labels[i] + "</th><td>" + v + "</td></tr>");
    }
    return '<div class="pccc-popup"><div class="pccc-popup-title">' + title +
      "</div><table>" + rows.join("") + "</table></div>";
  }

  function markDrawn() {
    window.requestAnimationFrame(function () {
      window.requestAnimationFrame(function () {
        window.pcccDrawSeq = (window.pcccDrawSeq || 0) + 1;
        document.documentElement.setAttribute("data-pccc-draw-seq", String(window.pcccDrawSeq));
      });
    });
  }

  /* Layer data by URL: fetched once, then the Leaflet layers built from it are kept and
     reused when Streamlit re-sends the same layer (same content = same URL). */
  window.pcccStore = window.pcccStore || {};
  var STORE_MAX = 48;

  function buildLayers(data, spec) {
    var styles = spec.styles;
    return L.geoJSON(data, {
      style: function (f) { return styles[f.properties.k]; },
      pointToLayer: function (f, latlng) {
        var st = styles[f.properties.k];
        if (spec.marker === "icon") {
          return L.marker(latlng, {
            icon: L.divIcon({ className: st.className, html: st.html, iconSize: [18, 18] }),
            keyboard: false,
            riseOnHover: true
          });
        }
        return L.circleMarker(latlng, st);
      }
    }).getLayers();
  }

  function fromUrl(url, spec) {
    var entry = window.pcccStore[url];
    if (!entry) {
      entry = window.pcccStore[url] = {
        layers: fetch(url).then(function (r) {
          if (!r.ok) { throw new Error("HTTP " + r.status + " for " + url); }
          return r.json();
        }).then(function (data) { return buildLayers(data, spec); })
      };
      var urls = Object.keys(window.pcccStore);
      if (urls.length > STORE_MAX) { delete window.pcccStore[urls[0]]; }
    }
    return entry.layers;
  }

  /* Which layers are on: the page's theme opens some layers and not others (spec.show);
     what the user then switches in the layer control is remembered per theme across
     reruns, since Streamlit re-sends the layers whenever a filter changes. */
  window.pcccVisible = window.pcccVisible || {};

  function visibilityKey(group) { return group.pcccTheme + "|" + group.pcccKey; }

  function rememberToggles(map) {
    if (map._pcccToggles) { return; }
    map._pcccToggles = true;
    map.on("overlayadd", function (e) {
      if (e.layer.pcccKey) { window.pcccVisible[visibilityKey(e.layer)] = true; }
    });
    map.on("overlayremove", function (e) {
      if (e.layer.pcccKey) { window.pcccVisible[visibilityKey(e.layer)] = false; }
    });
  }

  /* The legend lists only the layers that are on. */
  window.pcccGroups = window.pcccGroups || {};
  var legendTimer = null;
  function syncLegend() {
    if (legendTimer) { return; }
    legendTimer = window.setTimeout(function () {
      legendTimer = null;
      var parts = document.querySelectorAll(".pccc-legend [data-layer]");
      for (var i = 0; i < parts.length; i++) {
        var group = window.pcccGroups[parts[i].getAttribute("data-layer")];
        parts[i].style.display = group && group._map ? "" : "none";
      }
    }, 0);
  }
  window.pcccSyncLegend = syncLegend;

  function applyVisibility(group, spec) {
    group.pcccKey = spec.key;
    group.pcccTheme = spec.theme || "";
    window.pcccGroups[spec.key] = group;
    group.once("add", function () {
      var map = group._map;
      rememberToggles(map);
      var key = visibilityKey(group);
      var visible = key in window.pcccVisible ? window.pcccVisible[key] : spec.show !== false;
      if (!visible) { map.removeLayer(group); }
    });
    group.on("add remove", syncLegend);
  }

  window.pcccLayer = function (source, spec, group) {
    applyVisibility(group, spec);
    var layer = L.featureGroup();
    // One tooltip and one popup per layer, filled from the feature under the pointer:
    // far cheaper than binding thousands of them.
    layer.bindTooltip(function (lyr) { return lyr.feature.properties.t || spec.label; },
      { sticky: spec.marker === "path" });
    layer.bindPopup(function (lyr) {
      return popupHtml(spec.label, spec.fields, lyr.feature.properties.p);
    }, { maxWidth: 380 });
    function count() {
      if (layer._map) {
        window.pcccDrawn[spec.key] = layer.getLayers().length;
        markDrawn();
      }
    }
    // Data is fetched and built only when the layer is first shown: layers a theme keeps
    // off cost nothing until the user switches them on. (The group decides whether it stays
    // on in its own "add" handler, which runs after this layer's, hence the deferred check.)
    var loading = null;
    function load() {
      if (loading || !layer._map) { return; }
      loading = (typeof source === "string" ? fromUrl(source, spec)
        : Promise.resolve(buildLayers(source, spec)));
      loading.then(function (layers) {
        for (var i = 0; i < layers.length; i++) { layer.addLayer(layers[i]); }
        count();
      }).catch(function (err) { console.error("pcccLayer " + spec.key + ": " + err); });
    }
    layer.on("add", function () {
      count();
      window.setTimeout(load, 0);
    });
    layer.on("remove", function () {
      delete window.pcccDrawn[spec.key];
      markDrawn();
    });
    layer.addTo(group);
    return layer;
  };

  /* The legend lives while its feature group is on the map: when filters change, the
     groups are replaced and so is the legend, never duplicated. */
  window.pcccLegend = function (group, html) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "pccc-legend");
      div.innerHTML = html;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    group.on("add", function () { control.addTo(group._map); syncLegend(); });
    group.on("remove", function () { control.remove(); });
    return control;
  };
})();
