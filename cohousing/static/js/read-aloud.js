/* "Read aloud" on the tablet: the browser's own speech synthesis reads the screen, in the
   page's language (the household's, or the resident's own). No data leaves the tablet.
   The button stays hidden where the browser cannot speak. No inline script (strict CSP). */
(function () {
  "use strict";

  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return;

  // What to read: the visible words of the screen, not buttons' icons or hidden parts.
  function textOf(root) {
    var parts = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      var node = walker.currentNode;
      var el = node.parentElement;
      if (!el || el.closest("[hidden], [aria-hidden=true], script, style, .read-aloud")) continue;
      if (el.closest(".visually-hidden") === null && el.offsetParent === null) continue;
      var words = node.textContent.replace(/\s+/g, " ").trim();
      if (words) parts.push(words);
    }
    return parts.join(". ").replace(/([.!?:])\./g, "$1");
  }

  function voiceFor(lang) {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf(lang) === 0) return voices[i];
    }
    return null;
  }

  function setSpeaking(button, speaking) {
    var label = button.querySelector("span");
    if (!button.dataset.labelRead) button.dataset.labelRead = label.textContent;
    label.textContent = speaking ? button.dataset.labelStop : button.dataset.labelRead;
    button.setAttribute("aria-pressed", speaking ? "true" : "false");
  }

  function read(button) {
    if (synth.speaking) {
      synth.cancel();
      setSpeaking(button, false);
      return;
    }
    var root = document.querySelector(button.dataset.readAloud) || document.body;
    var lang = (document.documentElement.lang || "it").toLowerCase();
    var utterance = new window.SpeechSynthesisUtterance(textOf(root));
    utterance.lang = lang;
    var voice = voiceFor(lang);
    if (voice) utterance.voice = voice;
    utterance.rate = 0.9; // a little slower: for residents who read the language poorly
    utterance.onend = utterance.onerror = function () {
      setSpeaking(button, false);
    };
    setSpeaking(button, true);
    synth.speak(utterance);
  }

  function start() {
    var buttons = document.querySelectorAll("[data-read-aloud]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function (event) {
        read(event.currentTarget);
      });
    }
  }

  // Leaving the screen (or the auto-lock) stops the voice: the next resident hears nothing.
  window.addEventListener("pagehide", function () {
    synth.cancel();
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
