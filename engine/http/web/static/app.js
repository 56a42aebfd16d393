// Stegvis: the little JavaScript the pages use. Everything works without it; it only
// asks before a phase move or an exit is recorded, and prints the sign-in letter.
// (Process diagrams and the definition editor are the modules of static/bundle/, built
// from web-bundle/.)
(function () {
  "use strict";
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
  document.addEventListener("DOMContentLoaded", function () { confirmations(); printing(); });
})();
