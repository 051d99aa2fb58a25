// Text size control: scales the root font size in steps, remembered in localStorage.
(function () {
  "use strict";
  var KEY = "text-size";
  var STEPS = [87.5, 100, 112.5, 125, 150, 175, 200];
  var root = document.documentElement;

  function current() {
    var saved = parseFloat(localStorage.getItem(KEY));
    return STEPS.indexOf(saved) >= 0 ? saved : 100;
  }

  function apply(size) {
    root.style.fontSize = size === 100 ? "" : size + "%";
  }

  apply(current());

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-text-size]");
    if (!button) return;
    var index = STEPS.indexOf(current());
    var action = button.getAttribute("data-text-size");
    if (action === "up") index = Math.min(index + 1, STEPS.length - 1);
    if (action === "down") index = Math.max(index - 1, 0);
    if (action === "reset") index = STEPS.indexOf(100);
    localStorage.setItem(KEY, String(STEPS[index]));
    apply(STEPS[index]);
  });
})();
