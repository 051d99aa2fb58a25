// The shortlist's Save buttons, enhanced. Without this script every Save is a plain form
// that POSTs to /shortlist/ and comes back to the page. With it, the buttons show what is
// saved (read from the shortlist_saved cookie, which the server writes beside its signed
// one) and save or remove without leaving the page. Pages stay the same for everyone.
(function () {
  "use strict";
  var COOKIE = "shortlist_saved";
  var SAVE = "Save";
  var SAVED = "Saved, remove";

  function savedSlugs() {
    var match = document.cookie.match(new RegExp("(?:^|; )" + COOKIE + "=([^;]*)"));
    if (!match) return [];
    return decodeURIComponent(match[1].replace(/^"|"$/g, "")).split(".").filter(Boolean);
  }

  function show(saved) {
    document.querySelectorAll("form.save-form").forEach(function (form) {
      var isSaved = saved.indexOf(form.dataset.slug) >= 0;
      form.elements.action.value = isSaved ? "remove" : "add";
      var button = form.querySelector("button");
      // The text node's value, not textContent: replacing the node would wake the
      // MutationObserver below, which calls this again, and again.
      button.querySelector(".save-label").firstChild.nodeValue = isSaved ? SAVED : SAVE;
      button.classList.toggle("is-saved", isSaved);
    });
  }

  function announce(text) {
    var status = document.getElementById("shortlist-status");
    if (!status) {
      status = document.createElement("p");
      status.id = "shortlist-status";
      status.className = "visually-hidden";
      status.setAttribute("role", "status");
      (document.querySelector("main") || document.body).appendChild(status);
    }
    status.textContent = text;
  }

  function submit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.save-form")) return;
    event.preventDefault();
    var adding = form.elements.action.value === "add";
    // Not form.action: the input named "action" shadows it.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (data) {
          show(data.saved);
          if (!response.ok) announce(data.message);
          else announce(adding ? "Saved to your shortlist." : "Removed from your shortlist.");
        });
      })
      .catch(function () {
        form.submit(); // the network or the server failed: do it the plain way
      });
  }

  document.addEventListener("submit", submit);
  document.addEventListener("DOMContentLoaded", function () {
    show(savedSlugs());
    // filters.js swaps in new result cards: mark those too.
    var main = document.querySelector("main");
    if (main && window.MutationObserver) {
      new MutationObserver(function () {
        show(savedSlugs());
      }).observe(main, { childList: true, subtree: true });
    }
  });
})();
