// The event page: scroll each source text to its highlighted quote, and prefill the edit
// form with the current value of the chosen field.
(function () {
  "use strict";

  // Scroll inside a box only: scrollIntoView would also jump the whole page. The box is
  // position: relative, so a mark's offsetTop is already measured from the box's top.
  function reveal(box, markId) {
    var mark = document.getElementById(markId);
    if (!box || !mark) return;
    box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
  }
  document.querySelectorAll(".source-text[data-mark]").forEach(function (box) {
    reveal(box, box.dataset.mark);
  });
  // A quote's "characters a–b" shows that quote in its document's one copy of the text.
  document.querySelectorAll("a.to-mark[data-mark]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var box = link.closest(".evidence").querySelector(".source-text");
      if (!box) return;
      event.preventDefault();
      reveal(box, link.dataset.mark);
      box.focus({ preventScroll: true });
    });
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
