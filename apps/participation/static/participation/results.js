// The results screen of a prioritisation: polls its small JSON endpoint every 5 seconds and
// redraws the ranking (no page reload; without JavaScript a <meta refresh> does the same).
(function () {
  "use strict";
  var screen = document.querySelector(".results-screen[data-json-url]");
  if (!screen) { return; }
  var list = screen.querySelector("[data-rows]");
  function draw(data) {
    var ballots = screen.querySelector("[data-ballots]");
    var total = screen.querySelector("[data-total]");
    if (ballots) { ballots.textContent = data.ballots; }
    if (total) { total.textContent = data.total_points; }
    var items = data.rows.map(function (row) {
      var li = document.createElement("li");
      li.dataset.id = row.id;
      var title = document.createElement("span");
      title.className = "results-title";
      var rank = document.createElement("span");
      rank.className = "results-rank";
      rank.textContent = row.rank + ".";
      title.append(rank, " " + row.title);
      var bar = document.createElement("progress");
      bar.className = "results-bar";
      bar.max = 100;
      bar.value = row.bar;
      bar.setAttribute("aria-hidden", "true");
      var points = document.createElement("strong");
      points.className = "results-points";
      points.textContent = row.points;
      li.append(title, bar, points);
      return li;
    });
    list.replaceChildren.apply(list, items);
  }
  function poll() {
    fetch(screen.dataset.jsonUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { draw(data); if (data.closed) { return; } } setTimeout(poll, 5000); })
      .catch(function () { setTimeout(poll, 10000); });
  }
  setTimeout(poll, 5000);
})();
