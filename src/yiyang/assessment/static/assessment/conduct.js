// The on-site form: show one card at a time, save each card as the assessor leaves it, and
// keep the step in the address (#step-N) so a reload opens the same card with what was saved.
(function () {
  "use strict";
  const root = document.getElementById("yy-conduct");
  const form = document.getElementById("yy-conduct-form");
  if (!root || !form) return;
  const steps = Array.from(form.querySelectorAll(".yy-step"));
  const prev = document.getElementById("yy-prev");
  const next = document.getElementById("yy-next");
  const state = document.getElementById("yy-save-state");
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let current = 0;

  function show(index) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, k) { step.hidden = k !== current; });
    const step = steps[current];
    document.getElementById("yy-progress-label").textContent = step.dataset.label;
    document.getElementById("yy-step-count").textContent = (current + 1) + " / " + steps.length;
    document.getElementById("yy-progress-bar").style.width = ((current + 1) * 100 / steps.length) + "%";
    prev.disabled = current === 0;
    next.hidden = current === steps.length - 1;
    history.replaceState(null, "", "#step-" + current);
    window.scrollTo(0, 0);
  }

  function fields(step) {
    const data = new FormData();
    data.append("csrfmiddlewaretoken", token);
    step.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken") return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      data.append(el.name, el.value);
    });
    return data;
  }

  function summarise(body) {
    document.getElementById("yy-sum-answered").textContent = body.answered;
    const result = document.getElementById("yy-sum-result");
    const missing = document.getElementById("yy-sum-missing");
    if (body.preview) {
      document.getElementById("yy-sum-total").textContent = body.preview.total;
      document.getElementById("yy-sum-level").textContent = body.preview.level + " " + body.preview.level_name;
      result.classList.remove("d-none");
      missing.classList.add("d-none");
    } else {
      result.classList.add("d-none");
      missing.classList.remove("d-none");
    }
  }

  // Saves go one at a time, in the order they were asked for: on a slow phone network a tap's save
  // and the "next" button's save could otherwise reach the server out of order, and the older answer win.
  let queue = Promise.resolve(true);
  function save(step) {
    const run = queue.then(function () { return send(step); });
    queue = run.catch(function () { return false; });
    return run;
  }

  async function send(step) {
    if (step.dataset.kind === "summary") return true;
    const error = step.querySelector(".yy-error");
    state.textContent = root.dataset.saving;
    let response;
    try {
      response = await fetch(root.dataset.saveUrl, {
        method: "POST", body: fields(step), headers: { "X-Requested-With": "fetch" }, credentials: "same-origin",
      });
    } catch (e) {
      state.textContent = root.dataset.offline;
      return false;
    }
    const body = await response.json().catch(function () { return { ok: false, message: root.dataset.offline }; });
    if (!body.ok) {
      error.textContent = body.message;
      error.classList.remove("d-none");
      state.textContent = "";
      return false;
    }
    error.classList.add("d-none");
    state.textContent = root.dataset.saved;
    summarise(body);
    return true;
  }

  next.addEventListener("click", async function () {
    next.disabled = true;
    const ok = await save(steps[current]);
    next.disabled = false;
    if (ok) show(current + 1);
  });
  prev.addEventListener("click", async function () {
    await save(steps[current]);
    show(current - 1);
  });
  // An answer is kept the moment it is tapped, not only when the assessor moves on.
  form.addEventListener("change", function (event) {
    if (event.target.type === "radio") save(event.target.closest(".yy-step"));
  });

  const fromHash = parseInt((location.hash || "").replace("#step-", ""), 10);
  show(Number.isNaN(fromHash) ? parseInt(root.dataset.start, 10) || 0 : fromHash);
})();
