/* Bản đồ PCCC: draws the ward's layers from compact GeoJSON (one style table per layer,
   properties {k: style index, t: tooltip, p: popup values}). Values arrive HTML-escaped from
   the server. window.pcccDrawn[key] holds the number of features drawn per layer, for tests
   and benchmarks. */
(function () {
  "use strict";
  window.pcccDrawn = window.pcccDrawn || {};

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

  window.pcccLayer = function (data, spec, group) {
    var styles = spec.styles;
    var layer = L.geoJSON(data, {
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
      },
      onEachFeature: function (f, lyr) {
        if (f.properties.t) {
          lyr.bindTooltip(f.properties.t, { sticky: spec.marker === "path" });
        }
        lyr.bindPopup(function () {
          return popupHtml(spec.label, spec.fields, f.properties.p);
        }, { maxWidth: 380 });
      }
    });
    layer.on("add", function () {
      window.pcccDrawn[spec.key] = layer.getLayers().length;
      markDrawn();
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
    group.on("add", function () { control.addTo(group._map); });
    group.on("remove", function () { control.remove(); });
    return control;
  };
})();
