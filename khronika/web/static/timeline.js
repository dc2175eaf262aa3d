// The timeline: happenings per day, one stacked bar per day, a colour per event type.
(function () {
  "use strict";
  var canvas = document.getElementById("timeline");
  var count = document.getElementById("timeline-count");
  // One colour per type of the contract, in its order, so a type keeps its colour across views.
  var colours = {
    protest: "#1f77b4", riot: "#d62728", clash: "#ff7f0e", detention: "#9467bd",
    assault: "#8c564b", killing: "#000000", legal_action: "#e377c2", harassment: "#7f7f7f",
    restriction: "#bcbd22", deployment: "#17becf", statement: "#aec7e8", concession: "#98df8a",
  };

  fetch(canvas.dataset.url, { credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    })
    .then(function (data) {
      var total = 0;
      var datasets = data.series.map(function (s) {
        total += s.counts.reduce(function (a, b) { return a + b; }, 0);
        return {
          label: s.type.replace("_", " "),
          data: s.counts,
          backgroundColor: colours[s.type] || "#333333",
        };
      });
      count.textContent = total + " dated happening" + (total === 1 ? "" : "s") +
        (data.undated ? ", " + data.undated + " undated (not drawn)" : "");
      new Chart(canvas, {
        type: "bar",
        data: { labels: data.days, datasets: datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: {
            x: { stacked: true },
            y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          },
          plugins: { legend: { position: "bottom" } },
        },
      });
      canvas.dataset.drawn = String(total);
    })
    .catch(function (error) { count.textContent = "could not load the timeline: " + error; });
})();
