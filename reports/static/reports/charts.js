// Draws the dashboard charts from the JSON each panel embeds (Chart.js from npm).
(function () {
  "use strict";
  var palette = ["#12355b", "#b3261e", "#2a9d8f", "#e9c46a", "#8d99ae", "#6a4c93"];
  document.querySelectorAll("canvas[id^='chart-']").forEach(function (canvas) {
    var data = document.getElementById(canvas.id.slice("chart-".length));
    if (!data || !window.Chart) { return; }
    var chart = JSON.parse(data.textContent);
    new window.Chart(canvas, {
      type: chart.type,
      data: {
        labels: chart.labels,
        datasets: chart.series.map(function (series, index) {
          return { label: series.label, data: series.data, backgroundColor: palette[index % palette.length] };
        })
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        indexAxis: chart.horizontal ? "y" : "x",
        plugins: { legend: { display: chart.series.length > 1 } },
        scales: {
          x: { stacked: !!chart.stacked, ticks: { precision: 0 } },
          y: { stacked: !!chart.stacked, ticks: { precision: 0 } }
        }
      }
    });
  });
})();
