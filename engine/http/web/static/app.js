// Stegvis: the little JavaScript the pages use. Everything works without it; it only
// draws process diagrams (Mermaid) and asks before an exit is recorded.
(function () {
  "use strict";
  function drawDiagrams() {
    var diagrams = document.querySelectorAll("pre.mermaid");
    if (!diagrams.length || typeof window.mermaid === "undefined") { return; }
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "neutral",
                                fontFamily: "Noto Sans, DejaVu Sans, sans-serif" });
    window.mermaid.run({ nodes: diagrams });
  }
  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawDiagrams(); confirmations(); });
})();
