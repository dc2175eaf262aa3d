// The event page: scroll each source text to its highlighted quote, and prefill the edit
// form with the current value of the chosen field.
(function () {
  "use strict";

  // Scroll inside each box only: scrollIntoView would also jump the whole page.
  document.querySelectorAll(".source-text[data-mark]").forEach(function (box) {
    var mark = document.getElementById(box.dataset.mark);
    if (!mark) return;
    box.scrollTop = Math.max(0, mark.offsetTop - box.offsetTop - box.clientHeight / 3);
  });

  var data = document.getElementById("current-values");
  var field = document.getElementById("edit-field");
  var value = document.getElementById("edit-value");
  if (!data || !field || !value) return;
  var current = JSON.parse(data.textContent);
  function fill() {
    value.value = current[field.value] || "null";
  }
  field.addEventListener("change", fill);
  fill();
})();
