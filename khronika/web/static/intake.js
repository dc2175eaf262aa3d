// A batch's page: poll its JSON status until it ends, and show progress and lines as they come.
// Names and lines are set as text (never as HTML): they come from uploaded files.
(function () {
  "use strict";
  const section = document.getElementById("job");
  if (!section) return;
  const url = section.dataset.status;
  const byId = (id) => document.getElementById(id);

  function fillList(id, items, render) {
    const list = byId(id);
    list.replaceChildren(...items.map((item) => {
      const li = document.createElement("li");
      render(li, item);
      return li;
    }));
  }

  function link(li, href, text) {
    const a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    li.append(a);
  }

  function show(job) {
    byId("job-state").textContent = job.state;
    byId("job-phase").textContent = job.phase;
    byId("job-current").textContent = job.current || "";
    const bar = byId("job-progress");
    bar.max = Math.max(job.total, 1);
    bar.value = job.done;
    byId("job-count").textContent = `${job.done} / ${job.total}`;
    fillList("job-errors", job.errors, (li, line) => { li.textContent = line; });
    byId("job-no-errors").hidden = job.errors.length > 0;
    fillList("job-notes", job.notes, (li, line) => { li.textContent = line; });
    fillList("job-documents", job.ingested, (li, name) =>
      link(li, `/documents/${encodeURIComponent(name)}`, name));
    fillList("job-happenings", job.happenings, (li, h) => {
      link(li, `/events/${encodeURIComponent(h.id)}`, h.summary || h.id);
      const kind = document.createElement("span");
      kind.className = "meta";
      kind.textContent = ` ${h.type}`;
      li.append(kind);
    });
    byId("job-summary").textContent =
      `${job.ingested.length} document(s) read, ${job.unchanged.length} already stored, ` +
      `${job.aliases.length} alias(es), ${job.events} report(s)`;
    if (job.capture) {
      byId("job-capture").hidden = false;
      const pairs = byId("capture-pairs");
      pairs.replaceChildren();
      for (const [key, value] of Object.entries(job.capture)) {
        const dt = document.createElement("dt");
        dt.textContent = key.replaceAll("_", " ");
        const dd = document.createElement("dd");
        dd.className = "wrap";
        dd.textContent = value;
        pairs.append(dt, dd);
      }
    }
    section.dataset.state = job.state;
  }

  async function poll() {
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const job = await response.json();
      show(job);
      if (job.state === "done" || job.state === "failed") return;
    } catch (error) {
      byId("job-phase").textContent = `cannot read the batch's status (${error.message}); retrying`;
    }
    window.setTimeout(poll, 700);
  }

  if (section.dataset.state === "queued" || section.dataset.state === "running") poll();
})();
