// Charts from data islands: every <div data-chart="ID"> is drawn with Plotly from the
// figure JSON ({"data": [...], "layout": {...}}) in <script type="application/json" id="ID">.
// No inline script is needed, so the page keeps its strict CSP. Without JavaScript the
// tables next to each chart carry the same figures.
(function () {
  "use strict";

  function drawAll() {
    if (typeof window.Plotly === "undefined") {
      return;
    }
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
