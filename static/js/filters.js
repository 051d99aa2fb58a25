// Live filtering for the listing. Without this script the filter form is a plain
// GET form with a submit button; with it, changing a filter fetches the same URL
// the form would load, swaps in its #results, and records the URL in the history,
// so the address stays shareable and Back/Forward work.
(function () {
  "use strict";
  if (!window.fetch || !window.history || !window.DOMParser || !window.CSS) return;

  var form, status, controller;

  function formUrl() {
    var url = new URL(form.getAttribute("action") || window.location.pathname, window.location.href);
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      // Empty fields mean "not given"; leaving them out keeps the URL short.
      if (typeof value === "string" && value.trim() !== "") params.append(name, value);
    });
    url.search = params.toString();
    return url;
  }

  // The polite live region the page carries (#results-status): regions inserted with new
  // content are not reliably announced, a region whose text changes is.
  function announce(text) {
    status = status || document.getElementById("results-status");
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  // With live filtering the count is always current, so the button can promise it.
  function labelButton(root) {
    var button = root.querySelector("button[data-live-label]");
    if (button) button.textContent = button.getAttribute("data-live-label");
  }

  // "Show N results" (the filter panel's sticky button on a phone): bring the results up.
  function reveal() {
    var results = document.getElementById("results");
    if (!results) return;
    var panel = form.closest("details");
    if (panel && window.matchMedia("(max-width: 60em)").matches) panel.open = false;
    results.setAttribute("tabindex", "-1");
    results.focus();
    results.scrollIntoView({ block: "start" });
  }

  // The control with focus in the old form, found again in the new one.
  function sameControl(element, root) {
    if (!element || !form.contains(element)) return null;
    if (element.id) return root.querySelector("#" + CSS.escape(element.id));
    if (!element.name) return null;
    var selector = '[name="' + CSS.escape(element.name) + '"]';
    if (element.type === "checkbox" || element.type === "radio") {
      selector += '[value="' + CSS.escape(element.value) + '"]';
    }
    return root.querySelector(selector);
  }

  function swap(doc) {
    var current = document.getElementById("results");
    var fresh = doc.getElementById("results");
    if (!current || !fresh) return false;
    var live = fresh.querySelector("[aria-live]");
    var message = live ? live.textContent.replace(/\s+/g, " ").trim() : "";
    // The visible count is a new node now; our own status region speaks instead.
    if (live) live.removeAttribute("aria-live");
    var focused = document.activeElement;
    var resultsHadFocus = current.contains(focused);
    current.replaceWith(document.importNode(fresh, true));

    // The form too: its facet counts changed, and a removed chip unticks a box.
    var freshForm = doc.getElementById("filters");
    if (freshForm) {
      var next = document.importNode(freshForm, true);
      var refocus = sameControl(focused, next);
      form.replaceWith(next);
      bind(next);
      if (refocus) refocus.focus({ preventScroll: true });
    }
    if (doc.title) document.title = doc.title;
    if (message) announce(message);
    if (resultsHadFocus) {
      // The focused link (a chip or a page link) is gone: continue from the results.
      var results = document.getElementById("results");
      results.setAttribute("tabindex", "-1");
      results.focus();
    }
    return true;
  }

  function load(url, options) {
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    var results = document.getElementById("results");
    if (results) results.setAttribute("aria-busy", "true");
    return fetch(url, {
      headers: { Accept: "text/html" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    })
      .then(function (response) {
        // A 400 (bad filter) or anything unexpected: let the browser show the page.
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        if (!swap(doc)) throw new Error("no #results");
        if (options.push) window.history.pushState({ filters: true }, "", url.toString());
        if (options.reveal) reveal();
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        window.location.assign(url.toString());
      });
  }

  function isListingLink(link) {
    if (!link || link.target || link.hasAttribute("download")) return false;
    var url = new URL(link.href, window.location.href);
    // In-page links (the error summary's links to fields) stay ordinary links.
    if (url.hash && url.search === window.location.search) return false;
    return url.origin === window.location.origin && url.pathname === window.location.pathname;
  }

  function bind(element) {
    form = element;
    labelButton(form);
    // "change" fires for a text field only on Enter or when it loses focus, not per key.
    form.addEventListener("change", function () {
      load(formUrl(), { push: true });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = formUrl();
      if (url.toString() === window.location.href) reveal();
      else load(url, { push: true, reveal: true });
    });
  }

  function init() {
    var element = document.getElementById("filters");
    if (!element || !document.getElementById("results")) return;
    bind(element);
    window.history.replaceState({ filters: true }, "", window.location.href);

    // Chips, sort and page links inside the results keep the page in place too.
    document.addEventListener("click", function (event) {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var link = event.target.closest && event.target.closest("#results a[href]");
      if (!isListingLink(link)) return;
      event.preventDefault();
      load(new URL(link.href, window.location.href), { push: true });
    });

    window.addEventListener("popstate", function (event) {
      if (!event.state || !event.state.filters) return;
      load(new URL(window.location.href), { push: false });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
