/* Relations through time: a date control on the relations page that replays the ladder board, the
   table and the overview map "as of" any month between the first dated step and the briefing's date.
   The page itself is rendered as of that date; without JavaScript nothing here runs and nothing is
   missing. Data: <script type="application/json" id="briefing-history-data"> (history.py). */
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];

  function human(month) {
    return MONTHS[parseInt(month.slice(5, 7), 10) - 1] + " " + month.slice(0, 4);
  }
  function lastDay(month) {
    var y = parseInt(month.slice(0, 4), 10), m = parseInt(month.slice(5, 7), 10);
    var d = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return month + "-" + (d < 10 ? "0" : "") + d;
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }
  function profileId(a) {
    var m = /countries\/([^\/#?]+)\/?(?:[#?].*)?$/.exec(a.getAttribute("href") || "");
    return m ? decodeURIComponent(m[1]) : null;
  }

  /* Each counterpart's level on a day: its latest step on or before it (the higher of two on one date);
     null when its first step is later; its current level when it has no dated step. */
  function levelsOn(D, day) {
    var rank = {}, out = {};
    D.levels.forEach(function (l, i) { rank[l.id] = i; });
    D.countries.forEach(function (c) {
      if (!c.dated) { out[c.id] = c.level; return; }
      var best = null;
      c.steps.forEach(function (s) {
        if (s[0] <= day && (best === null || s[0] > best[0] || (s[0] === best[0] && rank[s[1]] > rank[best[1]]))) { best = s; }
      });
      out[c.id] = best ? best[1] : null;
    });
    return out;
  }

  function setup(holder, D) {
    var months = D.months, last = months.length - 1;
    var levelById = {}, nameById = {}, known = {};
    D.levels.forEach(function (l) { levelById[l.id] = l; });
    D.countries.forEach(function (c) { known[c.id] = true; });
    var article = holder.closest("article") || document;
    // Names and labels come from the page (the JSON carries ids, colours and dates only).
    D.levels.forEach(function (l) {
      var label = document.querySelector("#rung-" + l.id + " .briefing-rung__label strong");
      l.label = label ? label.textContent : l.id;
    });

    // What the page shows as of the briefing's date, to restore exactly.
    var rungs = {};
    D.levels.forEach(function (l) {
      var rung = document.getElementById("rung-" + l.id);
      var members = rung && rung.querySelector(".briefing-rung__members");
      if (members) { rungs[l.id] = {node: members, html: members.innerHTML, cls: members.className}; }
    });
    var anchors = {};
    Object.keys(rungs).forEach(function (id) {
      rungs[id].node.querySelectorAll("a[href]").forEach(function (a) {
        var cid = profileId(a);
        if (cid && !anchors[cid]) { anchors[cid] = a.cloneNode(true); }
      });
    });
    var cells = {};
    article.querySelectorAll("table tr").forEach(function (tr) {
      var first = tr.querySelector("td a[href]"), tds = tr.querySelectorAll("td");
      var cid = first && profileId(first);
      if (cid && known[cid] && tds.length > 1 && tds[1].querySelector(".briefing-level")) {
        nameById[cid] = first.textContent;
        cells[cid] = {node: tds[1], html: tds[1].innerHTML};
      }
    });

    // The controls: a labelled slider, a button per year, and what changed, announced politely.
    var box = el("div", {"class": "briefing-history__box", role: "group", "aria-labelledby": "briefing-history-label"});
    var heading = el("p", {id: "briefing-history-label", "class": "briefing-history__label"});
    heading.appendChild(el("strong", {}, "Relations as of "));
    var output = el("output", {id: "briefing-history-date", "for": "briefing-history-range"});
    heading.appendChild(output);
    box.appendChild(heading);
    var range = el("input", {type: "range", id: "briefing-history-range", min: "0", max: String(last), step: "1",
                             "aria-label": "Date to show relations at"});
    box.appendChild(range);
    var years = el("div", {"class": "briefing-history__years"});
    var yearList = [];
    months.forEach(function (m) { var y = m.slice(0, 4); if (yearList.indexOf(y) < 0) { yearList.push(y); } });
    var buttons = yearList.map(function (y) {
      var target = 0;
      months.forEach(function (m, i) { if (m.slice(0, 4) === y) { target = i; } });
      var b = el("button", {type: "button", "class": "md-button briefing-history__year", "data-index": String(target),
                            "aria-pressed": "false"}, y);
      b.addEventListener("click", function () { show(target, true); });
      years.appendChild(b);
      return b;
    });
    var now = el("button", {type: "button", "class": "md-button briefing-history__year",
                            "data-index": String(last), "aria-pressed": "false"}, "Today's picture");
    now.addEventListener("click", function () { show(last, true); });
    years.appendChild(now);
    buttons.push(now);
    box.appendChild(years);
    var changes = el("p", {"class": "briefing-history__changes", "aria-live": "polite", id: "briefing-history-changes"});
    box.appendChild(changes);
    var undated = D.countries.filter(function (c) { return !c.dated; });
    if (undated.length) {
      box.appendChild(el("p", {"class": "briefing-history__undated"},
        "Without dated steps, shown at today's level throughout: " +
        undated.map(function (c) { return nameById[c.id] || c.id; }).join(", ") + "."));
    }
    holder.appendChild(box);
    range.addEventListener("input", function () { show(parseInt(range.value, 10), true); });

    function badge(levelId) {
      var l = levelById[levelId];
      var span = el("span", {"class": "briefing-level"}, l.label);
      span.style.setProperty("--briefing-level", l.colour);
      return span;
    }

    function paintMap(levels) {
      var frame = article.querySelector(".briefing-map iframe");
      var win = null;
      try { win = frame && frame.contentWindow; if (win && !win.L) { win = null; } } catch (e) { win = null; }
      if (!win) { return; }
      // As on the static overview: a country is painted once, as itself when it is a counterpart, else by
      // the bloc that stands highest on the chosen day.
      var levelRank = {};
      D.levels.forEach(function (l, i) { levelRank[l.id] = i; });
      function standing(c) { var l = levels ? levels[c.id] : c.level; return l ? levelRank[l] : -1; }
      var byCode = {};
      D.countries.forEach(function (c) {
        c.codes.forEach(function (code) {
          var own = !c.bloc;
          var held = byCode[code];
          if (!held || own || (!held.own && standing(c) > standing(held.c))) { byCode[code] = {c: c, own: own}; }
        });
      });
      Object.keys(byCode).forEach(function (code) { byCode[code] = byCode[code].c; });
      // The map document names its map after its container (folium's convention); reading every
      // property of the window instead touches deprecated ones, which browsers report.
      var box = win.document.querySelector(".folium-map");
      var map = box && win[box.id];
      if (!map || !(map instanceof win.L.Map)) { return; }
      map.eachLayer(function (layer) {
        if (!(layer instanceof win.L.GeoJSON)) { return; }
        layer.eachLayer(function (shape) {
          var props = shape.feature && shape.feature.properties, c = props && byCode[props.c];
          if (!c) { return; }
          if (shape._briefingStyle === undefined) {
            shape._briefingStyle = {fillColor: shape.options.fillColor, fillOpacity: shape.options.fillOpacity};
          }
          var lvl = levels ? levels[c.id] : c.level;
          var style = !levels ? shape._briefingStyle
            : lvl ? {fillColor: levelById[lvl].colour, fillOpacity: shape._briefingStyle.fillOpacity}
            : {fillColor: "#ffffff", fillOpacity: 0.15};
          shape.setStyle(style);
          shape.feature.properties.briefingLevel = lvl || "";
          if (shape.getTooltip && shape.getTooltip()) {
            // Tooltips are HTML: the replayed one is built from text and escaped here.
            shape.setTooltipContent(!levels ? props.t : escapeHtml((nameById[c.id] || c.id) + ": " +
              (lvl ? levelById[lvl].label : "no dated step yet") + " (" + output.textContent + ")"));
          }
        });
      });
    }
    var frame = article.querySelector(".briefing-map iframe");
    if (frame) { frame.addEventListener("load", function () { paintMap(current === last ? null : currentLevels); }); }

    var current = last, currentLevels = null;
    function show(index, fromUser) {
      index = Math.max(0, Math.min(last, index));
      current = index;
      var month = months[index];
      range.value = String(index);
      range.setAttribute("aria-valuetext", human(month));
      output.textContent = index === last ? D.as_of_human : human(month);
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(parseInt(b.getAttribute("data-index"), 10) === index)); });
      holder.setAttribute("data-as-of", index === last ? D.as_of.slice(0, 7) : month);
      if (index === last) {
        currentLevels = null;
        Object.keys(rungs).forEach(function (id) { rungs[id].node.innerHTML = rungs[id].html; rungs[id].node.className = rungs[id].cls; });
        Object.keys(cells).forEach(function (id) { cells[id].node.innerHTML = cells[id].html; });
        D.countries.forEach(function (c) { mark(c.id, c.level); });
        changes.textContent = "";
      } else {
        var day = lastDay(month) < D.as_of ? lastDay(month) : D.as_of;
        var levels = levelsOn(D, day);
        currentLevels = levels;
        Object.keys(rungs).forEach(function (id) {
          var node = rungs[id].node, here = D.countries.filter(function (c) { return levels[c.id] === id; });
          node.textContent = "";
          node.className = "briefing-rung__members" + (here.length ? "" : " briefing-muted");
          if (!here.length) { node.textContent = "Nobody"; }
          here.forEach(function (c, i) {
            if (i) { node.appendChild(document.createTextNode(" · ")); }
            var item = el("span", {"class": "briefing-history__item", "data-country": c.id, "data-level": id});
            item.appendChild(anchors[c.id] ? anchors[c.id].cloneNode(true) : document.createTextNode(nameById[c.id] || c.id));
            node.appendChild(item);
          });
        });
        Object.keys(cells).forEach(function (id) {
          var node = cells[id].node;
          node.textContent = "";
          if (levels[id]) { node.appendChild(badge(levels[id])); }
          else { node.appendChild(el("span", {"class": "briefing-muted"}, "No dated step yet")); }
        });
        D.countries.forEach(function (c) { mark(c.id, levels[c.id]); });
        var moved = D.countries.filter(function (c) { return levels[c.id] !== c.level; });
        changes.textContent = moved.length
          ? "Different from " + D.as_of_human + ": " + moved.map(function (c) {
              return (nameById[c.id] || c.id) + " (" + (levels[c.id] ? levelById[levels[c.id]].label : "no dated step yet") + ")";
            }).join("; ") + "."
          : "Every counterpart stood where it stands on " + D.as_of_human + ".";
      }
      paintMap(currentLevels);
      if (fromUser && window.history && window.history.replaceState) {
        var url = new URL(window.location.href);
        if (index === last) { url.searchParams.delete("as_of"); } else { url.searchParams.set("as_of", month); }
        window.history.replaceState(window.history.state, "", url.href);
      }
    }
    function mark(id, level) {
      var row = cells[id] && cells[id].node.parentNode;
      if (row) { row.setAttribute("data-country", id); row.setAttribute("data-level", level || ""); }
    }

    var asked = new URLSearchParams(window.location.search).get("as_of");
    var start = last;
    if (asked && /^\d{4}(-\d{2})?(-\d{2})?$/.test(asked)) {
      var key = asked.length === 4 ? asked + "-12" : asked.slice(0, 7);
      start = 0;
      months.forEach(function (m, i) { if (m <= key) { start = i; } });
    }
    show(start, false);
  }

  function init() {
    var holder = document.getElementById("briefing-history");
    var data = document.getElementById("briefing-history-data");
    if (!holder || !data || holder.getAttribute("data-ready")) { return; }
    holder.setAttribute("data-ready", "true");
    var D = JSON.parse(data.textContent);
    if (D.months.length < 2) { return; }  // nothing to replay
    setup(holder, D);
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(init);  // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
