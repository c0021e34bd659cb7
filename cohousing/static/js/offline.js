/* The house tablet without a network: the banner, the queue of taps, and sending them.
 *
 * Offline (the browser says so, or the server does not answer) a calm banner says that what
 * is done is kept. On the faces, a tap opens a sheet: without a PIN (it needs the server)
 * the resident can only queue a check-in or "I need help". Each tap is kept in IndexedDB
 * with its own submission id and the moment it was made; when the server answers again it
 * is sent with its age in seconds, and the server records it once, dated when it was made.
 * "I need help" offline shows the emergency number at once: it may never arrive.
 * Registers the service worker (js/sw.js), and forgets everything on a tablet that is not
 * enrolled any more.
 */
(function () {
  "use strict";

  var DB_NAME = "cohousing-tablet";
  var STORE = "queue";
  var PROBE_EVERY_MS = 15000;
  var root = null;
  var offline = false;
  var sending = false;
  var again = false; // a flush asked for while one was running

  // --- IndexedDB: one store of queued taps, keyed by submission id ---------------------

  function openQueue() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  function withStore(mode, act) {
    return openQueue().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = act(tx.objectStore(STORE));
        tx.oncomplete = function () {
          db.close();
          resolve(result && "result" in result ? result.result : undefined);
        };
        tx.onerror = function () {
          db.close();
          reject(tx.error);
        };
      });
    });
  }

  function allQueued() {
    return withStore("readonly", function (store) {
      return store.getAll();
    });
  }

  function newSubmissionId() {
    var bytes = new Uint8Array(24);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes))
      .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function enqueue(kind, personId, personName, mood) {
    var item = {
      id: newSubmissionId(),
      kind: kind,
      person_id: personId,
      name: personName,
      mood: mood,
      made_ms: Date.now(),
    };
    return withStore("readwrite", function (store) {
      store.put(item);
    }).then(showQueue).then(flush);
  }

  function forget(id) {
    return withStore("readwrite", function (store) {
      store.delete(id);
    });
  }

  // --- what the screen shows ---------------------------------------------------------

  function words(name, values) {
    var text = root.getAttribute("data-" + name) || "";
    Object.keys(values).forEach(function (key) {
      text = text.split("{" + key + "}").join(values[key]);
    });
    return text;
  }

  function timeOf(ms) {
    return new Date(ms).toLocaleTimeString(document.documentElement.lang || undefined, {
      hour: "2-digit",
      minute: "2-digit",
    });
  }

  function showQueue() {
    return allQueued().then(function (items) {
      var list = document.getElementById("offline-queue");
      if (!list) return;
      list.textContent = "";
      items.sort(function (a, b) {
        return a.made_ms - b.made_ms;
      }).forEach(function (item) {
        var li = document.createElement("li");
        li.setAttribute("data-queued", item.kind);
        li.textContent = words(item.kind === "help" ? "waiting-help" : "waiting-checkin", {
          name: item.name || root.getAttribute("data-someone"),
          time: timeOf(item.made_ms),
        });
        list.appendChild(li);
      });
      list.closest("[data-queue-box]").hidden = items.length === 0;
    }).catch(function () {});
  }

  function setOffline(value) {
    offline = value;
    var banner = document.getElementById("offline-banner");
    if (banner) banner.hidden = !offline;
    document.documentElement.classList.toggle("is-offline", offline);
  }

  // --- sending: a fresh CSRF token, then each tap once ------------------------------------

  function token() {
    return fetch(root.getAttribute("data-token-url"), {
      credentials: "same-origin",
      cache: "no-store",
    }).then(function (response) {
      if (!response.ok) throw new Error("no token");
      return response.json();
    }).then(function (body) {
      return body.csrf_token;
    });
  }

  function send(item, csrf) {
    var body = new FormData();
    body.append("submission_id", item.id);
    body.append("age_seconds", String(Math.max(0, Math.round((Date.now() - item.made_ms) / 1000))));
    if (item.person_id) body.append("person_id", String(item.person_id));
    if (item.kind === "checkin") body.append("mood", String(item.mood));
    var url = root.getAttribute(item.kind === "help" ? "data-help-url" : "data-checkin-url");
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf },
      body: body,
    }).then(function (response) {
      // Recorded (201), recorded before (200) or refused for good (422): done with it.
      if (response.ok || response.status === 422) return forget(item.id);
    });
  }

  function flush() {
    // Asked again while sending (the Wi-Fi back while a try made offline still fails):
    // try once more after it, or what is queued waits for the next probe.
    if (sending) {
      again = true;
      return Promise.resolve();
    }
    sending = true;
    again = false;
    return token().then(function (csrf) {
      setOffline(false);
      return allQueued().then(function (items) {
        return items.reduce(function (chain, item) {
          return chain.then(function () {
            return send(item, csrf);
          });
        }, Promise.resolve());
      });
    }).catch(function () {
      setOffline(true);
    }).then(function () {
      sending = false;
      return again ? flush() : showQueue();
    });
  }

  // --- the sheet on the faces: check in or ask for help, without a PIN ------------------

  function sheet() {
    return document.getElementById("offline-sheet");
  }

  function showPart(dialog, part) {
    dialog.querySelectorAll("[data-part]").forEach(function (el) {
      el.hidden = el.getAttribute("data-part") !== part;
    });
  }

  function openSheet(personId, personName, part) {
    var dialog = sheet();
    if (!dialog) return false;
    dialog.setAttribute("data-person-id", personId || "");
    dialog.setAttribute("data-person-name", personName || "");
    dialog.querySelectorAll("[data-person-name-here]").forEach(function (el) {
      el.textContent = personName || root.getAttribute("data-someone");
    });
    showPart(dialog, part);
    if (!dialog.open) dialog.showModal();
    return true;
  }

  function sheetPerson() {
    var dialog = sheet();
    var id = parseInt(dialog.getAttribute("data-person-id"), 10);
    return { id: id || null, name: dialog.getAttribute("data-person-name") || "" };
  }

  function askHelpOffline(personId, personName) {
    enqueue("help", personId, personName, null);
    return openSheet(personId, personName, "help-kept");
  }

  document.addEventListener("click", function (event) {
    if (!root) return;
    var target = event.target.closest("a, button");
    if (!target) return;
    if (target.hasAttribute("data-offline-mood")) {
      var who = sheetPerson();
      enqueue("checkin", who.id, who.name, parseInt(target.getAttribute("data-offline-mood"), 10));
      showPart(sheet(), "checkin-kept");
      return;
    }
    if (target.hasAttribute("data-offline-help")) {
      var person = sheetPerson();
      askHelpOffline(person.id, person.name);
      return;
    }
    if (target.hasAttribute("data-offline-close")) {
      sheet().close();
      return;
    }
    if (!offline) return;
    if (target.matches("a.face[data-person-id]")) {
      var name = target.querySelector(".face-name");
      if (openSheet(target.getAttribute("data-person-id"), name ? name.textContent : "", "choose")) {
        event.preventDefault();
      }
    } else if (target.matches("a.help-now") && sheet()) {
      event.preventDefault();
      askHelpOffline(null, "");
    }
  });

  // --- start ---------------------------------------------------------------------------

  function forgetEverything() {
    // A tablet that is not enrolled any more keeps nothing of the house.
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("forget-all");
    }
    if (window.indexedDB) indexedDB.deleteDatabase(DB_NAME);
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("offline-root");
    if (!root) return;
    if (root.getAttribute("data-enrolled") !== "1") {
      forgetEverything();
      return;
    }
    if ("serviceWorker" in navigator) {
      navigator.serviceWorker.register(root.getAttribute("data-sw-url"), {
        scope: root.getAttribute("data-scope"),
      }).catch(function () {});
    }
    setOffline(!navigator.onLine);
    window.addEventListener("offline", function () {
      setOffline(true);
    });
    window.addEventListener("online", flush);
    showQueue().then(flush);
    setInterval(function () {
      if (offline || !document.getElementById("offline-queue").closest("[data-queue-box]").hidden) {
        flush();
      }
    }, PROBE_EVERY_MS);
  });
})();
