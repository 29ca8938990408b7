/* The contribution form of a workshop: saved without reloading the page.
 * Progressive enhancement: without JavaScript the form posts and the page comes back (errors
 * and typed text kept). With it, the form is posted in the background; the server answers with
 * the contributions section (the new contribution listed and a fresh form, or the same form
 * with its errors), which takes the old one's place. Any failure falls back to the plain post. */
(function () {
  "use strict";

  function bind(section) {
    var form = section.querySelector("form[data-contribution-form]");
    if (!form) {
      return;
    }
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) {
        return;
      }
      event.preventDefault();
      if (form.dataset.busy === "1") {
        return;
      }
      form.dataset.busy = "1";
      form.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Partial": "contributions", Accept: "text/html" }
      })
        .then(function (response) {
          if (response.status !== 200 && response.status !== 400) {
            throw new Error("status " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("#contributions");
          if (!fresh) {
            throw new Error("no section");
          }
          section.replaceWith(fresh);
          bind(fresh);
          var errors = fresh.querySelector("#contribuer-erreurs");
          var target = errors || fresh.querySelector("#contribuer-statut .alert");
          if (target) {
            target.setAttribute("tabindex", "-1");
            target.focus();
          }
        })
        .catch(function () {
          delete form.dataset.busy;
          form.submit();
        });
    });
  }

  var section = document.getElementById("contributions");
  if (section) {
    bind(section);
  }
})();
