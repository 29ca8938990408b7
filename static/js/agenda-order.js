/* Agenda rows of the COPIL session form: "Monter"/"Descendre" buttons and "Ajouter un point".
 * Progressive enhancement: without JavaScript the position numbers do the same job.
 * The buttons move the row in the page and renumber every position field. */
(function () {
  "use strict";
  var list = document.querySelector("[data-agenda]");
  if (!list) {
    return;
  }
  var announce = document.getElementById("agenda-annonce");
  var template = document.getElementById("agenda-modele");
  var total = document.querySelector("input[name$='-TOTAL_FORMS']");
  var maxForms = document.querySelector("input[name$='-MAX_NUM_FORMS']");
  var addButton = document.querySelector("[data-agenda-add]");
  var text = function (name, number) {
    return (list.dataset[name] || "").replace("%n", number);
  };

  function rows() {
    return Array.prototype.slice.call(list.querySelectorAll("[data-agenda-row]"));
  }

  function makeButton(direction) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-secondary";
    button.dataset.move = direction;
    button.textContent = direction === "up" ? list.dataset.labelUp : list.dataset.labelDown;
    return button;
  }

  function renumber() {
    var all = rows();
    all.forEach(function (row, index) {
      var number = index + 1;
      var order = row.querySelector("input[name$='-ORDER']");
      if (order) {
        order.value = number;
      }
      var legend = row.querySelector("[data-agenda-legend]");
      if (legend) {
        legend.textContent = text("legend", number);
      }
      var up = row.querySelector("[data-move='up']");
      var down = row.querySelector("[data-move='down']");
      // aria-disabled rather than disabled: the focused button keeps the focus.
      up.setAttribute("aria-disabled", index === 0 ? "true" : "false");
      down.setAttribute("aria-disabled", index === all.length - 1 ? "true" : "false");
      up.classList.toggle("opacity-50", index === 0);
      down.classList.toggle("opacity-50", index === all.length - 1);
      up.setAttribute("aria-label", text("labelUpLong", number));
      down.setAttribute("aria-label", text("labelDownLong", number));
    });
  }

  function enhance(row) {
    var moves = row.querySelector("[data-agenda-moves]");
    if (moves && !moves.querySelector("[data-move]")) {
      moves.appendChild(makeButton("up"));
      moves.appendChild(makeButton("down"));
    }
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest("[data-move]");
    if (!button || button.getAttribute("aria-disabled") === "true") {
      return;
    }
    var row = button.closest("[data-agenda-row]");
    if (button.dataset.move === "up" && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (button.dataset.move === "down" && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    } else {
      return;
    }
    renumber();
    button.focus();
    if (announce) {
      announce.textContent = text("moved", rows().indexOf(row) + 1);
    }
  });

  if (addButton && template && total) {
    addButton.classList.remove("d-none");
    addButton.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var limit = maxForms ? parseInt(maxForms.value, 10) : 1000;
      if (index >= limit) {
        return;
      }
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      list.appendChild(row);
      total.value = String(index + 1);
      enhance(row);
      renumber();
      var first = row.querySelector("input, textarea");
      if (first) {
        first.focus();
      }
    });
  }

  rows().forEach(enhance);
  renumber();
})();
