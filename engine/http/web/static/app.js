// Stegvis: the little JavaScript the pages use. Everything works without it; it only
// draws process diagrams (Mermaid), asks before a phase move or an exit is recorded, and
// prints the sign-in letter.
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
  function printing() {
    document.querySelectorAll("button[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    drawDiagrams(); confirmations(); printing();
  });
})();
