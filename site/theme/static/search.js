// Client-side search for the search page. The index is fetched only on the first search, so
// reading the site never pays for it.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[name='q']");
  var results = document.querySelector(".search-results");
  var index = null;

  function normalise(text) {
    return (text || "").toLocaleLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function load() {
    if (index) {
      return Promise.resolve(index);
    }
    return fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (entries) {
      index = entries.map(function (e) {
        return { entry: e, title: normalise(e.t), body: normalise(e.d + " " + e.x) };
      });
      return index;
    });
  }

  function score(item, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var inTitle = item.title.indexOf(words[i]) !== -1;
      var inBody = item.body.indexOf(words[i]) !== -1;
      if (!inTitle && !inBody) {
        return 0;
      }
      total += inTitle ? 3 : 1;
    }
    return total;
  }

  function show(matches) {
    results.textContent = "";
    if (matches.length === 0) {
      var none = document.createElement("p");
      none.textContent = form.getAttribute("data-no-results");
      results.appendChild(none);
      return;
    }
    var list = document.createElement("ul");
    matches.forEach(function (m) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = m.entry.u;
      link.textContent = m.entry.t;
      item.appendChild(link);
      if (m.entry.d) {
        var description = document.createElement("p");
        description.textContent = m.entry.d;
        item.appendChild(description);
      }
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  function search(query) {
    var words = normalise(query).split(/\s+/).filter(Boolean);
    if (words.length === 0) {
      results.textContent = "";
      return;
    }
    load().then(function (items) {
      var matches = items
        .map(function (item) { return { entry: item.entry, score: score(item, words) }; })
        .filter(function (m) { return m.score > 0; })
        .sort(function (a, b) { return b.score - a.score; })
        .slice(0, 20);
      show(matches);
    }).catch(function () {
      results.textContent = form.getAttribute("data-unavailable");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search(input.value);
  });
  input.addEventListener("input", function () { search(input.value); });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
