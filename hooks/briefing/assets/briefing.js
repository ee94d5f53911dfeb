/* Reader tools on top of the generated pages: a sortable status board, timeline filters, and maps
   that load once the reader moves.
   Everything here is an enhancement: without JavaScript the board is a plain table in ladder order
   and the timeline lists every event, newest first. Material swaps pages in place (instant
   navigation) and announces each new page on document$, so setup runs once per page view. */
(function () {
  "use strict";

  function sortKey(cell) {
    var keyed = cell.querySelector("[data-sort], time[datetime]");
    if (keyed) return keyed.getAttribute("data-sort") !== null ? keyed.getAttribute("data-sort") : keyed.getAttribute("datetime");
    return cell.textContent.trim().toLocaleLowerCase();
  }

  function setupBoard(table) {
    if (table.dataset.briefingSortable) return;
    table.dataset.briefingSortable = "1";
    var heads = table.querySelectorAll("thead th");
    var body = table.tBodies[0];
    var original = Array.prototype.slice.call(body.rows);
    heads.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "briefing-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        // Levels, trends and dates read best highest/newest first; names A to Z.
        var descending = current ? current === "ascending" : column > 0;
        heads.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var rows = original.slice();
        rows.sort(function (a, b) {
          var x = sortKey(a.cells[column]), y = sortKey(b.cells[column]);
          if (x === y) return original.indexOf(a) - original.indexOf(b);
          if (x === "") return 1;  // undated rows last either way
          if (y === "") return -1;
          var order = x.localeCompare(y, undefined, { numeric: true }) || (x < y ? -1 : 1);
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    if (heads[1]) heads[1].setAttribute("aria-sort", "descending");  // the page's own order
  }

  function setupTimeline(root) {
    var params = new URLSearchParams(window.location.search);
    var country = params.get("c"), year = params.get("y"), oldest = params.get("o") === "oldest";
    var events = root.querySelectorAll(".briefing-event");
    var shown = 0;
    events.forEach(function (ev) {
      var match = (!country || (" " + ev.dataset.countries + " ").indexOf(" " + country + " ") >= 0) &&
                  (!year || ev.dataset.year === year);
      ev.hidden = !match;
      if (match) shown += 1;
    });
    root.querySelectorAll(".briefing-year").forEach(function (group) {
      group.hidden = !group.querySelector(".briefing-event:not([hidden])");
    });
    root.querySelectorAll(".briefing-filter a").forEach(function (link) {
      var target = new URLSearchParams(link.search);
      var active = (target.get("c") || null) === country && (target.get("y") || null) === year;
      if (active) link.setAttribute("aria-current", "true"); else link.removeAttribute("aria-current");
    });
    var status = root.querySelector(".briefing-timeline__status");
    if (status) {
      var names = [];
      if (country) {
        var label = root.querySelector('.briefing-filter a[data-c="' + CSS.escape(country) + '"]');
        names.push("about " + (label ? label.textContent : country));
      }
      if (year) names.push("in " + year);
      status.textContent = names.length ? "Showing " + shown + " of " + events.length + " events " + names.join(", ") + "." : "";
      status.hidden = !names.length;
    }
    var list = root.querySelector(".briefing-years");
    var toggle = root.querySelector(".briefing-order");
    if (!list || !toggle) return;
    function order(toOldest) {
      var want = toOldest ? "oldest" : "newest";
      if (list.dataset.order !== want) {
        Array.prototype.slice.call(list.children).reverse().forEach(function (group) {
          list.appendChild(group);
          Array.prototype.slice.call(group.querySelectorAll(":scope > .briefing-event")).reverse()
            .forEach(function (ev) { group.appendChild(ev); });
        });
        list.dataset.order = want;
      }
      toggle.setAttribute("aria-pressed", toOldest ? "true" : "false");
    }
    toggle.hidden = false;
    toggle.onclick = function () {
      var toOldest = list.dataset.order !== "oldest";
      order(toOldest);
      var next = new URLSearchParams(window.location.search);
      if (toOldest) next.set("o", "oldest"); else next.delete("o");
      var query = next.toString();
      history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    };
    order(oldest);
  }

  // Maps wait for the reader. An interactive map costs a phone about 0.4 s of main thread (Leaflet and
  // the map document), which would hold up the page the reader is looking at; until the reader moves,
  // scrolls, touches or types, each figure shows the map's static SVG twin in the same box. The page's
  // own loader (main.html) watches for that first move from the start, since this script comes later.
  function wakeMaps() {
    document.querySelectorAll("figure.briefing-map iframe[data-src]").forEach(function (frame) {
      var url = new URL(frame.getAttribute("data-src"), document.baseURI);
      frame.removeAttribute("data-src");
      if (url.origin !== window.location.origin) return;  // never another host (the sanitizer agrees)
      frame.addEventListener("load", function () {
        frame.closest("figure").setAttribute("data-live", "");
      }, { once: true });
      frame.src = url.href;
    });
  }
  document.addEventListener("briefing:awake", wakeMaps);

  function setup() {
    document.querySelectorAll(".briefing-board table").forEach(setupBoard);
    document.querySelectorAll(".briefing-timeline").forEach(setupTimeline);
    if (window.briefingAwake) wakeMaps();  // moved before this script came, or reached by instant navigation
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
