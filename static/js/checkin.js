/* Workshop check-in: tick people present without reloading the page.
 * Progressive enhancement: without JavaScript each "Présent·e" button posts its form and the
 * page comes back at the same row. With it, the form is posted in the background (same CSRF
 * token, same view, JSON answer), the button and the counters change in place and a live
 * region tells screen-reader users what happened. Any failure falls back to the plain post. */
(function () {
  "use strict";
  var status = document.getElementById("emargement-statut");

  function setCount(name, value) {
    var node = document.querySelector("[data-count='" + name + "']");
    if (node && typeof value === "number") {
      node.textContent = String(value);
    }
  }

  function say(text, isError) {
    if (status) {
      status.textContent = text;
      status.classList.toggle("text-danger", isError);
      status.classList.toggle("fw-semibold", isError);
    }
  }

  function render(form, attended) {
    var button = form.querySelector("button[type='submit']");
    var mark = form.querySelector("[data-mark]");
    form.querySelector("input[name='attended']").value = attended ? "0" : "1";
    button.setAttribute("aria-pressed", attended ? "true" : "false");
    button.classList.toggle("btn-success", attended);
    button.classList.toggle("btn-outline-secondary", !attended);
    if (mark) {
      mark.textContent = attended ? "✓ " : "";
    }
  }

  function done(form) {
    delete form.dataset.busy;
    form.removeAttribute("aria-busy");
  }

  document.querySelectorAll("form[data-checkin]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) {
        return;
      }
      event.preventDefault();
      // Repeat presses while saving are ignored; the button is never disabled, so keyboard
      // and screen-reader focus stays on it (disabling would drop focus to the page body).
      if (form.dataset.busy === "1") {
        return;
      }
      form.dataset.busy = "1";
      form.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          done(form);
          if (!result.ok) {
            say(result.data.error || "", true);
            return;
          }
          render(form, result.data.attended);
          setCount("registered", result.data.registered);
          setCount("present", result.data.present);
          say(result.data.message || "", false);
        })
        .catch(function () {
          done(form);
          form.submit();
        });
    });
  });
})();

/* The search box at the top filters the lists as one types (without JavaScript, the form's
 * GET ?q= filters on the server). Words must all appear in the name or organisation. */
(function () {
  "use strict";
  var input = document.querySelector("[data-checkin-filter]");
  if (!input) {
    return;
  }
  var rows = document.querySelectorAll("#inscrits [data-search], #attente [data-search]");
  var none = document.getElementById("aucun-inscrit");

  function normalise(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function filter() {
    var words = normalise(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var haystack = normalise(row.getAttribute("data-search") || "");
      var match = words.every(function (word) {
        return haystack.indexOf(word) !== -1;
      });
      row.classList.toggle("d-none", !match);
      row.classList.toggle("d-flex", match && row.closest("#inscrits") !== null);
      if (match && row.closest("#inscrits")) {
        shown += 1;
      }
    });
    if (none) {
      none.classList.toggle("d-none", shown > 0);
    }
  }

  input.addEventListener("input", filter);
})();
