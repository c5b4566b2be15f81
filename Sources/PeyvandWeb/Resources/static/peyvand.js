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
// The order form: "add a line" adds a row here (without this file it asks the server for the form
// with one more line), each new row starting at the default VAT rate; the total with VAT is kept
// as lines are typed, from the typed unit price or the product's price on the default price list.
(function () {
  "use strict";
  var form = document.getElementById("order-form");
  if (!form) return;
  var body = form.querySelector("tbody");
  var lang = form.getAttribute("data-lang") === "fa" ? "fa-IR" : "en-US";
  var divisor = Number(form.getAttribute("data-divisor") || "1");
  var numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  function read(text) {
    // Persian and Arabic-Indic digits, ٫ and . as the point, ٬ , and spaces as grouping.
    var plain = String(text || "").replace(/[\u06F0-\u06F9]/g, function (d) { return d.charCodeAt(0) - 0x06F0; })
      .replace(/[\u0660-\u0669]/g, function (d) { return d.charCodeAt(0) - 0x0660; })
      .replace(/[\u066C,\s]/g, "").replace("\u066B", ".").replace("%", "").replace("\u066A", "");
    var n = Number(plain);
    return plain === "" || isNaN(n) ? null : n;
  }
  function field(row, name) { return row.querySelector("[name^='" + name + "']"); }
  function total() {
    var sum = 0, any = false;
    body.querySelectorAll("tr").forEach(function (row) {
      var quantity = read(field(row, "quantity").value);
      var select = field(row, "sku");
      var option = select && select.options[select.selectedIndex];
      var price = read(field(row, "unitPrice").value);
      if (price === null && option) price = read(option.getAttribute("data-price"));
      if (quantity === null || price === null) return;
      var discount = read(field(row, "discountPercent").value) || 0;
      var tax = read(field(row, "taxRate").value) || 0;
      sum += quantity * price * (1 - discount / 100) * (1 + tax / 100);
      any = true;
    });
    var out = document.getElementById("order-running-total");
    out.hidden = !any;
    document.getElementById("order-total-value").textContent = numbers.format(Math.round(sum / divisor * 100) / 100);
  }
  form.addEventListener("input", total);
  form.addEventListener("change", total);
  var add = document.getElementById("order-add-line");
  add.addEventListener("click", function (event) {
    event.preventDefault();
    var rows = body.querySelectorAll("tr");
    var last = rows[rows.length - 1];
    var next = last.cloneNode(true);
    var index = rows.length;
    next.querySelectorAll("[name], [id]").forEach(function (el) {
      if (el.name) el.name = el.name.replace(/\d+$/, String(index));
      if (el.id) el.id = el.id.replace(/\d+$/, String(index));
      if (el.tagName === "SELECT") el.selectedIndex = 0; else el.value = "";
      if (el.name && el.name.indexOf("taxRate") === 0) el.value = form.getAttribute("data-default-tax") || "";
    });
    next.querySelector("td").textContent = new Intl.NumberFormat(lang).format(index + 1);
    body.appendChild(next);
    var first = next.querySelector("select");
    if (first) first.focus();
  });
  total();
})();

