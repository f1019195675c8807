// Offline search for alianse sites: loads this language's search index once
// (a manifest listing the index's parts, each a list of entries; all parts
// are fetched at once) and ranks pages as you type (title matches first,
// then headings, summary, body). Diacritics are folded, so "biedriba" finds
// "biedrība".
(function () {
  "use strict";

  function fold(text) {
    return String(text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function score(doc, terms) {
    var fields = [[doc.ft, 100], [doc.fh, 20], [doc.fs, 10], [doc.fb, 1]];
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var best = 0;
      for (var j = 0; j < fields.length; j++) {
        var text = fields[j][0];
        var at = text.indexOf(terms[i]);
        if (at >= 0) {
          var weight = fields[j][1];
          // A match at the start of a word counts double.
          if (at === 0 || /[^a-z0-9]/.test(text.charAt(at - 1))) weight *= 2;
          best = Math.max(best, weight);
        }
      }
      if (best === 0) return 0;
      total += best;
    }
    return total;
  }

  function search(docs, query) {
    var terms = fold(query).split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    return docs
      .map(function (d) { return { doc: d, score: score(d, terms) }; })
      .filter(function (r) { return r.score > 0; })
      .sort(function (a, b) { return b.score - a.score || a.doc.t.localeCompare(b.doc.t); })
      .map(function (r) { return r.doc; });
  }

  // kinds: the theme's names of generated entries ({report: "Report", ...}),
  // searched like headings, so that "report" finds every report.
  function prepare(docs, kinds) {
    kinds = kinds || {};
    return docs.map(function (d) {
      d.ft = fold(d.t); d.fh = fold((d.h || "") + " " + (kinds[d.k] || "")); d.fs = fold(d.s); d.fb = fold(d.b);
      return d;
    });
  }

  // The entries of the index whose manifest is at `url` (absolute), its
  // parts in the manifest's order; `getJson(url)` is a promise of the parsed
  // file. An index in one file (a list) is taken as it is.
  function load(url, getJson) {
    return getJson(url).then(function (index) {
      if (Array.isArray(index)) return index;
      var parts = (index && index.parts) || [];
      return Promise.all(parts.map(function (p) { return getJson(new URL(p, url).href); }))
        .then(function (lists) { return [].concat.apply([], lists); });
    });
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { fold: fold, search: search, prepare: prepare, load: load };
    return;
  }

  var input = document.getElementById("search-input");
  if (!input) return;
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var indexUrl = new URL(input.getAttribute("data-url"), document.baseURI);
  var docs = null;

  function label(n) {
    var key = n === 1 ? "data-one" : "data-many";
    if (document.documentElement.lang === "lv") {
      if (n % 10 === 0 || (n % 100 >= 11 && n % 100 <= 19)) key = "data-zero";
      else if (n % 10 === 1 && n % 100 !== 11) key = "data-one";
    }
    return input.getAttribute(key).replace(/\d+/, String(n));
  }

  function show() {
    if (!docs) return;
    var results = search(docs, input.value).slice(0, 50);
    list.textContent = "";
    results.forEach(function (d) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = new URL(d.u, indexUrl).href;
      a.textContent = d.t;
      li.appendChild(a);
      if (d.s) {
        var p = document.createElement("p");
        p.textContent = d.s;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    status.textContent = input.value.trim() ? (results.length ? label(results.length) : input.getAttribute("data-none")) : "";
  }

  function getJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  load(indexUrl.href, getJson)
    .then(function (data) {
      var kinds = {};
      ["member", "area", "report", "publication"].forEach(function (k) { kinds[k] = input.getAttribute("data-kind-" + k) || ""; });
      docs = prepare(data, kinds);
      var q = new URLSearchParams(location.search).get("q");
      if (q) input.value = q;
      show();
    })
    .catch(function () { /* the page list below still works */ });

  input.addEventListener("input", show);
  input.form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
})();
