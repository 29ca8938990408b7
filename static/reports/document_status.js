/* A PDF being rendered: ask reports:status every few seconds and, once the document is ready or
 * failed, replace the status block in place with the one the server sends (the download link
 * with « PDF, N pages, size », or the retry button). The block is a polite live region
 * (aria-live), so screen readers announce the change; the page never reloads and focus stays
 * where it is. Without JavaScript the page shows « Rendu en cours… » until reloaded. */
(function () {
  "use strict";
  if (window.reportsDocumentStatus) {
    return; // the include may appear several times on one page
  }
  window.reportsDocumentStatus = true;
  var DELAY = 4000;
  var ATTEMPTS = 150; // about ten minutes, then stop asking

  function replace(node, html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var fresh = template.content.querySelector("[data-document-status]");
    if (!fresh) {
      return;
    }
    // Keep the live region itself (announcements need a region present before the change):
    // only its content and state change.
    node.dataset.status = fresh.dataset.status;
    node.replaceChildren.apply(node, Array.prototype.slice.call(fresh.childNodes));
  }

  function watch(node, attempt) {
    if (attempt > ATTEMPTS) {
      return;
    }
    window.setTimeout(function () {
      var url = node.dataset.statusUrl + "?next=" + encodeURIComponent(window.location.pathname + window.location.search);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (data && data.status !== node.dataset.status && (data.status === "ready" || data.status === "failed")) {
            replace(node, data.html || "");
          } else {
            watch(node, attempt + 1);
          }
        })
        .catch(function () {
          watch(node, attempt + 1);
        });
    }, DELAY);
  }

  function start() {
    document.querySelectorAll("[data-document-status]").forEach(function (node) {
      if (node.dataset.status === "pending" || node.dataset.status === "rendering") {
        watch(node, 1);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
