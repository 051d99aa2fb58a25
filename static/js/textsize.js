// Text size control. Loaded without `defer` in <head> so the saved size is set on
// <html> before the first paint (the CSP forbids inline scripts, so this is the
// earliest our code can run). The size is a data attribute that site.css maps to a
// root font size, so no inline style is needed either. Remembered in localStorage.
(function () {
  "use strict";
  var KEY = "text-size";
  var STEPS = ["87.5", "100", "112.5", "125", "150", "175", "200"];
  var DEFAULT = "100";
  var root = document.documentElement;

  function load() {
    try {
      var saved = window.localStorage.getItem(KEY);
      return STEPS.indexOf(saved) >= 0 ? saved : DEFAULT;
    } catch (error) {
      return DEFAULT; // storage blocked: the control still works for this page
    }
  }

  function save(size) {
    try {
      if (size === DEFAULT) window.localStorage.removeItem(KEY);
      else window.localStorage.setItem(KEY, size);
    } catch (error) {
      /* storage blocked or full: nothing to remember */
    }
  }

  function show(size) {
    var index = STEPS.indexOf(size);
    var value = document.querySelector("[data-text-size-value]");
    if (value) value.textContent = size + "%";
    var buttons = document.querySelectorAll("[data-text-size]");
    for (var i = 0; i < buttons.length; i++) {
      var action = buttons[i].getAttribute("data-text-size");
      var atEnd =
        (action === "down" && index === 0) ||
        (action === "up" && index === STEPS.length - 1) ||
        (action === "reset" && size === DEFAULT);
      // aria-disabled rather than disabled: the button keeps keyboard focus.
      buttons[i].setAttribute("aria-disabled", atEnd ? "true" : "false");
    }
  }

  function apply(size) {
    if (size === DEFAULT) root.removeAttribute("data-text-size");
    else root.setAttribute("data-text-size", size);
    if (document.readyState !== "loading") show(size);
  }

  root.classList.add("js");
  apply(load());
  document.addEventListener("DOMContentLoaded", function () {
    show(load());
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-text-size]");
    if (!button) return;
    var index = STEPS.indexOf(root.getAttribute("data-text-size") || DEFAULT);
    var action = button.getAttribute("data-text-size");
    if (action === "up") index = Math.min(index + 1, STEPS.length - 1);
    if (action === "down") index = Math.max(index - 1, 0);
    if (action === "reset") index = STEPS.indexOf(DEFAULT);
    save(STEPS[index]);
    apply(STEPS[index]);
  });

  // Another tab changed the size: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) apply(load());
  });
})();
