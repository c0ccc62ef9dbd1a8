// Trend sparklines of the dashboard, drawn with the locally served ECharts from the snapshots
// the page embeds as JSON (no request of its own).
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("sparkline-data");
  if (!source || typeof echarts === "undefined") return;
  var series = JSON.parse(source.textContent);
  document.querySelectorAll("[data-sparkline]").forEach(function (box) {
    var points = series[box.dataset.sparkline] || [];
    if (!points.some(function (point) { return point[1] !== null; })) return;
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 2, right: 2, top: 2, bottom: 2 },
      xAxis: { type: "category", show: false, data: points.map(function (p) { return p[0]; }) },
      yAxis: { type: "value", show: false, scale: true },
      tooltip: { trigger: "axis", confine: true },
      series: [{ type: "line", data: points.map(function (p) { return p[1]; }),
                 symbol: "none", connectNulls: true, lineStyle: { width: 1.5 } }]
    });
  });
});
