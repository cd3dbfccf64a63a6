// Charts from data islands: every <div data-chart="ID"> is drawn with Plotly from the
// figure JSON ({"data": [...], "layout": {...}}) in <script type="application/json" id="ID">.
// No inline script is needed, so the page keeps its strict CSP. Without JavaScript the
// tables next to each chart carry the same figures.
(function () {
  "use strict";

  // Maps need the world outline; it is served beside this file, never from Plotly's CDN.
  var script = document.currentScript;
  var topojsonURL = script ? script.src.replace(/js\/charts\.js.*$/, "vendor/topojson/") : undefined;

  // Plotly skips injecting its <style> rules (which the CSP blocks) when it finds this
  // marker; aegis.css carries the few rules it needs instead.
  function markNoInlineStyles() {
    if (!document.getElementById("plotly.js-style-global")) {
      var marker = document.createElement("meta");
      marker.id = "plotly.js-style-global";
      marker.className = "no-inline-styles";
      document.head.appendChild(marker);
    }
  }

  function drawAll() {
    if (typeof window.Plotly === "undefined") {
      return;
    }
    markNoInlineStyles();
    document.querySelectorAll("[data-chart]").forEach(function (target) {
      var island = document.getElementById(target.getAttribute("data-chart"));
      if (!island) {
        return;
      }
      var figure;
      try {
        figure = JSON.parse(island.textContent);
      } catch (error) {
        target.textContent = "Chart data could not be read.";
        return;
      }
      var layout = Object.assign({ autosize: true }, figure.layout || {});
      window.Plotly.newPlot(target, figure.data || [], layout, {
        displayModeBar: false,
        responsive: true,
        topojsonURL: topojsonURL,
        locale: document.documentElement.lang || "en",
      }).then(function () {
        target.setAttribute("data-chart-ready", "true");
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
