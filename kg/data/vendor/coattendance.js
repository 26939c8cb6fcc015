/* Co-attendance page (dashiji-kg): tooltips, legend, search and filters over pyvis/vis-network.
 *
 * Safety: every text that comes from a chronicle (names, pinyin, titles, event texts) is read
 * from the JSON data block and put into the page with textContent or as canvas labels; nothing
 * is ever parsed as HTML. Tooltips are DOM elements, which vis-network shows as they are.
 *
 * Globals kept from pyvis's template: nodes, edges (vis.DataSet) and network (vis.Network).
 */
var nodes, edges, network, kgData;

(function () {
  "use strict";

  var data = (kgData = JSON.parse(document.getElementById("kg-data").textContent));
  var MAX_LISTED_EVENTS = 12;
  var byId = {};
  var neighbours = {};
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    neighbours[n.id] = [];
  });
  data.edges.forEach(function (e) {
    neighbours[e.from].push([e.to, e.kg.weight]);
    neighbours[e.to].push([e.from, e.kg.weight]);
  });

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function count(n, one, many) {
    return Number(n).toLocaleString("en-US") + " " + (n === 1 ? one : many || one + "s");
  }

  function dateSpan(first, last) {
    if (!first) return "";
    return first === last ? first : first + " – " + last;
  }

  /* ---- tooltips and the details panel, built from elements ---- */

  function personCard(n) {
    var k = n.kg;
    var box = el("div", "kg-tip");
    var head = el("div", "kg-tip-name");
    head.appendChild(el("strong", null, n.label));
    if (k.pinyin) head.appendChild(el("span", "kg-tip-pinyin", k.pinyin));
    box.appendChild(head);
    if (k.titles.length) {
      var list = el("ul", "kg-tip-titles");
      k.titles.forEach(function (title) {
        list.appendChild(el("li", null, title));
      });
      box.appendChild(list);
    }
    box.appendChild(
      el("div", "kg-tip-counts", count(k.events, "event") + ": chaired " + k.chaired + " · led " + k.led +
        " · spoke " + k.spoke + " · attended " + k.attended)
    );
    box.appendChild(
      el("div", "kg-tip-meta", count(k.degree, "co-attendee") + " · betweenness " + k.betweenness.toFixed(3) +
        " · community " + k.community)
    );
    var span = dateSpan(k.first, k.last);
    if (span) box.appendChild(el("div", "kg-tip-meta", span));
    return box;
  }

  function eventList(events, limit) {
    var list = el("ul", "kg-tip-events");
    events.slice(0, limit).forEach(function (event) {
      var item = el("li");
      item.appendChild(el("span", "kg-tip-date", event[0] || "undated"));
      item.appendChild(document.createTextNode(event[1]));
      list.appendChild(item);
    });
    if (events.length > limit) list.appendChild(el("li", "kg-tip-more", "… and " + (events.length - limit) + " more"));
    return list;
  }

  function linkCard(e) {
    var box = el("div", "kg-tip");
    var head = el("div", "kg-tip-name");
    head.appendChild(el("strong", null, byId[e.from].label + " — " + byId[e.to].label));
    box.appendChild(head);
    box.appendChild(el("div", "kg-tip-counts", count(e.kg.weight, "shared event")));
    box.appendChild(eventList(e.kg.events, MAX_LISTED_EVENTS));
    return box;
  }

  function showDetails(id) {
    var panel = $("kg-details");
    panel.textContent = "";
    var n = byId[id];
    if (!n) {
      panel.appendChild(el("p", "kg-hint", "Click a person, or find one by name."));
      return;
    }
    panel.appendChild(personCard(n));
    var circle = neighbours[id].slice().sort(function (a, b) {
      return b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
    });
    if (!circle.length) return;
    panel.appendChild(el("h2", null, "Meets most often"));
    var list = el("ol");
    circle.slice(0, 15).forEach(function (pair) {
      var item = el("li");
      var button = el("button", null, byId[pair[0]].label);
      button.type = "button";
      button.addEventListener("click", function () {
        focusPerson(pair[0]);
      });
      item.appendChild(button);
      item.appendChild(document.createTextNode(" · " + count(pair[1], "event")));
      list.appendChild(item);
    });
    panel.appendChild(list);
  }

  /* ---- the network ---- */

  /* Tooltip elements start empty and are filled when first hovered (vis emits hoverNode /
     hoverEdge before it opens the popup) or, after the layout has settled, in idle batches:
     building thousands of them up front would slow the first drawing. */
  var edgeById = {};
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
  });
  var tips = { node: {}, edge: {} };
  var unfilled = [];
  function holder(kind, id) {
    var box = el("div", "kg-tip-holder");
    tips[kind][id] = box;
    unfilled.push([kind, id]);
    return box;
  }
  function fillTip(kind, id) {
    var box = tips[kind][id];
    if (box && !box.firstChild) box.appendChild(kind === "node" ? personCard(byId[id]) : linkCard(edgeById[id]));
  }
  function fillRemainingTips() {
    var batch = unfilled.splice(0, 300);
    batch.forEach(function (item) {
      fillTip(item[0], item[1]);
    });
    if (unfilled.length) setTimeout(fillRemainingTips, 0);
    else document.documentElement.setAttribute("data-tooltips", "ready");
  }

  nodes = new vis.DataSet(
    data.nodes.map(function (n) {
      return Object.assign({}, n, { title: holder("node", n.id) });
    })
  );
  edges = new vis.DataSet(
    data.edges.map(function (e) {
      return Object.assign({}, e, { title: holder("edge", e.id) });
    })
  );
  network = new vis.Network($("mynetwork"), { nodes: nodes, edges: edges }, data.options);

  var settled = false;
  function settle() {
    if (settled) return;
    settled = true;
    network.setOptions({ physics: { enabled: false } });
    $("kg-progress").hidden = true;
    window.kgSettledAt = performance.now();
    document.documentElement.setAttribute("data-settled", "true");
    setTimeout(fillRemainingTips, 0);
  }
  network.on("stabilizationProgress", function (params) {
    $("kg-progress-pct").textContent = Math.round((100 * params.iterations) / params.total) + "%";
  });
  network.once("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);
  if (!data.nodes.length) settle();

  network.on("hoverNode", function (params) {
    fillTip("node", params.node);
  });
  network.on("hoverEdge", function (params) {
    fillTip("edge", params.edge);
  });
  network.on("selectNode", function (params) {
    showDetails(params.nodes[0]);
  });
  network.on("deselectNode", function (params) {
    if (!params.nodes.length) showDetails(null);
  });

  /* ---- legend ---- */

  function legendItem(color, text, members) {
    var item = el("li");
    var swatch = el("span", "kg-swatch");
    swatch.style.backgroundColor = color;
    item.appendChild(swatch);
    item.appendChild(el("span", null, text));
    item.addEventListener("click", function () {
      var ids = members().filter(function (id) {
        return !nodes.get(id).hidden;
      });
      network.selectNodes(ids);
      if (ids.length) network.fit({ nodes: ids, animation: { duration: 300, easingFunction: "easeInOutQuad" } });
    });
    return item;
  }

  function membersOf(test) {
    return function () {
      return data.nodes.filter(test).map(function (n) {
        return n.id;
      });
    };
  }

  data.communities.forEach(function (c) {
    var text = c.number + " · " + count(c.size, "person", "people") + ": " + c.members.join("、");
    $("kg-legend").appendChild(
      legendItem(c.color, text, membersOf(function (n) { return n.kg.community === c.number; }))
    );
  });
  if (data.other) {
    var coloured = {};
    data.communities.forEach(function (c) {
      coloured[c.number] = true;
    });
    var text = "other " + count(data.other.communities, "community", "communities") + " · " +
      count(data.other.people, "person", "people");
    $("kg-legend").appendChild(
      legendItem(data.other.color, text, membersOf(function (n) { return !coloured[n.kg.community]; }))
    );
  }

  /* ---- search ---- */

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}]/gu, "");
  }

  var searchKeys = data.nodes.map(function (n) {
    return { id: n.id, names: [n.label, n.kg.simplified], pinyin: fold(n.kg.pinyin), events: n.kg.events };
  });

  /* Same rules as kg.network.find_people: exact, then prefix, then substring; pinyin folded. */
  function findPeople(query) {
    var text = query.trim();
    var folded = fold(text);
    if (!text) return [];
    var scored = [];
    searchKeys.forEach(function (k) {
      var score;
      if (k.id === text || k.names.indexOf(text) >= 0 || (folded && folded === k.pinyin)) score = 0;
      else if (k.names.some(function (s) { return s.indexOf(text) === 0; }) || (folded && k.pinyin.indexOf(folded) === 0)) score = 1;
      else if (k.names.some(function (s) { return s.indexOf(text) >= 0; }) || (folded && k.pinyin.indexOf(folded) >= 0)) score = 2;
      else return;
      scored.push([score, -k.events, k.id]);
    });
    scored.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
    });
    return scored.map(function (s) {
      return s[2];
    });
  }

  function focusPerson(id) {
    var n = nodes.get(id);
    network.selectNodes([id]);
    network.focus(id, {
      scale: Math.max(1.2, network.getScale()),
      animation: { duration: 300, easingFunction: "easeInOutQuad" },
    });
    showDetails(id);
    setStatus(n.hidden ? n.label + " is hidden by the filters" : "");
  }

  function search() {
    var query = $("kg-search").value;
    if (!query.trim()) return;
    var found = findPeople(query);
    if (found.length) focusPerson(found[0]);
    else setStatus("Nobody matches “" + query.trim() + "”");
  }

  var names = $("kg-names");
  data.nodes
    .slice()
    .sort(function (a, b) {
      return b.kg.events - a.kg.events || (a.id < b.id ? -1 : 1);
    })
    .forEach(function (n) {
      var option = document.createElement("option");
      option.value = n.label;
      option.label = n.kg.pinyin;
      names.appendChild(option);
    });
  $("kg-search").addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      search();
    }
  });
  $("kg-search").addEventListener("change", search);
  $("kg-find").addEventListener("click", search);

  /* ---- filters: minimum shared events and date range ---- */

  var statusNote = "";
  function setStatus(note) {
    statusNote = note;
    var shown = nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    var links = edges.get({ filter: function (e) { return !e.hidden; } }).length;
    $("kg-status").textContent =
      (note ? note + " · " : "") + count(shown, "person", "people") + ", " + count(links, "link") + " shown";
  }

  function inRange(date, from, to) {
    if (!from && !to) return true;
    if (!date) return false;
    return (!from || date >= from) && (!to || date <= to);
  }

  var hiddenNodes = {};
  var hiddenEdges = {};
  function applyFilters() {
    var min = Math.max(1, parseInt($("kg-min").value, 10) || 1);
    var from = $("kg-from").value;
    var to = $("kg-to").value;
    $("kg-min-value").textContent = String(min);
    var linked = {};
    var edgeChanges = [];
    data.edges.forEach(function (e) {
      var weight = e.kg.events.filter(function (event) {
        return inRange(event[0], from, to);
      }).length;
      var hide = weight < min;
      if (!hide) linked[e.from] = linked[e.to] = true;
      if (!!hiddenEdges[e.id] !== hide) edgeChanges.push({ id: e.id, hidden: hide });
      hiddenEdges[e.id] = hide;
    });
    var nodeChanges = [];
    data.nodes.forEach(function (n) {
      var active = n.kg.dates.some(function (date) {
        return inRange(date, from, to);
      }) || (!from && !to);
      var hide = !(linked[n.id] || (min <= 1 && active));
      if (!!hiddenNodes[n.id] !== hide) nodeChanges.push({ id: n.id, hidden: hide });
      hiddenNodes[n.id] = hide;
    });
    edges.update(edgeChanges);
    nodes.update(nodeChanges);
    setStatus("");
  }

  ["kg-min", "kg-from", "kg-to"].forEach(function (id) {
    $(id).addEventListener("input", applyFilters);
    $(id).addEventListener("change", applyFilters);
  });
  $("kg-reset").addEventListener("click", function () {
    $("kg-min").value = "1";
    $("kg-from").value = "";
    $("kg-to").value = "";
    $("kg-search").value = "";
    network.unselectAll();
    showDetails(null);
    applyFilters();
    network.fit();
  });

  setStatus(statusNote);
  window.kgFindPeople = findPeople;
})();
