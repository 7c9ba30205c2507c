// Plan upload: while a document is being read (OCR of a scan), poll its status and show the
// result page when it is done.  The page also works without this script (a 刷新 link).
(function () {
  "use strict";
  var box = document.getElementById("plan-import-progress");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("p");
  function poll() {
    fetch(box.dataset.status, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.finished) { window.location.reload(); return; }
        if (s.total) {
          bar.max = s.total;
          bar.value = s.done;
          text.textContent = "正在 OCR 识别扫描页 " + s.done + "/" + s.total + "……完成后本页自动显示结果。";
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 500);
})();
