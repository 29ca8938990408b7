/* A PDF being rendered: ask reports:status every few seconds and reload the page when the
 * document is ready or failed, so the download link (or the retry button) appears by itself.
 * Without JavaScript the page simply shows « Rendu en cours… » until reloaded. */
(function () {
  "use strict";
  if (window.reportsDocumentStatus) {
    return; // the include may appear several times on one page
  }
  window.reportsDocumentStatus = true;
  var DELAY = 4000;
  var ATTEMPTS = 150; // about ten minutes, then stop asking

  function watch(node, attempt) {
    if (attempt > ATTEMPTS) {
      return;
    }
    window.setTimeout(function () {
      fetch(node.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          if (data && data.status !== node.dataset.status && (data.status === "ready" || data.status === "failed")) {
            window.location.reload();
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
