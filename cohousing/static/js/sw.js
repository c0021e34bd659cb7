/* The house tablet's service worker: opens the app without a network. Own code, no build.
 *
 * Served at /tablet/sw.js (tablet/views/offline.py), which puts SETTINGS on the first line:
 * the versioned static files, the picker, today and lock URLs, and a version.
 *
 * Two caches. "shell-<version>": the static files and the picker (the faces of the house,
 * nobody's own data). "session": the signed-in resident's today screen, and nothing else;
 * it is dropped at the lock (even offline: the lock's POST passes through here), whenever
 * the picker comes from the network (nobody is signed in then), and on a page's message.
 * A lock made offline is kept and sent before the next page, once the server answers.
 * A page on another path, offline, gets the picker: the offline banner and the queue are
 * there (js/offline.js). Nothing is ever written here: queued taps are in IndexedDB.
 */
/* global SETTINGS */
"use strict";

var SHELL = "shell-" + SETTINGS.version;
var SESSION = "session";
var PENDING = "pending"; // a lock made offline, sent to the server when it answers again

function dropSession() {
  return caches.delete(SESSION);
}

function lockLater() {
  return caches.open(PENDING).then(function (cache) {
    return cache.put(SETTINGS.lock, new Response("1"));
  });
}

function sendPendingLock() {
  // Until the server hears of it, the resident's session is alive there (until it idles
  // out): the next page would open their day again.
  return caches.open(PENDING).then(function (cache) {
    return cache.match(SETTINGS.lock).then(function (pending) {
      if (!pending) return;
      return fetch(SETTINGS.token, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          return response.json();
        }).then(function (body) {
          return fetch(SETTINGS.lock, {
            method: "POST",
            credentials: "same-origin",
            headers: { "X-CSRFToken": body.csrf_token, "HX-Request": "true" },
          });
        }).then(function (response) {
          if (response.ok) return cache.delete(SETTINGS.lock);
        });
    });
  }).catch(function () {});
}

function keepPicker(cache) {
  return fetch(SETTINGS.picker, { credentials: "same-origin", redirect: "manual" }).then(
    function (response) {
      if (response.ok && response.type === "basic") return cache.put(SETTINGS.picker, response);
    }
  );
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) {
      return cache.addAll(SETTINGS.shell).then(function () {
        return keepPicker(cache).catch(function () {});
      });
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(
        names.filter(function (name) {
          return name !== SHELL && name !== SESSION && name !== PENDING;
        }).map(function (name) {
          return caches.delete(name);
        })
      );
    }).then(function () {
      return self.clients.claim();
    })
  );
});

self.addEventListener("message", function (event) {
  if (event.data === "drop-session") event.waitUntil(dropSession());
  if (event.data === "forget-all") {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () {
      return self.registration.unregister();
    }));
  }
});

function fromShell(request) {
  return caches.match(request, { cacheName: SHELL }).then(function (hit) {
    return hit || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(SHELL).then(function (cache) {
          cache.put(request, copy);
        });
      }
      return response;
    });
  });
}

function offlinePage(path) {
  var own = path === SETTINGS.today ? caches.match(SETTINGS.today, { cacheName: SESSION })
    : Promise.resolve(undefined);
  return own.then(function (hit) {
    return hit || caches.match(SETTINGS.picker, { cacheName: SHELL });
  }).then(function (hit) {
    return hit || new Response("", { status: 503, statusText: "Offline" });
  });
}

function navigate(request, path) {
  return sendPendingLock().then(function () {
    return fetch(request);
  }).then(function (response) {
    if (!response.ok || response.type !== "basic") return response;
    var copy = response.clone();
    if (path === SETTINGS.picker) {
      return dropSession().then(function () {
        return caches.open(SHELL);
      }).then(function (cache) {
        return cache.put(SETTINGS.picker, copy);
      }).then(function () {
        return response;
      });
    }
    if (path === SETTINGS.today) {
      return caches.open(SESSION).then(function (cache) {
        return cache.put(SETTINGS.today, copy);
      }).then(function () {
        return response;
      });
    }
    return response;
  }).catch(function () {
    return offlinePage(path);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === SETTINGS.lock) {
    // The lock drops the resident's copy first; offline, back to the faces all the same.
    event.respondWith(dropSession().then(function () {
      return fetch(request);
    }).catch(function () {
      return lockLater().then(function () {
        return Response.redirect(SETTINGS.picker, 303);
      });
    }));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.indexOf(SETTINGS.static) === 0) {
    event.respondWith(fromShell(request));
  } else if (request.mode === "navigate" && url.pathname.indexOf(SETTINGS.scope) === 0) {
    event.respondWith(navigate(request, url.pathname));
  }
});
