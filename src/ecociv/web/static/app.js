// ecociv dashboard: small progressive enhancements; every page works without this script.
(function () {
  "use strict";
  // The header menu: open on wide screens (a <details> that phones open by tapping).
  var menu = document.getElementById("menu");
  if (menu && window.matchMedia) {
    var wide = window.matchMedia("(min-width: 901px)");
    var sync = function () { menu.open = wide.matches; };
    sync();
    if (wide.addEventListener) { wide.addEventListener("change", sync); }
  }
  // Selects marked data-clear clear the named field before submitting (choosing another plan).
  document.querySelectorAll("select[data-clear]").forEach(function (sel) {
    sel.addEventListener("change", function () {
      var other = sel.form.elements[sel.dataset.clear];
      if (other) { other.value = ""; }
      sel.form.submit();
    });
  });
  // Filters apply on change.
  document.querySelectorAll("form#filters select").forEach(function (sel) {
    sel.addEventListener("change", function () { sel.form.submit(); });
  });
  // "Back" links go back in history when there is one (the link itself leads home).
  document.querySelectorAll("a[data-back]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      if (window.history.length > 1) { ev.preventDefault(); window.history.back(); }
    });
  });
  // /api/docs: list the operations of the local OpenAPI description.
  var ops = document.getElementById("ops");
  if (ops) {
    fetch(ops.dataset.spec, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (spec) {
        var table = document.createElement("table");
        table.className = "grid";
        table.innerHTML = "<thead><tr><th>方法</th><th>路径</th><th>说明</th><th>参数 / 请求体</th></tr></thead>";
        var body = document.createElement("tbody");
        Object.keys(spec.paths).sort().forEach(function (path) {
          var item = spec.paths[path];
          Object.keys(item).forEach(function (method) {
            var op = item[method];
            var params = (op.parameters || []).map(function (p) { return p.name + "（" + p.in + "）"; });
            if (op.requestBody) {
              var content = op.requestBody.content || {};
              var schema = (content["application/json"] || {}).schema || {};
              params.push("JSON " + (schema.$ref ? schema.$ref.split("/").pop() : (schema.type || "")));
            }
            var tr = document.createElement("tr");
            [method.toUpperCase(), path, op.summary || "", params.join("，")].forEach(function (text) {
              var td = document.createElement("td");
              td.textContent = text;
              tr.appendChild(td);
            });
            body.appendChild(tr);
          });
        });
        table.appendChild(body);
        ops.replaceChildren(table);
      })
      .catch(function () { ops.textContent = "无法读取接口描述。"; });
  }
})();
