// Stegvis: the little JavaScript the pages use. Everything works without it; it only
// asks before an exit is recorded. (Process diagrams and the definition editor are
// the modules of static/bundle/, built from web-bundle/.)
(function () {
  "use strict";
  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { confirmations(); });
})();
