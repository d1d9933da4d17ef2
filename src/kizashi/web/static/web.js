// kizashi web UI: draws the charts and the link graph from JSON the server put in the page.
// No inline scripts (the Content-Security-Policy forbids them); the libraries are served
// from their installed Python wheels under /ui/assets/vendor/.
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  // A refused form is drawn at its POST address; the address bar shows the page's own, so a
  // reload reads the page instead of posting the form again.
  var canonical = document.querySelector("[data-canonical]");
  if (canonical && window.history && window.history.replaceState) {
    window.history.replaceState(null, "", canonical.getAttribute("data-canonical"));
  }
  // On a phone a data table wider than the screen scrolls in its own box (web.css); the
  // keyboard must be able to reach and scroll it (axe: scrollable-region-focusable).
  function scrollingTables() {
    document.querySelectorAll("table.data").forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) { table.setAttribute("tabindex", "0"); }
      else if (table.getAttribute("tabindex") === "0") { table.removeAttribute("tabindex"); }
    });
  }
  scrollingTables();
  window.addEventListener("resize", scrollingTables);
  if (window.Plotly) {
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var figure = data(el.getAttribute("data-chart"));
      if (figure) {
        window.Plotly.newPlot(el, figure.data, figure.layout, {displaylogo: false, responsive: true});
      }
    });
  }
  if (window.vis) {
    document.querySelectorAll("[data-graph]").forEach(function (el) {
      var graph = data(el.getAttribute("data-graph"));
      if (!graph) { return; }
      var colours = graph.colours || {};
      var urls = {};
      var nodes = graph.nodes.map(function (n) {
        if (n.url) { urls[n.id] = n.url; }
        return {id: n.id, label: n.label, group: n.group, color: colours[n.group] || "#555",
                font: {color: "#111", size: 15, strokeWidth: 3, strokeColor: "#ffffff"},
                shape: n.group === "entity" ? "star" : "dot", size: n.group === "entity" ? 22 : 12};
      });
      var network = new window.vis.Network(el, {
        nodes: new window.vis.DataSet(nodes), edges: new window.vis.DataSet(graph.edges)
      }, {
        physics: {stabilization: {iterations: 150}, barnesHut: {springLength: 140, avoidOverlap: 0.4}},
        interaction: {keyboard: true, hover: true, navigationButtons: true}
      });
      // A report or another person opens on a click (the list under the graph does the same
      // for a keyboard or a screen reader).
      network.on("doubleClick", function (params) {
        var url = params.nodes.length ? urls[params.nodes[0]] : null;
        if (url) { window.location.href = url; }
      });
      network.on("click", function (params) {
        el.setAttribute("data-selected", params.nodes.length ? params.nodes[0] : "");
      });
      el.setAttribute("data-drawn", String(nodes.length));
      network.once("stabilized", function () { el.setAttribute("data-stable", "1"); });
    });
  }
  var goto = document.querySelector("[data-goto]");
  if (goto) {
    goto.form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.location.href = goto.getAttribute("data-goto") + encodeURIComponent(goto.value);
    });
  }
  shortcuts();
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
  follow();

  // The desk's queue, live (server-sent events, see web/routes_live.py). The server draws
  // every row and banner with the page's own templates; here they are only put in place.
  function follow() {
    var region = document.getElementById("live-alerts");
    if (!region || !window.EventSource) { return; }
    var queue = document.querySelector("[data-live-queue]");
    var body = queue ? document.querySelector("table.queue tbody") : null;
    var source = new EventSource(region.getAttribute("data-stream"));
    var fresh = 0;
    source.addEventListener("open", function () {
      region.setAttribute("data-connected", "1");
      if (queue) { queue.textContent = queue.getAttribute("data-text-following") || queue.textContent; }
    });
    source.addEventListener("error", function () { region.removeAttribute("data-connected"); });
    function change(event) {
      var item = JSON.parse(event.data);
      if (item.banner) { announce(item.banner); }
      if (body && item.row) { fresh += place(item) ? 1 : 0; }
      if (queue && fresh) {
        queue.textContent = (queue.getAttribute("data-text-updated") || "").replace("{count}", String(fresh));
      }
    }
    source.addEventListener("alert", change);
    source.addEventListener("urgent", change);
    region.addEventListener("click", function (event) {
      var target = event.target;
      if (target && target.hasAttribute && target.hasAttribute("data-dismiss-banner")) {
        var banner = target.closest(".urgent-banner");
        if (banner) { banner.parentNode.removeChild(banner); }
      }
    });

    function announce(html) {
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var banner = holder.firstElementChild;
      if (!banner) { return; }
      var id = banner.getAttribute("data-alert-id");
      if (region.querySelector('[data-alert-id="' + id + '"]')) { return; }
      // Announced by the assertive live region; focus stays where the officer is working.
      region.insertBefore(banner, region.firstChild);
    }

    function wanted(status) {
      var shown = queue.getAttribute("data-live-queue");
      if (shown === "all") { return true; }
      if (shown === "open") { return status === "new" || status === "in_review"; }
      return status === shown;
    }

    function place(item) {
      var holder = document.createElement("tbody");
      holder.innerHTML = item.row.trim();
      var row = holder.firstElementChild;
      if (!row) { return false; }
      var id = row.getAttribute("data-alert-id");
      var old = body.querySelector('tr[data-alert-id="' + id + '"]');
      if (!wanted(row.getAttribute("data-status"))) {
        if (old) { old.parentNode.removeChild(old); return true; }
        return false;
      }
      row.classList.add("fresh");
      if (old) { body.replaceChild(row, old); return true; }
      // A new row: only where the page's order puts it (a filtered page is left alone).
      var sort = queue.getAttribute("data-sort");
      if (queue.hasAttribute("data-assignee") || sort === "oldest") { return false; }
      var empty = body.querySelector("tr.empty");
      if (empty) { empty.parentNode.removeChild(empty); }
      var before = null;
      if (sort === "score") {
        var score = parseFloat(row.getAttribute("data-score"));
        var rows = body.querySelectorAll("tr[data-alert-id]");
        for (var i = 0; i < rows.length; i++) {
          if (parseFloat(rows[i].getAttribute("data-score")) < score) { before = rows[i]; break; }
        }
        if (!before && rows.length && queue.hasAttribute("data-more")) {
          return false; // below the last row of a page that has a next page: not on this page
        }
      } else {
        before = body.firstElementChild;
      }
      body.insertBefore(row, before);
      return true;
    }
  }

  // Keyboard shortcuts for the day's work (? lists them). Keys typed into a field are the
  // field's; a shortcut never submits anything by itself, it only moves the focus or selects.
  function shortcuts() {
    var help = document.getElementById("shortcuts");
    if (!help) { return; }
    var links = function () { return Array.prototype.slice.call(document.querySelectorAll("[data-testid=alert-link]")); };
    var current = -1;
    var pending = "";
    function focusRow(index) {
      var all = links();
      if (!all.length) { return; }
      current = Math.max(0, Math.min(all.length - 1, index));
      document.querySelectorAll("tr.current").forEach(function (row) { row.classList.remove("current"); });
      var row = all[current].closest("tr");
      if (row) { row.classList.add("current"); }
      all[current].focus();
    }
    function choose(value) {
      var radio = document.querySelector("input[name=decision][value=" + value + "]");
      var reason = document.getElementById("reason");
      if (radio && reason) { radio.checked = true; reason.focus(); }
    }
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      if (target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable)) { return; }
      var key = event.key;
      if (pending === "g") {
        pending = "";
        if (key === "q") { window.location.href = "/ui/alerts"; event.preventDefault(); }
        return;
      }
      var all = links();
      var handled = true;
      if (key === "?") { if (help.open) { help.close(); } else { help.showModal(); } }
      else if (key === "j") { focusRow(current + 1); }
      else if (key === "k") { focusRow(current - 1); }
      else if (key === "o" && current >= 0 && all[current]) { window.location.href = all[current].href; }
      else if (key === "x" && current >= 0 && all[current]) {
        var box = all[current].closest("tr").querySelector("input[type=checkbox]");
        if (box) { box.checked = !box.checked; }
      }
      else if (key === "a" && document.getElementById("assignee")) { document.getElementById("assignee").focus(); }
      else if (key === "c") { choose("confirmed"); }
      else if (key === "d") { choose("dismissed"); }
      else if (key === "n" && document.querySelector("[data-testid=next-alert]")) {
        window.location.href = document.querySelector("[data-testid=next-alert]").href;
      }
      else if (key === "g") { pending = "g"; }
      else { handled = false; }
      if (handled) { event.preventDefault(); }
    });
  }
})();
