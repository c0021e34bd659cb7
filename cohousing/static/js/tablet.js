/* The shared tablet: the PIN keypad, and the auto-lock on resident pages. No framework. */
(function () {
  "use strict";

  var PIN_MAX = 6;
  var PROMPT_SECONDS = 10;
  var PING_EVERY_MS = 10000;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (e) {
      return "";
    }
  }

  // --- the keypad: on-screen keys and a physical keyboard type into the PIN field ------

  function pinInput() {
    return document.querySelector("[data-keypad] input[name=pin]");
  }

  function typeKey(key) {
    var input = pinInput();
    if (!input) return;
    if (key === "delete") {
      input.value = input.value.slice(0, -1);
    } else if (input.value.length < PIN_MAX) {
      input.value += key;
    }
  }

  function quietSoftKeyboard() {
    // On a touch screen the big keys are the keyboard: do not pop up the system one too.
    var input = pinInput();
    if (input && window.matchMedia && window.matchMedia("(pointer: coarse)").matches) {
      input.setAttribute("inputmode", "none");
      input.readOnly = true;
      input.blur();
    }
  }

  document.addEventListener("click", function (event) {
    var key = event.target.closest("[data-key]");
    if (key && key.closest("[data-keypad]")) typeKey(key.getAttribute("data-key"));
  });

  document.addEventListener("keydown", function (event) {
    var input = pinInput();
    if (!input || event.target === input || event.ctrlKey || event.metaKey || event.altKey) return;
    if (/^[0-9]$/.test(event.key)) {
      typeKey(event.key);
      event.preventDefault();
    } else if (event.key === "Backspace") {
      typeKey("delete");
      event.preventDefault();
    } else if (event.key === "Enter" && !event.target.closest("button, a")) {
      input.form.requestSubmit();
      event.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", quietSoftKeyboard);
  document.addEventListener("htmx:afterSwap", quietSoftKeyboard);

  // --- auto-lock: "Still there?" after idle - 10 s, then back to the faces -------------

  function startAutoLock(root) {
    var idle = Math.max(parseInt(root.getAttribute("data-idle-seconds"), 10) || 60, 20);
    var dialog = document.getElementById("still-there");
    var countdown = dialog.querySelector("[data-countdown]");
    var lastActivity = Date.now();
    var lastPing = Date.now();
    var locking = false;

    function lockNow() {
      if (locking) return;
      locking = true;
      var form = document.getElementById("lock-form");
      if (form) form.submit();
      else window.location.href = root.getAttribute("data-picker-url");
    }

    function ping() {
      lastPing = Date.now();
      fetch(root.getAttribute("data-awake-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
      }).then(function (response) {
        var away = response.headers.get("HX-Redirect");
        if (away) window.location.href = away; // the server already locked this session
      }).catch(function () {});
    }

    function activity() {
      if (dialog.open || locking) return; // only "Yes, I'm here" answers the prompt
      lastActivity = Date.now();
      if (lastActivity - lastPing > PING_EVERY_MS) ping();
    }

    function stillHere() {
      if (dialog.open) dialog.close();
      lastActivity = Date.now();
      ping();
    }

    function watch() {
      var idleFor = (Date.now() - lastActivity) / 1000;
      if (idleFor >= idle) {
        lockNow();
      } else if (idleFor >= idle - PROMPT_SECONDS) {
        countdown.textContent = String(Math.ceil(idle - idleFor));
        if (!dialog.open) dialog.showModal();
      }
    }

    dialog.querySelector("[data-awake]").addEventListener("click", stillHere);
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault(); // Escape also means "I'm here"
      stillHere();
    });
    ["pointerdown", "keydown", "wheel", "touchstart", "scroll"].forEach(function (name) {
      document.addEventListener(name, activity, { capture: true, passive: true });
    });
    document.addEventListener("htmx:afterRequest", function () {
      lastPing = Date.now(); // the server saw us
    });
    document.addEventListener("visibilitychange", watch); // a sleeping screen wakes locked
    setInterval(watch, 1000);
  }

  // --- the keypad left open: back to the faces after the idle time, nobody is signed in --

  function startAutoReturn(root) {
    var idle = Math.max(parseInt(root.getAttribute("data-idle-seconds"), 10) || 60, 20);
    var lastActivity = Date.now();
    ["pointerdown", "keydown", "touchstart"].forEach(function (name) {
      document.addEventListener(name, function () {
        lastActivity = Date.now();
      }, { capture: true, passive: true });
    });
    setInterval(function () {
      if (Date.now() - lastActivity >= idle * 1000) {
        window.location.href = root.getAttribute("data-picker-url");
      }
    }, 1000);
  }

  // --- the faces screen wakes: a fresh page every few minutes brings the reminders -------

  function startPickerRefresh(root) {
    var seconds = Math.max(parseInt(root.getAttribute("data-refresh-seconds"), 10) || 300, 60);
    setInterval(function () {
      if (navigator.onLine && !document.querySelector("dialog[open]")) window.location.reload();
    }, seconds * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var refreshRoot = document.getElementById("picker-refresh");
    if (refreshRoot) startPickerRefresh(refreshRoot);
    var lockRoot = document.getElementById("autolock");
    if (lockRoot) startAutoLock(lockRoot);
    var returnRoot = document.getElementById("autoreturn");
    if (returnRoot) startAutoReturn(returnRoot);
  });
})();
