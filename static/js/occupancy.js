// Door counter: the + and − forms post in the background and the number updates in place. Without this script
// (or when a request fails) the forms post normally and the page reloads with the new number.
(function () {
  "use strict";
  const door = document.querySelector("[data-occupancy]");
  if (!door || !window.fetch) return;
  const count = door.querySelector("[data-occupancy-count]");
  const full = door.querySelector("[data-occupancy-full]");
  const status = door.querySelector("[data-occupancy-status]");
  let sent = 0;
  let shown = 0;

  function show(state, seq) {
    if (seq < shown) return; // an older answer arriving late must not overwrite a newer number
    shown = seq;
    count.textContent = String(state.count);
    full.hidden = !state.full;
    status.textContent = state.message;
    status.classList.toggle("occ-refused", !state.ok);
  }

  door.querySelectorAll("form[data-occupancy-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      const seq = ++sent;
      const token = form.querySelector("input[name=csrf_token]");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
      })
        .then(function (response) {
          const type = response.headers.get("Content-Type") || "";
          if (!type.startsWith("application/json")) throw new Error("not JSON");
          return response.json();
        })
        .then(function (state) { show(state, seq); })
        .catch(function () { form.submit(); });
    });
  });
})();
