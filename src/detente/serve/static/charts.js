// Charts drawn with the plotly bundle the app serves itself (no CDN).
// Data come from <script type="application/json" id="chart-data"> (never executed).
(function () {
  "use strict";
  var holder = document.getElementById("chart-data");
  if (!holder || !window.Plotly) { return; }
  var data = JSON.parse(holder.textContent);
  var QUAD = { 1: "#2e8b57", 2: "#1f6f99", 3: "#d08a1e", 4: "#c0392b", 0: "#7a8290" };
  // Distinct shades within each quad class so stacked types stay readable.
  var SHADES = {
    1: ["#2e8b57", "#5fb585", "#8fd0a9", "#1f5e3b", "#b5e3c7"],
    2: ["#1f6f99", "#4f9cc4", "#86bfdc", "#154b68"],
    3: ["#d08a1e", "#e6a94d", "#f0c682", "#9a6210"],
    4: ["#c0392b", "#e06a5d", "#ee9d94", "#8a2318"],
    0: ["#7a8290"]
  };
  var used = {};
  function colour(quad) {
    var list = SHADES[quad] || SHADES[0];
    used[quad] = (used[quad] || 0) + 1;
    return list[(used[quad] - 1) % list.length];
  }
  var base = {
    margin: { l: 50, r: 50, t: 10, b: 40 }, paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
    font: { family: "system-ui, sans-serif", size: 12, color: "#1d2430" },
    // Legend above the plot: below it, long or rotated date labels ran into it.
    legend: { orientation: "h", x: 0, y: 1.02, xanchor: "left", yanchor: "bottom" }, hovermode: "x unified"
  };
  // Bars are days, weeks or months (data.bin), whichever fits the span; ticks never
  // finer than a bar, labelled by date (never by hour).
  var BIN = data.bin || "day";
  var BIN_MS = { day: 86400000, week: 7 * 86400000, month: 30.4 * 86400000 }[BIN] || 86400000;
  // One tick per bar only when the span holds few bars (days lists the bars that have
  // events, so count the bars the span covers, not the days listed).
  var SPAN = data.days && data.days.length ?
    (Date.parse(data.days[data.days.length - 1]) - Date.parse(data.days[0])) / BIN_MS + 1 : 0;
  var FEW = SPAN > 0 && SPAN <= 20;
  var DAYS = { type: "date", tickformat: BIN === "month" ? "%b %Y" : "%b %d, %Y",
               dtick: FEW ? (BIN === "month" ? "M1" : BIN_MS) : undefined,
               nticks: FEW ? undefined : 10, automargin: true,
               hoverformat: BIN === "day" ? "%b %d, %Y" : (BIN === "week" ? "week of %b %d, %Y" : "%B %Y") };
  // Bar width spans the bin (a week's bar is a week wide), leaving a small gap.
  var WIDTH = BIN === "day" ? undefined : BIN_MS * 0.85;
  var config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  function extend(a, b) { var o = {}, k; for (k in a) { o[k] = a[k]; } for (k in b) { o[k] = b[k]; } return o; }

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var kind = el.getAttribute("data-chart");
    if (kind === "types") {
      var traces = data.types.map(function (t) {
        return { type: "bar", name: t.type, x: data.days, y: t.counts, width: WIDTH, xperiod: BIN === "day" ? undefined : BIN_MS,
                 xperiodalignment: "start", marker: { color: colour(t.quad) } };
      });
      Plotly.newPlot(el, traces, extend(base, { barmode: "stack", yaxis: { title: "events per " + BIN }, xaxis: DAYS }), config);
    } else if (kind === "quad") {
      var q = [
        { type: "bar", name: "cooperation", x: data.days, y: data.coop, width: WIDTH, marker: { color: QUAD[1] } },
        { type: "bar", name: "conflict", x: data.days, y: data.conflict, width: WIDTH, marker: { color: QUAD[4] } },
        { type: "scatter", mode: "lines+markers", name: "mean Goldstein", x: data.days, y: data.goldstein,
          yaxis: "y2", connectgaps: true, line: { color: "#17202e", width: 2 } }
      ];
      // Symmetric event axis so its zero lines up with Goldstein's zero.
      var top = Math.max.apply(null, data.coop.concat(data.conflict.map(Math.abs)).concat([1])) * 1.1;
      Plotly.newPlot(el, q, extend(base, {
        barmode: "relative", xaxis: DAYS, yaxis: { title: "events per " + BIN + " (conflict below 0)", range: [-top, top] },
        yaxis2: { title: "Goldstein", overlaying: "y", side: "right", range: [-10, 10], zeroline: false }
      }), config);
    } else if (kind === "map") {
      var land = data.landmarks || [];
      var pts = data.points || [];
      var named = data.mentioned || [];
      var maxN = Math.max.apply(null, pts.map(function (p) { return p.n; }).concat([1]));
      // the 15 busiest places (ties: the first listed) get a label
      var labelled = {};
      pts.map(function (p, i) { return [p.n, i]; })
        .sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; })
        .slice(0, 15).forEach(function (pair) { labelled[pair[1]] = true; });
      var traces2 = [
        { type: "scatter", mode: "markers", name: "capital cities", hoverinfo: "text",
          x: land.map(function (p) { return p.lon; }), y: land.map(function (p) { return p.lat; }),
          text: land.map(function (p) { return p.name; }), marker: { size: 4, color: "#c5cad2" } },
        { type: "scatter", mode: "markers", name: "places named", hoverinfo: "text",
          x: named.map(function (p) { return p.lon; }), y: named.map(function (p) { return p.lat; }),
          text: named.map(function (p) { return p.name + " (named " + p.n + "×)"; }),
          marker: { size: 9, color: "rgba(0,0,0,0)", line: { color: "#4f9cc4", width: 1.5 } } },
        { type: "scatter", mode: "markers+text", name: "events", textposition: "top center",
          x: pts.map(function (p) { return p.lon; }), y: pts.map(function (p) { return p.lat; }),
          // only the busiest places are labelled (a hundred names drawn at once cover
          // each other); every marker names its place on hover (customdata[4])
          text: pts.map(function (p, i) { return labelled[i] ? p.name : ""; }),
          customdata: pts.map(function (p) { return [p.n, p.types, p.goldstein === null ? "–" : p.goldstein, p.country || "", p.name]; }),
          hovertemplate: "<b>%{customdata[4]}</b> %{customdata[3]}<br>%{customdata[0]} events: %{customdata[1]}<br>mean Goldstein %{customdata[2]}<extra></extra>",
          marker: { size: pts.map(function (p) { return 8 + 30 * Math.sqrt(p.n / maxN); }),
                    color: pts.map(function (p) { return QUAD[p.quad] || QUAD[0]; }), opacity: 0.8,
                    line: { color: "#fff", width: 1 } } }
      ];
      var all = pts.concat(named);
      var lons = all.map(function (p) { return p.lon; }), lats = all.map(function (p) { return p.lat; });
      var pad = 8;
      var xr = [Math.max(-180, Math.min.apply(null, lons) - pad), Math.min(180, Math.max.apply(null, lons) + pad)];
      var yr = [Math.max(-90, Math.min.apply(null, lats) - pad), Math.min(90, Math.max.apply(null, lats) + pad)];
      Plotly.newPlot(el, traces2, extend(base, {
        hovermode: "closest", showlegend: false,
        xaxis: { title: "longitude", range: xr, gridcolor: "#eef0f3", zeroline: false },
        yaxis: { title: "latitude", range: yr, gridcolor: "#eef0f3", zeroline: false, scaleanchor: "x", scaleratio: 1.3 }
      }), config);
    }
  });
})();
