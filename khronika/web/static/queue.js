// The review queue's keys, as in a mail client: j/k move, x checks, o (or Enter) opens,
// v/r verify or reject the checked rows (the current one when none is checked) with the
// reason typed in the box; with the box empty they put the cursor there first.
(function () {
  "use strict";

  var table = document.getElementById("queue");
  if (!table) return;
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-href]"));
  var form = document.getElementById("bulk");
  var reason = document.getElementById("bulk-reason");
  var hint = document.getElementById("bulk-hint");
  var current = -1;
  var pending = null;

  function move(to) {
    if (!rows.length) return;
    if (current >= 0) rows[current].classList.remove("current");
    current = Math.max(0, Math.min(rows.length - 1, to));
    rows[current].classList.add("current");
    rows[current].scrollIntoView({ block: "nearest" });
  }

  function box(row) {
    return row ? row.querySelector('input[name="ids"]') : null;
  }

  function checked() {
    return rows.map(box).filter(function (b) { return b && b.checked; });
  }

  function act(action) {
    if (!form) return;
    if (!checked().length && current >= 0 && box(rows[current])) box(rows[current]).checked = true;
    if (!checked().length) {
      hint.textContent = "check a row first (x)";
      return;
    }
    if (!reason.value.trim()) {
      pending = action;
      hint.textContent = "type the reason, then Enter to " + action;
      reason.focus();
      return;
    }
    form.requestSubmit(document.getElementById("bulk-" + action));
  }

  if (reason) {
    reason.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && pending) {
        event.preventDefault();
        act(pending);
      } else if (event.key === "Escape") {
        reason.blur();
      }
    });
  }
  var all = document.getElementById("check-all");
  if (all) {
    all.addEventListener("change", function () {
      rows.forEach(function (row) { if (box(row)) box(row).checked = all.checked; });
    });
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) && target.type !== "checkbox") return;
    var key = event.key;
    if (key === "j") move(current + 1);
    else if (key === "k") move(current - 1);
    else if (key === "x" && current >= 0 && box(rows[current])) box(rows[current]).checked = !box(rows[current]).checked;
    else if ((key === "o" || key === "Enter") && current >= 0) window.location.href = rows[current].dataset.href;
    else if (key === "v") act("verify");
    else if (key === "r") act("reject");
    else return;
    event.preventDefault();
  });
})();
