/* Where the focus goes when a page loads after an action (RGAA 7.5, 11.10, 12.8).
 * - A form came back with errors: focus the error summary (includes/error_summary.html), so it
 *   is read at once; following one of its links focuses the field itself (with its label in
 *   view), also for fields whose widget has no element with the linked id (radio groups).
 * - Otherwise, a message after a POST-redirect (« Inscription enregistrée »…): focus the
 *   messages region, since a status region already present at load is not announced.
 *   With an anchor in the address (the check-in row just changed) the view is not scrolled. */
(function () {
  "use strict";

  function fieldFor(link) {
    var id = decodeURIComponent((link.getAttribute("href") || "").slice(1));
    var field = id ? document.getElementById(id) : null;
    if (!field && link.dataset.field) {
      field = document.querySelector("[name='" + link.dataset.field.replace(/'/g, "") + "']");
    }
    return field;
  }

  function start() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.addEventListener("click", function (event) {
        var link = event.target.closest("a[href^='#']");
        var field = link && fieldFor(link);
        if (!field) {
          return;
        }
        event.preventDefault();
        var label = field.id ? document.querySelector("label[for='" + field.id + "']") : null;
        (label || field).scrollIntoView({ block: "center" });
        field.focus({ preventScroll: true });
      });
      summary.focus();
      return;
    }
    var messages = document.getElementById("messages");
    if (messages) {
      messages.focus({ preventScroll: Boolean(window.location.hash) });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
