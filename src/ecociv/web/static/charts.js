// ecociv charts: draws every <div class="echart" data-option="ID"> with the vendored ECharts from the
// inert JSON in <script type="application/json" id="ID">. Options are built on the server
// (ecociv.reports._chart_options); this file only adds formatters and behaviour (click-through,
// resize). Maps: the GeoJSON is inert JSON too (data-geo), registered with echarts.registerMap.
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  var charts = [];

  function fmt(v) {
    if (v === null || v === undefined || v === "-") { return "—"; }
    if (typeof v === "object" && v !== null && "value" in v) { v = v.value; }
    if (typeof v !== "number") { return String(v); }
    return Math.abs(v) >= 1e6 || Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  }

  function unitOf(option) {
    var axis = option.yAxis && option.yAxis.type === "value" ? option.yAxis : option.xAxis;
    return (axis && axis.name && axis.name !== "项") ? axis.name : "";
  }

  function addFormatters(option) {
    var unit = unitOf(option);
    var tip = option.tooltip || {};
    if (option.series && option.series.length && option.series[0].type === "map") {
      tip.formatter = function (p) {
        var d = p.data || {};
        var value = d.value === null || d.value === undefined ? "无数据" : fmt(d.value) + (d.unit || "");
        return (d.label || p.name) + "<br>" + value + "（" + (d.status || "无数据") + "）";
      };
    } else if (tip.trigger === "axis") {
      tip.formatter = function (params) {
        var list = Array.isArray(params) ? params : [params];
        var lines = [];
        list.forEach(function (p) {
          if (p.data === null || p.data === undefined) { return; }
          var d = p.data;
          var status = d && d.status ? "（" + d.status + "）" : "";
          lines.push(p.marker + p.seriesName + "：" + fmt(d) + unit + status);
        });
        var head = list.length ? list[0].axisValueLabel || list[0].name : "";
        if (option.xAxis && option.xAxis.type === "category" && /^\d{4}$/.test(head)) { head += "年"; }
        return [head].concat(lines.length ? lines : ["无数值"]).join("<br>");
      };
    } else {
      tip.formatter = function (p) {
        if (p.componentType === "markLine") { return p.name + "：" + fmt(p.value) + unit; }
        return p.marker + p.name + "<br>" + p.seriesName + "：" + fmt(p.data) + unit;
      };
    }
    option.tooltip = tip;
  }

  function draw(box) {
    var holder = document.getElementById(box.dataset.option);
    if (!holder) { return; }
    var option;
    try { option = JSON.parse(holder.textContent); } catch (e) { return; }
    var narrow = window.innerWidth < 600;
    var height = option.height_hint || 320;
    delete option.height_hint;
    box.style.height = Math.max(narrow ? 260 : 300, Math.min(height, 1400)) + "px";
    addFormatters(option);
    if (narrow && option.toolbox) { option.toolbox.itemSize = 20; }
    if (narrow && option.xAxis && option.xAxis.type === "value" && option.xAxis.name && option.grid) {
      // a unit at the end of a horizontal axis is cut off on a phone: put it under the axis
      option.xAxis.nameLocation = "middle";
      option.xAxis.nameGap = 24;
      option.grid.bottom = (option.grid.bottom || 0) + 18;
    }
    if (option.title && option.title.textStyle) {  // keep the title clear of the save button
      option.title.textStyle.width = Math.max(120, box.clientWidth - 60);
      option.title.textStyle.overflow = "truncate";
    }
    if (box.dataset.geo) {
      var geo = document.getElementById(box.dataset.geo);
      if (!geo) { return; }
      echarts.registerMap(option.series[0].map, JSON.parse(geo.textContent));
    }
    var chart = echarts.init(box, null, { renderer: "canvas" });
    chart.setOption(option);
    chart.on("click", function (p) {
      var link = p.data && p.data.link;
      if (link) { window.location.href = link; }
    });
    charts.push(chart);
  }

  document.querySelectorAll("div.echart[data-option]").forEach(draw);

  // Follow the box's width: a turned phone, an opened menu, a resized window.
  function fit(chart) {
    var box = chart.getDom();
    if (!box.clientWidth || (chart.getWidth() === box.clientWidth && chart.getHeight() === box.clientHeight)) { return; }
    var title = chart.getOption().title;
    if (title && title.length && title[0].textStyle && title[0].textStyle.overflow === "truncate") {
      chart.setOption({ title: { textStyle: { width: Math.max(120, box.clientWidth - 60) } } });
    }
    chart.resize();
  }
  var pending = null;
  function fitAll() {
    if (pending) { window.clearTimeout(pending); }
    pending = window.setTimeout(function () { pending = null; charts.forEach(fit); }, 100);
  }
  if (typeof ResizeObserver !== "undefined") {
    var observer = new ResizeObserver(fitAll);
    charts.forEach(function (c) { observer.observe(c.getDom()); });
  }
  window.addEventListener("resize", fitAll);
  window.addEventListener("orientationchange", fitAll);
})();
