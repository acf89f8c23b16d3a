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
    leaflet: "Thư viện bản đồ tương tác Leaflet",
    fullscreen: "Toàn màn hình", fullscreenExit: "Thoát toàn màn hình"
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

  /* The popup's link to the feature's history (spec.history: the page's path, the layer
     and the link's text, set only where the page exists): the id is URL-encoded here. */
  function historyLink(spec, id) {
    if (!spec.history || id === undefined || id === null || id === "") { return ""; }
    var href = spec.history.path + "?lop=" + encodeURIComponent(spec.history.layer) +
      "&amp;doi_tuong=" + encodeURIComponent(id);
    return '<div class="pccc-popup-history"><a href="' + href +
      '" target="_blank" rel="noopener" data-pccc-history="1">' + spec.history.label + "</a></div>";
  }

  /* A history link opens the page in the dashboard's own tab (its sign-in stays): the
     parent page is told to navigate the way its own back button does. Where the parent
     cannot be reached, the link opens a new tab. */
  document.addEventListener("click", function (e) {
    var link = e.target && e.target.closest ? e.target.closest("a[data-pccc-history]") : null;
    if (!link) { return; }
    try {
      var top = window.parent;
      var url = new URL(link.getAttribute("href"), top.location.href);
      top.history.pushState(null, "", url.pathname + url.search);
      top.dispatchEvent(new PopStateEvent("popstate"));
      e.preventDefault();
    } catch (err) { /* another origin: the browser follows the link */ }
  });

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
    var options = {
      // A passive layer (spec.passive: a map that is clicked or drawn on) lets the pointer
      // through to the map: no popup, no tooltip.
      interactive: !spec.passive,
      style: function (f) { return styles[f.properties.k]; },
      pointToLayer: function (f, latlng) {
        var st = styles[f.properties.k];
        if (spec.marker === "icon") {
          return L.marker(latlng, {
            icon: L.divIcon({ className: st.className, html: st.html, iconSize: [18, 18] }),
            interactive: !spec.passive,
            keyboard: false,
            riseOnHover: true
          });
        }
        return L.circleMarker(latlng, L.extend({ interactive: !spec.passive }, st));
      }
    };
    return L.geoJSON(data, options).getLayers();
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
      var props = lyr.feature.properties;
      return popupHtml(spec.label, spec.fields, props.p) + historyLink(spec, props.i);
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
        sendBack();
        count();
      }).catch(function (err) { console.error("pcccLayer " + spec.key + ": " + err); });
    }
    // A layer drawn "below" (households) goes under everything already on the canvas, so
    // the road classes stay readable whatever order the layers' data arrives in.
    function sendBack() {
      if (!spec.below || !layer._map) { return; }
      layer.eachLayer(function (l) { if (l.bringToBack) { l.bringToBack(); } });
    }
    layer.on("add", function () {
      sendBack();
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
    group.on("add", function () {
      var map = group._map;
      control.addTo(map);
      var details = control.getContainer().querySelector("details");
      // Presentation mode opens with the legend folded; unfolding it re-fits the ward beside it.
      if (details && map._pccc && map._pccc.presentation) { details.removeAttribute("open"); }
      if (details) {
        details.addEventListener("toggle", function () {
          // Folded for the layer list a moment (data-pccc-auto): the ward stays where it is.
          if (details.getAttribute("data-pccc-auto")) {
            details.removeAttribute("data-pccc-auto");
            arrangeControls(map);
          } else {
            window.pcccArrange(map);
          }
        });
      }
      syncLegend();
      window.pcccArrange(map);
      // the layer control is added right after the layers: arrange again once it is there
      window.setTimeout(function () { window.pcccArrange(map); }, 0);
    });
    group.on("remove", function () { control.remove(); });
    return control;
  };

  /* ---- A map made to be shown: fitted to the ward beside its controls, full screen,
     presentation mode and print. window.pcccSetup(map, config) runs once per map, with
     config {bounds, presentation, fill, printMm: [width, height]}. ---- */
  var PX_PER_MM = 96 / 25.4;

  function visible(el) { return el && el.offsetParent !== null; }

  function widest(nodes) {
    var w = 0;
    for (var i = 0; i < nodes.length; i++) {
      if (visible(nodes[i])) { w = Math.max(w, nodes[i].offsetWidth); }
    }
    return w;
  }

  /* Keep the legend and the layer control apart: the legend ends below the (folded) layer
     control, and the unfolded layer list ends above the legend. */
  function arrangeControls(map) {
    var c = map.getContainer();
    var legend = c.querySelector(".pccc-legend");
    var layers = c.querySelector(".leaflet-control-layers");
    if (!legend) { return; }
    var box = c.getBoundingClientRect();
    var top = box.top;
    if (layers && visible(layers)) {
      var lr = layers.classList.contains("leaflet-control-layers-expanded")
        ? layers.querySelector(".leaflet-control-layers-toggle") : layers;
      top = Math.max(top, (lr && visible(lr) ? lr : layers).getBoundingClientRect().bottom);
      if (layers.classList.contains("leaflet-control-layers-expanded")) {
        top = Math.max(top, box.top + 44 + 10);
      }
    }
    var attribution = c.querySelector(".leaflet-control-attribution");
    var bottom = visible(attribution) ? attribution.getBoundingClientRect().top : box.bottom;
    legend.style.maxHeight = Math.max(48, bottom - top - 20) + "px";
    // Popups open clear of the right-hand column of controls.
    L.Popup.prototype.options.autoPanPaddingBottomRight = [widest([legend]) + 16, 16];
  }

  var expandLayers = L.Control.Layers.prototype.expand;
  L.Control.Layers.prototype.expand = function () {
    expandLayers.call(this);
    var map = this._map;
    var legend = map && map.getContainer().querySelector(".pccc-legend");
    if (!legend || !visible(legend) || !this._section) { return this; }
    var room = function (section) {
      return legend.getBoundingClientRect().top - section.getBoundingClientRect().top - 24;
    };
    var details = legend.querySelector("details");
    if (room(this._section) < 96 && details && details.open) {
      // Fold the legend rather than stack the two; it unfolds when the list folds.
      this._pcccFolded = details;
      details.setAttribute("data-pccc-auto", "1");
      details.removeAttribute("open");
    }
    var limit = room(this._section);
    if (this._section.scrollHeight > limit) {
      L.DomUtil.addClass(this._section, "leaflet-control-layers-scrollbar");
      this._section.style.height = Math.max(40, limit) + "px";
    }
    return this;
  };

  var collapseLayers = L.Control.Layers.prototype.collapse;
  L.Control.Layers.prototype.collapse = function () {
    collapseLayers.call(this);
    if (this._pcccFolded) {
      this._pcccFolded.setAttribute("data-pccc-auto", "1");
      this._pcccFolded.setAttribute("open", "");
      this._pcccFolded = null;
    }
    return this;
  };

  /* Fit the ward in the part of the map no control covers. Once the user has moved the
     map, only a forced fit (print) moves it again. */
  function fitWard(map, force) {
    var o = map._pccc;
    if (!o || (o.moved && !force)) { return; }
    var size = map.getSize();
    if (!size.x || !size.y) { return; }
    var c = map.getContainer();
    var right = Math.min(widest(c.querySelectorAll(".leaflet-right .leaflet-control")), size.x * 0.4);
    var left = Math.min(widest(c.querySelectorAll(".leaflet-top.leaflet-left .leaflet-control")), size.x * 0.2);
    var title = document.querySelector(".pccc-print-title");
    var top = visible(title) ? title.offsetHeight + 10 : 0;
    o.fitting = true;
    map.fitBounds(o.bounds, {
      paddingTopLeft: [left + 12, top + 12],
      paddingBottomRight: [right + 12, 12],
      animate: false
    });
    o.fitting = false;
    c.setAttribute("data-pccc-fit", String((o.fits = (o.fits || 0) + 1)));
  }

  window.pcccArrange = function (map) {
    if (!map || !map._loaded) { return; }
    arrangeControls(map);
    fitWard(map, false);
  };

  function fullscreenControl(map) {
    var control = L.control({ position: "topleft" });
    control.onAdd = function () {
      var bar = L.DomUtil.create("div", "leaflet-bar pccc-fullscreen");
      var a = L.DomUtil.create("a", "", bar);
      a.href = "#";
      a.setAttribute("role", "button");
      a.innerHTML = '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">' +
        '<path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="currentColor" ' +
        'stroke-width="2"/></svg>';
      function label() {
        var text = document.fullscreenElement ? texts.fullscreenExit : texts.fullscreen;
        a.title = text;
        a.setAttribute("aria-label", text);
      }
      label();
      L.DomEvent.on(a, "click", function (e) {
        L.DomEvent.stop(e);
        if (document.fullscreenElement) {
          document.exitFullscreen();
        } else {
          map.getContainer().requestFullscreen().catch(function (err) {
            console.error("pccc fullscreen: " + err);
          });
        }
      });
      document.addEventListener("fullscreenchange", function () {
        label();
        map.getContainer().classList.toggle("pccc-fullscreen-on", !!document.fullscreenElement);
        map.invalidateSize({ pan: false });
        window.pcccArrange(map);
      });
      return bar;
    };
    return control.addTo(map);
  }

  function printLayout(map, on) {
    var o = map._pccc;
    var c = map.getContainer();
    if (on === !!o.printing) { return; }
    if (on) {
      o.printing = { view: [map.getCenter(), map.getZoom()], w: c.style.width, h: c.style.height };
      c.style.width = Math.floor(o.printMm[0] * PX_PER_MM) + "px";
      c.style.height = Math.floor(o.printMm[1] * PX_PER_MM) + "px";
      c.classList.add("pccc-printing");
      map.invalidateSize({ pan: false });
      arrangeControls(map);
      fitWard(map, true);
      c.setAttribute("data-pccc-print", "1");
    } else {
      var saved = o.printing;
      o.printing = null;
      c.style.width = saved.w;
      c.style.height = saved.h;
      c.classList.remove("pccc-printing");
      c.removeAttribute("data-pccc-print");
      map.invalidateSize({ pan: false });
      arrangeControls(map);
      o.fitting = true;
      map.setView(saved.view[0], saved.view[1], { animate: false });
      o.fitting = false;
    }
  }

  window.pcccSetup = function (map, config) {
    var o = map._pccc = {
      bounds: L.latLngBounds(config.bounds),
      presentation: !!config.presentation,
      printMm: config.printMm || [281, 150],
      moved: false,
      fitting: false,
      printing: null
    };
    var c = map.getContainer();
    if (config.fill) {
      // The frame sets the map's height (the page's stylesheet sizes it to the window).
      c.style.height = "100vh";
      document.documentElement.style.overflow = "hidden";
      document.body.style.overflow = "hidden";
    }
    if (o.presentation) { c.classList.add("pccc-present"); }
    map.on("dragstart zoomstart", function () { if (!o.fitting) { o.moved = true; } });
    map.on("resize", function () { window.pcccArrange(map); });
    if (document.fullscreenEnabled && c.requestFullscreen) { fullscreenControl(map); }
    window.addEventListener("beforeprint", function () { printLayout(map, true); });
    window.addEventListener("afterprint", function () { printLayout(map, false); });
    window.matchMedia("print").addEventListener("change", function (e) {
      printLayout(map, e.matches);
    });
    map.invalidateSize({ pan: false });
    o.fitting = true;
    map.fitBounds(o.bounds, { animate: false });
    o.fitting = false;
    map.whenReady(function () { window.pcccArrange(map); });
    return map;
  };
})();
