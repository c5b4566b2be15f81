// The deal board: cards dragged between stages with the mouse, or moved with the keyboard
// (] next stage, [ previous), and each card's "move to" form sent without leaving the page.
// Every move posts the card's version (If-Match); when someone else changed the deal first the
// server answers 412, the card stays where it was and the reader is told, in their language.
(function () {
  "use strict";
  var board = document.getElementById("deal-board");
  if (!board) return;
  var live = document.getElementById("board-live");
  var lang = board.dataset.lang || "en";
  var dragged = null;

  function columns() { return Array.prototype.slice.call(board.querySelectorAll(".board-column")); }
  function columnOf(card) { return card.closest(".board-column"); }
  function say(text, isError) {
    live.textContent = text;
    live.classList.toggle("error", !!isError);
  }

  function digits(text) {
    return lang === "fa" ? text.replace(/[0-9]/g, function (d) { return "۰۱۲۳۴۵۶۷۸۹"[+d]; }) : text;
  }
  function group(intText) {
    var sep = lang === "fa" ? "\u066C" : ",";
    return intText.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  }
  // The same writing of an amount as the server's (Money.formatted): grouping, decimal point,
  // digits of the language, Rials as Toman when chosen, then the unit.
  function money(minor) {
    var places = +board.dataset.places || 0, toman = board.dataset.toman === "1";
    var negative = minor < 0, mag = Math.abs(minor), whole, frac = "";
    if (toman) {
      whole = String(Math.floor(mag / 10));
      if (mag % 10 !== 0) frac = String(mag % 10);
    } else if (places > 0) {
      var s = String(mag);
      while (s.length <= places) s = "0" + s;
      whole = s.slice(0, -places); frac = s.slice(-places);
    } else {
      whole = String(mag);
    }
    var point = lang === "fa" ? "\u066B" : ".";
    return digits((negative ? "-" : "") + group(whole) + (frac ? point + frac : "")) + " " + board.dataset.unit;
  }

  function adjust(column, count, amount) {
    var c = column.querySelector(".board-count"), t = column.querySelector(".board-total");
    var n = (+c.dataset.count) + count, total = (+t.dataset.total) + amount;
    c.dataset.count = n; c.textContent = digits(String(n));
    t.dataset.total = total; t.textContent = money(total);
    var empty = column.querySelector(".board-empty");
    if (empty) empty.hidden = n > 0;
  }

  function setVersion(card, version) {
    card.dataset.version = version;
    var input = card.querySelector("input[name=version]");
    if (input) input.value = version;
  }

  function refreshMoves(card, stageId) {
    var select = card.querySelector("select[name=stageId]");
    if (!select) return;
    select.innerHTML = "";
    columns().forEach(function (col) {
      if (col.dataset.stage === stageId) return;
      var o = document.createElement("option");
      o.value = col.dataset.stage; o.dir = "auto";
      o.textContent = col.querySelector("h2 bdi").textContent;
      select.appendChild(o);
    });
  }

  // Moves `card` into `target` at once, then asks the server; puts it back if refused.
  function move(card, target) {
    var from = columnOf(card);
    if (!target || target === from || card.classList.contains("moving")) return;
    var list = target.querySelector(".board-cards"), before = card.nextElementSibling, amount = +card.dataset.amount || 0;
    list.insertBefore(card, list.firstElementChild);
    adjust(from, -1, -amount); adjust(target, 1, amount);
    card.classList.add("moving");
    card.focus();
    fetch("/api/v1/deals/" + card.dataset.deal + "/move", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "If-Match": '"' + card.dataset.version + '"', "X-CSRF-Token": board.dataset.csrf },
      body: JSON.stringify({ stageId: target.dataset.stage })
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) { return { status: response.status, body: body }; });
    }).then(function (answer) {
      card.classList.remove("moving");
      if (answer.status === 200) {
        setVersion(card, answer.body.version);
        refreshMoves(card, target.dataset.stage);
        say(board.dataset.tMoved + " " + target.querySelector("h2 bdi").textContent);
        return;
      }
      // Refused: the card goes back where it was, and the reader is told why.
      from.querySelector(".board-cards").insertBefore(card, before && before.parentNode ? before : null);
      adjust(target, -1, -amount); adjust(from, 1, amount);
      card.focus();
      if (answer.status === 412 || answer.status === 409) {
        say(board.dataset.tConflict, true);
      } else {
        var detail = answer.body && answer.body.errors && answer.body.errors[0] ? (answer.body.errors[0].message || answer.body.errors[0].reason) : (answer.body.title || answer.status);
        say(board.dataset.tFailed + " " + detail, true);
      }
    }).catch(function () {
      card.classList.remove("moving");
      from.querySelector(".board-cards").insertBefore(card, before && before.parentNode ? before : null);
      adjust(target, -1, -amount); adjust(from, 1, amount);
      say(board.dataset.tFailed, true);
    });
  }

  board.addEventListener("dragstart", function (e) {
    var card = e.target.closest && e.target.closest(".deal-card");
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", card.dataset.deal);
  });
  board.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    columns().forEach(function (c) { c.classList.remove("drop-target"); });
    dragged = null;
  });
  board.addEventListener("dragover", function (e) {
    var column = e.target.closest && e.target.closest(".board-column");
    if (!column || !dragged) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
    columns().forEach(function (c) { c.classList.toggle("drop-target", c === column); });
  });
  board.addEventListener("drop", function (e) {
    var column = e.target.closest && e.target.closest(".board-column");
    if (!column || !dragged) return;
    e.preventDefault();
    var card = dragged;
    column.classList.remove("drop-target");
    move(card, column);
  });

  // Touch (a phone has no HTML5 drag): a finger held still on a card for a moment picks it up —
  // a quick swipe still scrolls — then the card follows the finger across the columns (the board
  // scrolls when the finger nears its edge) and is put down in the column under it.
  var touch = null;
  function endTouch(cancelled) {
    if (!touch) return;
    clearTimeout(touch.timer);
    var t = touch;
    touch = null;
    if (!t.lifted) return;
    t.card.classList.remove("dragging");
    board.classList.remove("touch-dragging");
    dragged = null;
    columns().forEach(function (c) { c.classList.remove("drop-target"); });
    if (!cancelled && t.column) move(t.card, t.column);
  }
  board.addEventListener("touchstart", function (e) {
    var card = e.target.closest && e.target.closest(".deal-card");
    if (!card || e.touches.length !== 1 || e.target.closest("select, button, input, label, textarea")) return;
    var point = e.touches[0];
    touch = { card: card, x: point.clientX, y: point.clientY, lifted: false, column: null };
    touch.timer = setTimeout(function () {
      if (!touch) return;
      touch.lifted = true;
      dragged = card;
      card.classList.add("dragging");
      board.classList.add("touch-dragging");
      if (navigator.vibrate) navigator.vibrate(15);
    }, 350);
  }, { passive: true });
  board.addEventListener("touchmove", function (e) {
    if (!touch) return;
    var point = e.touches[0];
    if (!touch.lifted) {
      if (Math.abs(point.clientX - touch.x) > 10 || Math.abs(point.clientY - touch.y) > 10) { clearTimeout(touch.timer); touch = null; }
      return;
    }
    e.preventDefault();
    var edge = board.getBoundingClientRect();
    if (point.clientX < edge.left + 32) board.scrollLeft -= 16;
    else if (point.clientX > edge.right - 32) board.scrollLeft += 16;
    if (point.clientY < 48) window.scrollBy(0, -16);
    else if (point.clientY > window.innerHeight - 48) window.scrollBy(0, 16);
    var under = document.elementFromPoint(point.clientX, point.clientY);
    touch.column = under && under.closest ? under.closest(".board-column") : null;
    columns().forEach(function (c) { c.classList.toggle("drop-target", c === touch.column); });
  }, { passive: false });
  board.addEventListener("touchend", function (e) {
    if (touch && touch.lifted) e.preventDefault();
    endTouch(false);
  });
  board.addEventListener("touchcancel", function () { endTouch(true); });
  board.addEventListener("contextmenu", function (e) { if (touch) e.preventDefault(); });

  // Keyboard: ] and [ move the focused card to the next or previous stage (the stages' order,
  // whatever the writing direction); the card keeps the focus.
  board.addEventListener("keydown", function (e) {
    var card = e.target.classList && e.target.classList.contains("deal-card") ? e.target : null;
    if (!card || e.altKey || e.ctrlKey || e.metaKey) return;
    var all = columns(), i = all.indexOf(columnOf(card));
    if (e.key === "]" && i < all.length - 1) { e.preventDefault(); move(card, all[i + 1]); }
    else if (e.key === "[" && i > 0) { e.preventDefault(); move(card, all[i - 1]); }
  });

  // A card's "move to" form: the same move, without leaving the board.
  board.addEventListener("submit", function (e) {
    var form = e.target.closest && e.target.closest(".deal-card-move");
    if (!form) return;
    e.preventDefault();
    var card = form.closest(".deal-card"), stage = form.querySelector("select[name=stageId]").value;
    move(card, board.querySelector('.board-column[data-stage="' + stage + '"]'));
  });
})();
