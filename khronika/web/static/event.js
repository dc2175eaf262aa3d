// The event page: scroll each source text to its highlighted quote, and show the edit form's
// inputs for the chosen field only.
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

  // The edit form: only the chosen field's inputs are shown (and sent).
  var field = document.getElementById("edit-field");
  if (!field) return;
  var sets = document.querySelectorAll("#edit-form fieldset[data-field]");
  function show() {
    sets.forEach(function (set) {
      var chosen = set.dataset.field === field.value;
      set.hidden = !chosen;
      set.disabled = !chosen;
    });
  }
  field.addEventListener("change", show);
  show();
})();
