// The timeline: every dated happening over its real span on a date axis, one lane per event
// type. A day is a short mark, a month or a year a bar over its whole length, so 1996 sits far
// from 2011 and "in March" is not drawn as 1 March. Colour is the type, the outline the review
// status; the undated are counted beside the chart, never drawn on a guessed day.
(function (K) {
  "use strict";
  var canvas = document.getElementById("timeline");
  var count = document.getElementById("timeline-count");
  var undated = document.getElementById("timeline-undated");
  var DAY = 86400000;
  var YEAR = 365.25 * DAY;

  function ms(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // Ticks on calendar boundaries (years, months or days, whichever gives about ten).
  function calendarTicks(min, max) {
    var span = max - min;
    var ticks = [];
    var d = new Date(min);
    var unit;
    if (span > 3 * YEAR) {
      unit = "year";
      var step = Math.max(1, Math.ceil(span / YEAR / 10));
      for (var y = d.getUTCFullYear(); Date.UTC(y, 0, 1) <= max; y++) {
        if (y % step === 0 && Date.UTC(y, 0, 1) >= min) ticks.push(Date.UTC(y, 0, 1));
      }
    } else if (span > 75 * DAY) {
      unit = "month";
      var months = Math.max(1, Math.ceil(span / (30.4 * DAY) / 10));
      for (var m = d.getUTCFullYear() * 12 + d.getUTCMonth(); Date.UTC(Math.floor(m / 12), m % 12, 1) <= max; m++) {
        var at = Date.UTC(Math.floor(m / 12), m % 12, 1);
        if (m % months === 0 && at >= min) ticks.push(at);
      }
    } else {
      unit = "day";
      var days = Math.max(1, Math.ceil(span / DAY / 10));
      for (var t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()); t <= max; t += DAY) {
        if (Math.round(t / DAY) % days === 0 && t >= min) ticks.push(t);
      }
    }
    return { unit: unit, values: ticks };
  }

  function label(value, unit) {
    var iso = new Date(value).toISOString();
    return unit === "year" ? iso.slice(0, 4) : unit === "month" ? iso.slice(0, 7) : iso.slice(0, 10);
  }

  function datasets(happenings, lanes) {
    return lanes.map(function (type) {
      var mine = happenings.filter(function (h) { return h.type === type; });
      return {
        label: K.words(type),
        data: mine.map(function (h) { return { x: [ms(h.start), ms(h.stop)], y: K.words(type), h: h }; }),
        // A day is solid, a span the date only bounds (a month, a year) lighter.
        backgroundColor: mine.map(function (h) {
          return K.colour(type) + (h.precision === "day" ? "ee" : "66");
        }),
        borderColor: mine.map(function (h) { return K.review(h.review).color; }),
        borderWidth: mine.map(function (h) { return h.review === "unreviewed" ? 0 : K.review(h.review).weight; }),
        borderSkipped: false,
        minBarLength: 4,
        grouped: false,
        barPercentage: 0.7,
        categoryPercentage: 1,
      };
    });
  }

  function draw(data) {
    var happenings = data.happenings;
    var lanes = Object.keys(K.types).filter(function (t) {
      return happenings.some(function (h) { return h.type === t; });
    });
    var min = Math.min.apply(null, happenings.map(function (h) { return ms(h.start); }));
    var max = Math.max.apply(null, happenings.map(function (h) { return ms(h.stop); }));
    var pad = Math.max((max - min) * 0.03, 10 * DAY);
    var unit = "day";
    return new Chart(canvas, {
      type: "bar",
      data: { labels: lanes.map(K.words), datasets: datasets(happenings, lanes) },
      options: {
        indexAxis: "y",
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: {
            type: "linear",
            min: min - pad,
            max: max + pad,
            afterBuildTicks: function (axis) {
              var found = calendarTicks(axis.min, axis.max);
              unit = found.unit;
              axis.ticks = found.values.map(function (v) { return { value: v }; });
            },
            ticks: { callback: function (value) { return label(value, unit); }, autoSkip: true },
            title: { display: true, text: "date (a bar spans what the date allows: a day, a month, a year)" },
          },
          y: { type: "category", offset: true },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: function (items) { return items.length ? items[0].raw.h.date + " (" + items[0].raw.h.precision + ")" : ""; },
              label: function (item) { return K.words(item.raw.h.type) + ": " + (item.raw.h.summary || item.raw.h.id) + " · " + item.raw.h.review; },
            },
          },
        },
        onClick: function (event, elements) {
          if (elements.length) {
            var h = elements[0].element.$context.raw.h;
            window.location.href = "/events/" + encodeURIComponent(h.id);
          }
        },
      },
    });
  }

  fetch(canvas.dataset.url, { credentials: "same-origin" })
    .then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    })
    .then(function (data) {
      var n = data.happenings.length;
      count.textContent = plural(n, "dated happening") + " on a date axis";
      undated.textContent = String(data.undated);
      undated.closest(".undated").dataset.undated = String(data.undated);
      if (n > 0) {
        var chart = draw(data);
        var first = Math.min.apply(null, data.happenings.map(function (h) { return ms(h.start); }));
        var last = Math.max.apply(null, data.happenings.map(function (h) { return ms(h.stop); }));
        // The slider zooms the axis to its window and counts what the window keeps.
        K.timeSlider(document.getElementById("time-slider"), [first, last], function (from, to, whole) {
          var kept = data.happenings.filter(function (h) { return K.inWindow(h.start, h.stop, from, to, whole); });
          var pad = whole ? Math.max((last - first) * 0.03, 10 * DAY) : 0;
          chart.options.scales.x.min = (whole ? first : from) - pad;
          chart.options.scales.x.max = (whole ? last : to) + pad;
          chart.update("none");
          canvas.dataset.inWindow = String(kept.length);
          count.textContent = plural(n, "dated happening") + " on a date axis" +
            (whole ? "" : "; " + kept.length + " in the time window");
        });
      }
      canvas.dataset.drawn = String(n);
    })
    .catch(function (error) { count.textContent = "could not load the timeline: " + error; });
})(window.Khronika);
