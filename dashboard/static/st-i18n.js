/* Bản đồ PCCC: Streamlit's own texts (file uploader, multiselect placeholders, dataframe
   toolbar, sidebar buttons, dialogs) in the reader's language. Streamlit has no translation
   of its own; this script, run in the app's document, replaces each English text node and
   each placeholder / aria-label / title attribute found in a table, and keeps doing so for
   what React renders later (a MutationObserver). Originals are remembered, so switching
   back to English restores Streamlit's texts. The table comes from dashboard/texts.py:

     window.pcccI18nConfig = {lang: "vi", exact: {english: vietnamese},
                              patterns: [[regex source, replacement], …]}

   Material icon ligatures ("upload", "keyboard_arrow_right") are never touched, nor the
   app's own content (only whole texts matching the table change). */
(function () {
  "use strict";
  var ATTRS = ["placeholder", "aria-label", "title"];
  var SKIP = "[data-testid='stIconMaterial'], script, style, textarea, code, pre";
  var root = window;
  var state = root.pcccI18n;
  if (!state) {
    state = root.pcccI18n = {
      config: null,
      texts: new Map(), // text node -> [original, translated]
      attrs: new Map(), // element -> {attr: [original, translated]}
      observer: null
    };
  }
  state.config = root.pcccI18nConfig || { lang: "en", exact: {}, patterns: [] };
  state.patterns = (state.config.patterns || []).map(function (p) {
    return [new RegExp(p[0]), p[1]];
  });

  function translate(text) {
    if (!text) return null;
    var trimmed = text.trim();
    if (!trimmed) return null;
    var exact = state.config.exact[trimmed];
    if (exact !== undefined) return text.replace(trimmed, exact);
    for (var i = 0; i < state.patterns.length; i++) {
      var re = state.patterns[i][0];
      if (re.test(trimmed)) return text.replace(trimmed, trimmed.replace(re, state.patterns[i][1]));
    }
    return null;
  }

  function skipped(el) {
    return !el || (el.closest && el.closest(SKIP));
  }

  function doText(node) {
    var seen = state.texts.get(node);
    if (seen && node.nodeValue === seen[1]) return; // already ours
    if (skipped(node.parentElement)) return;
    var out = translate(node.nodeValue);
    if (out === null || out === node.nodeValue) return;
    state.texts.set(node, [node.nodeValue, out]);
    node.nodeValue = out;
  }

  function doAttrs(el) {
    if (el.closest && el.closest("script, style")) return;
    for (var i = 0; i < ATTRS.length; i++) {
      var name = ATTRS[i];
      var value = el.getAttribute(name);
      if (value === null) continue;
      var mine = state.attrs.get(el) || {};
      if (mine[name] && mine[name][1] === value) continue;
      var out = translate(value);
      if (out === null || out === value) continue;
      mine[name] = [value, out];
      state.attrs.set(el, mine);
      el.setAttribute(name, out);
    }
  }

  function walk(node) {
    if (node.nodeType === 3) {
      doText(node);
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 11) return;
    if (node.nodeType === 1) {
      if (node.matches && node.matches(SKIP)) return;
      doAttrs(node);
    }
    var walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    var n = walker.nextNode();
    while (n) {
      if (n.nodeType === 3) doText(n);
      else doAttrs(n);
      n = walker.nextNode();
    }
  }

  function restore() {
    state.texts.forEach(function (pair, node) {
      if (node.isConnected && node.nodeValue === pair[1]) node.nodeValue = pair[0];
    });
    state.attrs.forEach(function (mine, el) {
      Object.keys(mine).forEach(function (name) {
        if (el.isConnected && el.getAttribute(name) === mine[name][1]) {
          el.setAttribute(name, mine[name][0]);
        }
      });
    });
    state.texts = new Map();
    state.attrs = new Map();
  }

  function prune() {
    // Forget nodes React has thrown away, so a long session does not keep them alive.
    state.texts.forEach(function (pair, node) {
      if (!node.isConnected) state.texts.delete(node);
    });
    state.attrs.forEach(function (mine, el) {
      if (!el.isConnected) state.attrs.delete(el);
    });
  }

  function onMutations(records) {
    if (state.texts.size + state.attrs.size > 4000) prune();
    for (var i = 0; i < records.length; i++) {
      var r = records[i];
      if (r.type === "characterData") doText(r.target);
      else if (r.type === "attributes") doAttrs(r.target);
      else for (var j = 0; j < r.addedNodes.length; j++) walk(r.addedNodes[j]);
    }
  }

  if (state.observer) {
    state.observer.disconnect();
    state.observer = null;
  }
  if (state.config.lang === "en") {
    restore();
  } else {
    walk(document.body);
    state.observer = new MutationObserver(onMutations);
    state.observer.observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ATTRS
    });
  }
  if (!document.getElementById("pccc-i18n-style")) {
    // The element holding this script takes no room in the sidebar.
    var style = document.createElement("style");
    style.id = "pccc-i18n-style";
    style.textContent = '[data-testid="stElementContainer"]:has(script[data-pccc-i18n]) ' +
      "{ display: none; }";
    document.head.appendChild(style);
  }
  document.documentElement.setAttribute("data-pccc-i18n", state.config.lang);
})();
