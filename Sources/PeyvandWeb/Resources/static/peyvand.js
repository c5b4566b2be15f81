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
