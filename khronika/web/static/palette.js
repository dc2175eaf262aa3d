// What the map and the timeline share: one colour per event type (in the contract's order, so a
// type keeps its colour in every view), one outline per review status, and HTML escaping.
(function () {
  "use strict";
  var types = {
    protest: "#1f77b4", riot: "#d62728", clash: "#ff7f0e", detention: "#9467bd",
    assault: "#8c564b", killing: "#000000", legal_action: "#e377c2", harassment: "#7f7f7f",
    restriction: "#bcbd22", deployment: "#17becf", statement: "#aec7e8", concession: "#98df8a",
  };
  // The review status is the outline, never the colour: the colour already says the type.
  var reviews = {
    verified: { color: "#111111", weight: 2.5, dashArray: null, label: "verified (solid dark outline)" },
    unreviewed: { color: "#ffffff", weight: 1.5, dashArray: null, label: "unreviewed (thin white outline)" },
    rejected: { color: "#b3261e", weight: 2, dashArray: "2 3", label: "rejected (dotted red outline, faint)" },
  };

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;
  }

  function words(type) { return String(type || "").replace(/_/g, " "); }

  // A small SVG sample of a mark, for legends: presentation attributes, no inline style.
  function swatch(fill, review, radius) {
    var r = reviews[review] || reviews.unreviewed;
    var size = 2 * (radius || 6) + 6;
    return "<svg width=\"" + size + "\" height=\"" + size + "\" aria-hidden=\"true\"><circle cx=\"" +
      size / 2 + "\" cy=\"" + size / 2 + "\" r=\"" + (radius || 6) + "\" fill=\"" + fill +
      "\" stroke=\"" + (review ? r.color : "none") + "\" stroke-width=\"" + r.weight + "\"" +
      (review && r.dashArray ? " stroke-dasharray=\"" + r.dashArray + "\"" : "") + "/></svg>";
  }

  window.Khronika = {
    colour: function (type) { return types[type] || "#333333"; },
    types: types,
    reviews: reviews,
    review: function (status) { return reviews[status] || reviews.unreviewed; },
    text: text,
    words: words,
    swatch: swatch,
  };
})();
