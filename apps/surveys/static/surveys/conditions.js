// Conditional questions: show question B only when the answer to A is X. Without JavaScript
// every question shows, and the server ignores the answers to questions whose condition is unmet.
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");
  if (!form) { return; }
  var dependents = form.querySelectorAll("[data-show-if]");
  function refresh() {
    dependents.forEach(function (block) {
      var source = document.getElementById("c" + block.getAttribute("data-show-if"));
      var shown = !!(source && source.checked && !source.closest("[hidden]"));
      block.hidden = !shown;
      block.querySelectorAll("input, select, textarea").forEach(function (field) {
        field.disabled = !shown;
      });
    });
  }
  form.addEventListener("change", refresh);
  refresh();
})();
