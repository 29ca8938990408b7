// The segment form: the number of recipients follows the ticked criteria (no page reload).
// Without JavaScript, the « Prévisualiser les destinataires » button does the same.
(function () {
  "use strict";
  var form = document.getElementById("segment-form");
  var output = document.getElementById("segment-live-count");
  if (!form || !output || !window.fetch) {
    return;
  }
  var timer = null;
  function refresh() {
    var params = new URLSearchParams(new FormData(form));
    params.delete("csrfmiddlewaretoken");
    fetch(output.dataset.url + "?" + params.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data) {
          output.textContent = data.label;
        }
      })
      .catch(function () {});
  }
  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  });
})();
