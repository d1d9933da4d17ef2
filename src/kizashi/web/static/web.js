// kizashi web UI: draws the charts and the link graph from JSON the server put in the page.
// No inline scripts (the Content-Security-Policy forbids them); the libraries are served
// from their installed Python wheels under /ui/assets/vendor/.
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
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
      var colours = {
        entity: "#b00020", person: "#1f5f8b", phone: "#2e7d32", account: "#6a1b9a",
        address: "#8d6e00", purchase: "#c43e00", report: "#455a64", neighbour: "#00838f"
      };
      var nodes = graph.nodes.map(function (n) {
        return {id: n.id, label: n.label, group: n.group, color: colours[n.group] || "#555",
                font: {color: "#111"}, shape: n.group === "entity" ? "star" : "dot"};
      });
      var network = new window.vis.Network(el, {
        nodes: new window.vis.DataSet(nodes), edges: new window.vis.DataSet(graph.edges)
      }, {physics: {stabilization: {iterations: 150}}, interaction: {keyboard: true}});
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
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
})();
