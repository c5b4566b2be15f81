// Peyvand — progressive enhancement only. Every page works without this file.
// Forms carrying data-confirm="message" ask for confirmation before submitting.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var message = form.getAttribute("data-confirm");
    // A submit button may carry its own data-confirm (e.g. "delete" next to "save").
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-confirm")) {
      message = submitter.getAttribute("data-confirm");
    }
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
// Buttons carrying data-print print the page (an invoice prints without navigation).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof Element && target.hasAttribute("data-print")) window.print();
  });
})();
// On a phone the navigation opens from the menu button and closes with its close button,
// Escape, or a chosen link. Without this file the button is a link to #main-nav.
(function () {
  "use strict";
  var toggle = document.getElementById("nav-toggle");
  var nav = document.getElementById("main-nav");
  if (!toggle || !nav) return;
  function set(open) {
    document.body.classList.toggle("nav-open", open);
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) { var first = nav.querySelector("a, button"); if (first) first.focus(); } else { toggle.focus(); }
  }
  toggle.addEventListener("click", function (event) {
    event.preventDefault();
    set(!document.body.classList.contains("nav-open"));
  });
  nav.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof Element && target.closest(".nav-close")) { event.preventDefault(); set(false); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && document.body.classList.contains("nav-open")) set(false);
  });
})();
