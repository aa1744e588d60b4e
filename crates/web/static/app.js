// dondoc: the few things the pages do with a script. Everything works without it.
// No inline script anywhere: the Content-Security-Policy forbids it.
(function () {
  "use strict";

  // Review screen: "Use selection" copies the text selected in the document pane into the
  // "add a task" form.
  function selectedText() {
    var sel = window.getSelection ? window.getSelection() : null;
    return sel ? String(sel.toString()).trim() : "";
  }
  var lastSelection = "";
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection ? window.getSelection() : null;
    if (!sel || sel.rangeCount === 0) return;
    var pane = document.getElementById("doc-text");
    if (pane && pane.contains(sel.anchorNode)) {
      var s = selectedText();
      if (s) lastSelection = s;
    }
  });
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("[data-use-selection]") : null;
    if (!btn) return;
    ev.preventDefault();
    var target = document.getElementById(btn.getAttribute("data-use-selection"));
    var s = selectedText() || lastSelection;
    if (target && s) {
      target.value = s;
      target.focus();
    }
  });

  // Buttons that ask first (delete, merge): data-confirm="question".
  document.addEventListener("submit", function (ev) {
    var b = ev.submitter;
    var q = (b && b.getAttribute("data-confirm")) || ev.target.getAttribute("data-confirm");
    if (q && !window.confirm(q)) ev.preventDefault();
  }, true);

  // Print buttons.
  document.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest("[data-print]")) {
      ev.preventDefault();
      window.print();
    }
  });
})();