// The screen-pop: every signed-in page listens to /events; a ringing call shows a pop-up with the
// caller's name and a link to their page (or "new customer" with the number filled in), in the
// page's language. With "open by itself" ticked (kept in this browser) the page opens at once.
(function () {
  "use strict";
  var box = document.getElementById("call-pop");
  if (!box || !window.EventSource) return;
  var fa = box.getAttribute("data-lang") === "fa";
  var name = document.getElementById("call-pop-name"), number = document.getElementById("call-pop-number");
  var state = document.getElementById("call-pop-state"), open = document.getElementById("call-pop-open");
  var auto = document.getElementById("call-pop-auto");
  var current = null;
  function t(key) { return box.getAttribute("data-t-" + key) || ""; }
  try { auto.checked = window.localStorage.getItem("peyvand.callAutoOpen") === "1"; } catch (e) { /* storage off */ }
  auto.addEventListener("change", function () {
    try { window.localStorage.setItem("peyvand.callAutoOpen", auto.checked ? "1" : "0"); } catch (e) { /* storage off */ }
  });
  document.getElementById("call-pop-close").addEventListener("click", function () { box.hidden = true; current = null; });
  function show(call) {
    state.textContent = t(call.state);
    name.textContent = call.customerName || (call.hidden ? t("hidden") : t("unknown"));
    number.textContent = fa ? call.numberFa : call.numberEn;
    open.hidden = !call.href;
    if (call.href) { open.href = call.href; open.textContent = call.customerId ? t("open") : t("new"); }
    box.setAttribute("data-call", call.callId);
    box.setAttribute("data-state", call.state);
    box.hidden = false;
  }
  var source = new EventSource(box.getAttribute("data-events"));
  source.addEventListener("open", function () { box.setAttribute("data-connected", "true"); });
  source.addEventListener("error", function () { box.setAttribute("data-connected", "false"); });
  source.addEventListener("call", function (event) {
    var call;
    try { call = JSON.parse(event.data); } catch (e) { return; }
    if (call.state === "ringing") {
      current = call.callId;
      show(call);
      if (auto.checked && call.customerId && call.href) window.location.assign(call.href);
    } else if (current === call.callId) {
      show(call);
    }
  });
  window.addEventListener("pagehide", function () { source.close(); });
})();
// SMS: a text box carrying data-sms-preview shows, as it is typed, how many characters and parts
// the SMS takes and what it costs, from POST /api/v1/sms/preview (the server's own rules), a
// moment after typing stops. With data-sms-kind it shows only while that select says "sms".
(function () {
  "use strict";
  var boxes = document.querySelectorAll("textarea[data-sms-preview]");
  var fa = document.documentElement.lang === "fa";
  function digits(n) {
    var s = String(n);
    return fa ? s.replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹".charAt(Number(d)); }) : s;
  }
  Array.prototype.forEach.call(boxes, function (box) {
    var out = document.getElementById(box.id + "-sms");
    var kindId = box.getAttribute("data-sms-kind");
    var kind = kindId ? document.getElementById(kindId) : null;
    var timer = null;
    var asked = 0;
    if (!out || !window.fetch) return;
    function update() {
      if ((kind && kind.value !== "sms") || box.value === "") { out.hidden = true; return; }
      var mine = ++asked;
      fetch("/api/v1/sms/preview", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: box.value })
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (p) {
        if (!p || mine !== asked) return;
        var text = box.getAttribute("data-sms-preview")
          .replace("{characters}", digits(p.characters)).replace("{parts}", digits(p.parts))
          .replace("{perPart}", digits(p.perPart)).replace("{cost}", p.costText || "");
        if (p.tooLong) text += " — " + box.getAttribute("data-sms-too-long");
        out.textContent = text;
        out.hidden = false;
      }).catch(function () { out.hidden = true; });
    }
    function later() { clearTimeout(timer); timer = setTimeout(update, 300); }
    box.addEventListener("input", later);
    if (kind) kind.addEventListener("change", later);
    update();
  });
})();
// A file input carrying data-max-bytes refuses, before the upload, files past that many bytes in
// all, with its data-too-large message (the server refuses them too, with the same words). Where
// the form offers its own picker (.file-pick-ui: a button and the chosen names in the page's
// language, not the browser's), the native control is hidden behind it; without this file the
// native control is the picker.
(function () {
  "use strict";
  function names(input) {
    var pick = input.parentNode.querySelector(".file-pick-names");
    if (!pick) return null;
    pick.textContent = "";
    pick.classList.remove("error");
    if (!input.files.length) { pick.textContent = pick.getAttribute("data-none") || ""; return pick; }
    for (var i = 0; i < input.files.length; i++) {
      if (i > 0) pick.appendChild(document.createTextNode(pick.getAttribute("data-separator") || ", "));
      var name = document.createElement("bdi");
      name.setAttribute("dir", "auto");
      name.textContent = input.files[i].name;
      pick.appendChild(name);
    }
    return pick;
  }
  document.querySelectorAll(".file-pick").forEach(function (field) {
    var input = field.querySelector("input[type=file]");
    var ui = field.querySelector(".file-pick-ui");
    if (!input || !ui) return;
    ui.hidden = false;
    input.classList.add("visually-hidden");
    input.tabIndex = -1;
    ui.querySelector("button").addEventListener("click", function () { input.click(); });
    names(input);
  });
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
    var pick = names(input);
    if (!input.hasAttribute("data-max-bytes")) return;
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    var total = 0;
    for (var i = 0; i < input.files.length; i++) total += input.files[i].size;
    var message = total > max ? (input.getAttribute("data-too-large") || "") : "";
    input.setCustomValidity(message);
    if (message && pick) { pick.textContent = message; pick.classList.add("error"); }
    else if (message) input.reportValidity();
  });
})();
