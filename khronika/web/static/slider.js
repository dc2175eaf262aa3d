// The time slider the map and the timeline share: a window of days over the span of the
// happenings shown. Moving it narrows what is drawn at once; letting go writes the window into
// the page's address and into the links to the list, the map and the timeline (since, until),
// so the other view opens on the same window and a window is a link that can be shared.
// A window keeps a happening whose span overlaps it, as the list's date filter does; an undated
// one only while the window is the whole span.
(function (K) {
  "use strict";
  var DAY = 86400000;

  function iso(day) { return new Date(day * DAY).toISOString().slice(0, 10); }

  function rewrite(href, since, until) {
    var url = new URL(href, window.location.href);
    ["since", "until", "page"].forEach(function (key) { url.searchParams.delete(key); });
    if (since) url.searchParams.set("since", since);
    if (until) url.searchParams.set("until", until);
    return url.pathname + url.search + url.hash;
  }

  // Overlap of [start, stop) (ISO days, stop the day after the last) with a window in ms.
  K.inWindow = function (start, stop, from, to, whole) {
    if (start == null) return whole;
    return Date.parse(start + "T00:00:00Z") < to && Date.parse(stop + "T00:00:00Z") > from;
  };

  // box: an empty element; extent: [first ms, stop ms]; onChange(from ms, to ms, whole).
  K.timeSlider = function (box, extent, onChange) {
    var low = Math.floor(extent[0] / DAY);
    var high = Math.max(low, Math.ceil(extent[1] / DAY) - 1);
    box.innerHTML = "<strong>Time window</strong>" +
      " <label>from <input type=\"range\" class=\"ts-from\" aria-label=\"window starts\"></label>" +
      " <label>to <input type=\"range\" class=\"ts-to\" aria-label=\"window ends\"></label>" +
      " <output class=\"ts-label\"></output>" +
      " <button type=\"button\" class=\"small ts-all\">whole span</button>";
    var from = box.querySelector(".ts-from");
    var to = box.querySelector(".ts-to");
    var label = box.querySelector(".ts-label");
    [from, to].forEach(function (input) {
      input.min = String(low);
      input.max = String(high);
      input.step = "1";
    });
    from.value = String(low);
    to.value = String(high);

    function current() {
      var a = Number(from.value);
      var b = Number(to.value);
      return { a: a, b: b, whole: a === low && b === high };
    }

    function moved(event) {
      if (Number(from.value) > Number(to.value)) {
        if (event && event.target === from) to.value = from.value; else from.value = to.value;
      }
      var w = current();
      label.textContent = iso(w.a) + " – " + iso(w.b) + (w.whole ? " (all)" : "");
      box.dataset.since = iso(w.a);
      box.dataset.until = iso(w.b);
      onChange(w.a * DAY, (w.b + 1) * DAY, w.whole);
    }

    function settled() {
      var w = current();
      var since = w.whole ? null : iso(w.a);
      var until = w.whole ? null : iso(w.b);
      window.history.replaceState(null, "", rewrite(window.location.href, since, until));
      document.querySelectorAll("a.follows-time").forEach(function (a) {
        a.setAttribute("href", rewrite(a.getAttribute("href"), since, until));
      });
      // The filter form too, so that filtering again keeps the window.
      [["since", since], ["until", until]].forEach(function (pair) {
        var field = document.querySelector("#filters input[name=" + pair[0] + "]");
        if (field) field.value = pair[1] || "";
      });
    }

    from.addEventListener("input", moved);
    to.addEventListener("input", moved);
    from.addEventListener("change", settled);
    to.addEventListener("change", settled);
    box.querySelector(".ts-all").addEventListener("click", function () {
      from.value = String(low);
      to.value = String(high);
      moved();
      settled();
    });
    box.hidden = false;
    moved();
  };
})(window.Khronika);
