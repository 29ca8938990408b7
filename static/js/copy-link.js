/* "Copier le lien" buttons: <button data-copy="FIELD_ID" data-copy-status="STATUS_ID"
 * data-copied="message">. Progressive enhancement: the buttons start hidden; without
 * JavaScript the address stays selectable in its field. (A static file: the Content-Security-
 * Policy allows no inline script.) */
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      function done() {
        if (status) {
          status.textContent = button.dataset.copied || "";
        }
      }
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          document.execCommand("copy");
          done();
        });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
})();
