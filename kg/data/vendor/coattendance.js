/* Co-attendance page (dashiji-kg): tooltips, legend, search, filters, colours, a person's circle and
 * the pair panel over pyvis/vis-network. The timeline, the map and the exports are in
 * coattendance-views.js, inlined after this file in the same script.
 *
 * Safety: every text that comes from a chronicle (names, pinyin, titles, event texts, document
 * titles) is read from the JSON data block and put into the page with textContent or as canvas
 * text; nothing is ever parsed as HTML. Tooltips are DOM elements, which vis-network shows as they
 * are. A source link gets its address only when it starts with http:// or https://.
 *
 * Globals kept from pyvis's template: nodes, edges (vis.DataSet) and network (vis.Network).
 * kgPage holds what the views script needs: the data, the filters' state and the helpers.
 */
var nodes, edges, network, kgData, kgPage;

(function () {
  "use strict";

  var data = (kgData = JSON.parse(document.getElementById("kg-data").textContent));
  var views = data.views || { events: {}, docs: {}, places: [], roles: {}, chars: {} };
  var hasViews = !!data.views;
  var MAX_LISTED_EVENTS = 12;
  var PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
                 "#b07aa1", "#ff9da7", "#9c755f", "#17becf", "#bcbd22", "#8c6d31"];
  var OTHER = "#b8b8b8";
  var ROLE_NAMES = { chair: "chaired", lead: "led", speaker: "spoke", attendee: "attended" };
  var ROLE_ORDER = ["chair", "lead", "speaker", "attendee"];
  var byId = {};
  var neighbours = {};
  data.nodes.forEach(function (n) {
    byId[n.id] = n;
    neighbours[n.id] = [];
    n.communityColor = n.color;
  });
  data.edges.forEach(function (e) {
    neighbours[e.from].push([e.to, e.kg.weight, e.id]);
    neighbours[e.to].push([e.from, e.kg.weight, e.id]);
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

  function button(text, onClick, className) {
    var b = el("button", className || null, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function count(n, one, many) {
    return Number(n).toLocaleString("en-US") + " " + (n === 1 ? one : many || one + "s");
  }

  function dateSpan(first, last) {
    if (!first) return "";
    return first === last ? first : first + " – " + last;
  }

  function safeUrl(url) {
    return /^https?:\/\/[^\s"'<>]+$/i.test(url || "") ? url : "";
  }

  /* ---- each link's shared events, from the people's roles (events by key) ---- */

  var edgeById = {};
  data.edges.forEach(function (e) {
    edgeById[e.id] = e;
    var a = views.roles[e.from] || {};
    var b = views.roles[e.to] || {};
    e.shared = Object.keys(a).filter(function (key) {
      return Object.prototype.hasOwnProperty.call(b, key);
    }).sort(byEventDate);
  });

  function byEventDate(x, y) {
    var a = views.events[x] || {};
    var b = views.events[y] || {};
    var da = a.date || "9999", db = b.date || "9999";
    return da < db ? -1 : da > db ? 1 : x < y ? -1 : x > y ? 1 : 0;
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
        " · community " + k.community + (k.city ? " · " + k.city : ""))
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
    box.appendChild(el("div", "kg-tip-counts", count(e.kg.weight, "shared event") + " · click for the full texts"));
    box.appendChild(eventList(e.kg.events, MAX_LISTED_EVENTS));
    return box;
  }

  /* One event, in full: date, document, roles of the given people, the entry text, the source. */
  function eventItem(key, people) {
    var event = views.events[key];
    var item = el("li");
    item.setAttribute("data-event", key);
    var doc = views.docs[event.doc] || {};
    var head = el("div", "kg-event-head");
    head.appendChild(el("span", "kg-tip-date", dateSpan(event.date, event.end || event.date) || "undated"));
    head.appendChild(document.createTextNode((doc.title || event.doc) + (doc.city ? " · " + doc.city : "") +
      (event.types.length ? " · " + event.types.join(", ") : "")));
    item.appendChild(head);
    if (people.length) {
      item.appendChild(el("div", "kg-event-roles", people.map(function (id) {
        var role = (views.roles[id] || {})[key];
        return byId[id].label + ": " + (role || "—");
      }).join(" · ")));
    }
    item.appendChild(el("p", "kg-event-text", event.text));
    var url = safeUrl(doc.url);
    if (url) {
      var link = el("a", "kg-event-source", "source");
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      item.appendChild(link);
    }
    return item;
  }

  function showPair(a, b) {
    var panel = $("kg-details");
    panel.textContent = "";
    var id = pairEdge(a, b);
    var e = edgeById[id];
    var box = el("div", "kg-tip kg-pair");
    box.appendChild(el("div", "kg-tip-name")).appendChild(el("strong", null, byId[a].label + " — " + byId[b].label));
    if (!e) {
      box.appendChild(el("p", "kg-hint", "They attended no event together."));
      panel.appendChild(box);
      return;
    }
    box.appendChild(el("div", "kg-tip-counts", count(e.kg.weight, "shared event")));
    if (hasViews) {
      var list = el("ol", "kg-pair-events");
      e.shared.forEach(function (key) {
        if (views.events[key]) list.appendChild(eventItem(key, [a, b]));
      });
      box.appendChild(list);
    } else {
      box.appendChild(eventList(e.kg.events, e.kg.events.length));
    }
    panel.appendChild(box);
    var back = button("Back to " + byId[a].label, function () {
      showDetails(a);
    }, "kg-action");
    panel.appendChild(back);
    network.selectNodes([a, b]);
    page.selection = [a, b];
    page.changed();
  }

  function pairEdge(a, b) {
    var found = null;
    neighbours[a].forEach(function (pair) {
      if (pair[0] === b) found = pair[2];
    });
    return found;
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
    var circle = el("div", "kg-circle");
    if (page.circle === id) {
      circle.appendChild(button("Show everyone", function () {
        setCircle(null);
      }));
    } else {
      circle.appendChild(button("Show only this circle", function () {
        setCircle(id);
      }));
    }
    panel.appendChild(circle);
    var met = neighbours[id].slice().sort(function (a, b) {
      return b[1] - a[1] || (a[0] < b[0] ? -1 : 1);
    });
    if (!met.length) return;
    panel.appendChild(el("h2", null, "Meets most often"));
    var list = el("ol");
    met.slice(0, 15).forEach(function (pair) {
      var item = el("li");
      item.appendChild(button(byId[pair[0]].label, function () {
        focusPerson(pair[0]);
      }));
      item.appendChild(document.createTextNode(" · "));
      item.appendChild(button(count(pair[1], "event"), function () {
        showPair(id, pair[0]);
      }, "kg-pair-open"));
      list.appendChild(item);
    });
    panel.appendChild(list);
  }

  /* ---- the network ---- */

  /* Tooltip elements start empty and are filled when first hovered (vis emits hoverNode /
     hoverEdge before it opens the popup) or, after the layout has settled, in idle batches:
     building thousands of them up front would slow the first drawing. */
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
      var copy = Object.assign({}, n, { title: holder("node", n.id) });
      delete copy.communityColor;
      return copy;
    })
  );
  edges = new vis.DataSet(
    data.edges.map(function (e) {
      var copy = Object.assign({}, e, { title: holder("edge", e.id) });
      delete copy.shared;
      return copy;
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
    page.selection = params.nodes.slice();
    if (params.nodes.length === 2) showPair(params.nodes[0], params.nodes[1]);
    else showDetails(params.nodes[params.nodes.length - 1]);
    page.changed();
  });
  network.on("selectEdge", function (params) {
    if (params.nodes.length || params.edges.length !== 1) return;
    var e = edgeById[params.edges[0]];
    if (e) showPair(e.from, e.to);
  });
  network.on("deselectNode", function (params) {
    if (!params.nodes.length) {
      page.selection = [];
      showDetails(null);
      page.changed();
    }
  });

  /* ---- what a person is, for colours: city, main document, main role, main event type ---- */

  function mostFrequent(values, order) {
    var counts = {};
    values.forEach(function (v) {
      counts[v] = (counts[v] || 0) + 1;
    });
    var best = "";
    Object.keys(counts).forEach(function (v) {
      var better = !best || counts[v] > counts[best] ||
        (counts[v] === counts[best] && (order ? order.indexOf(v) < order.indexOf(best) : v < best));
      if (better) best = v;
    });
    return best;
  }

  var category = {};
  data.nodes.forEach(function (n) {
    var roles = views.roles[n.id] || {};
    var keys = Object.keys(roles);
    var types = [];
    keys.forEach(function (key) {
      if (views.events[key]) types = types.concat(views.events[key].types);
    });
    category[n.id] = {
      community: String(n.kg.community),
      city: n.kg.city || "",
      doc: mostFrequent(keys.map(function (key) { return (views.events[key] || {}).doc || ""; })),
      role: mostFrequent(keys.map(function (key) { return roles[key]; }), ROLE_ORDER),
      type: mostFrequent(types),
    };
  });

  function docLabel(id) {
    var doc = views.docs[id];
    return doc ? id + (doc.title && doc.title !== id ? " (" + doc.title + ")" : "") : id;
  }

  /* ---- legend: communities, or the values of the chosen colouring ---- */

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
      page.selection = ids;
      if (ids.length) network.fit({ nodes: ids, animation: { duration: 300, easingFunction: "easeInOutQuad" } });
      page.changed();
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

  function communityLegend() {
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
  }

  var LEGEND_TITLES = { community: "Communities", city: "Cities", doc: "Documents", role: "Main role",
                        type: "Main event type" };

  function colourBy(kind) {
    $("kg-legend").textContent = "";
    $("kg-legend-title").textContent = LEGEND_TITLES[kind] || "Communities";
    if (kind === "community") {
      nodes.update(data.nodes.map(function (n) { return { id: n.id, color: n.communityColor }; }));
      communityLegend();
      return;
    }
    var sizes = {};
    data.nodes.forEach(function (n) {
      var value = category[n.id][kind];
      sizes[value] = (sizes[value] || 0) + 1;
    });
    var values = Object.keys(sizes).sort(function (a, b) {
      return sizes[b] - sizes[a] || (a < b ? -1 : 1);
    });
    var colours = {};
    values.slice(0, PALETTE.length).forEach(function (value, i) {
      colours[value] = PALETTE[i];
    });
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, color: colours[category[n.id][kind]] || OTHER };
    }));
    values.forEach(function (value) {
      var label = value === "" ? "unknown" : kind === "doc" ? docLabel(value) :
        kind === "role" ? ROLE_NAMES[value] || value : value;
      $("kg-legend").appendChild(legendItem(colours[value] || OTHER, label + " · " + count(sizes[value], "person", "people"),
        membersOf(function (n) { return category[n.id][kind] === value; })));
    });
  }

  communityLegend();
  $("kg-colour").addEventListener("change", function () {
    colourBy($("kg-colour").value);
  });

  /* ---- search: Chinese in either script, pinyin, or a post ---- */

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}]/gu, "");
  }

  function simplified(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      out += Object.prototype.hasOwnProperty.call(views.chars, c) ? views.chars[c] : c;
    }
    return out;
  }

  var searchKeys = data.nodes.map(function (n) {
    return { id: n.id, names: [n.label, n.kg.simplified, simplified(n.label)], pinyin: fold(n.kg.pinyin),
             titles: n.kg.titles.map(simplified), events: n.kg.events };
  });

  /* The rules of kg.network.find_people (exact, then prefix, then substring; pinyin folded),
     with the query read in either script, and then posts (a title that contains the query). */
  function findPeople(query) {
    var text = simplified(query.trim());
    var folded = fold(text);
    if (!text) return [];
    var scored = [];
    searchKeys.forEach(function (k) {
      var score;
      if (k.id === text || k.names.indexOf(text) >= 0 || (folded && folded === k.pinyin)) score = 0;
      else if (k.names.some(function (s) { return s.indexOf(text) === 0; }) || (folded && k.pinyin.indexOf(folded) === 0)) score = 1;
      else if (k.names.some(function (s) { return s.indexOf(text) >= 0; }) || (folded && k.pinyin.indexOf(folded) >= 0)) score = 2;
      else if (k.titles.some(function (t) { return t.indexOf(text) >= 0; })) score = 3;
      else return;
      scored.push([score, -k.events, k.id]);
    });
    scored.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
    });
    window.kgLastScores = scored;
    return scored.map(function (s) {
      return s[2];
    });
  }

  function focusPerson(id) {
    var n = nodes.get(id);
    network.selectNodes([id]);
    page.selection = [id];
    network.focus(id, {
      scale: Math.max(1.2, network.getScale()),
      animation: { duration: 300, easingFunction: "easeInOutQuad" },
    });
    showDetails(id);
    setStatus(n.hidden ? n.label + " is hidden by the filters" : "");
    page.changed();
  }

  var lastQuery = "";
  function search() {
    var query = (lastQuery = $("kg-search").value);
    if (!query.trim()) return;
    var found = findPeople(query);
    if (!found.length) {
      setStatus("Nobody matches “" + query.trim() + "”");
      return;
    }
    var byPost = window.kgLastScores[0][0] === 3;
    if (!byPost || found.length === 1) {
      focusPerson(found[0]);
      return;
    }
    network.selectNodes(found);
    page.selection = found.slice();
    var shown = found.filter(function (id) { return !nodes.get(id).hidden; });
    if (shown.length) network.fit({ nodes: shown, animation: false });
    showDetails(found[0]);
    setStatus(count(found.length, "person", "people") + " with “" + query.trim() + "” in a title");
    page.changed();
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
  /* "change" also fires when the box loses focus: search again only for a new query. */
  $("kg-search").addEventListener("change", function () {
    if ($("kg-search").value !== lastQuery) search();
  });
  $("kg-find").addEventListener("click", search);

  /* ---- filters: shared events, dates, city, document, role, event type; a person's circle ---- */

  function fillSelect(id, values, label) {
    var select = $(id);
    values.forEach(function (value) {
      var option = el("option", null, label ? label(value) : value);
      option.value = value;
      select.appendChild(option);
    });
    if (!values.length) select.disabled = true;
  }

  function distinct(list) {
    var seen = {};
    list.forEach(function (v) { if (v) seen[v] = true; });
    return Object.keys(seen).sort();
  }

  var eventKeys = Object.keys(views.events);
  fillSelect("kg-city", distinct(eventKeys.map(function (k) { return (views.docs[views.events[k].doc] || {}).city; })));
  fillSelect("kg-doc", distinct(eventKeys.map(function (k) { return views.events[k].doc; })), docLabel);
  fillSelect("kg-role", hasViews ? ROLE_ORDER.slice() : [], function (r) { return ROLE_NAMES[r]; });
  fillSelect("kg-type", distinct([].concat.apply([], eventKeys.map(function (k) { return views.events[k].types; }))));

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

  function currentFilters() {
    return {
      min: Math.max(1, parseInt($("kg-min").value, 10) || 1),
      from: $("kg-from").value,
      to: $("kg-to").value,
      city: $("kg-city").value,
      doc: $("kg-doc").value,
      role: $("kg-role").value,
      type: $("kg-type").value,
    };
  }

  /* Does an event pass the date, city, document and type filters? */
  function eventTest(f) {
    var cache = {};
    return function (key) {
      if (key in cache) return cache[key];
      var event = views.events[key];
      var ok = !!event && inRange(event.date, f.from, f.to) &&
        (!f.city || (views.docs[event.doc] || {}).city === f.city) &&
        (!f.doc || event.doc === f.doc) && (!f.type || event.types.indexOf(f.type) >= 0);
      cache[key] = ok;
      return ok;
    };
  }

  /* A person's events that pass every filter, the role included. */
  function personEvents(id, f, passes) {
    var roles = views.roles[id] || {};
    return Object.keys(roles).filter(function (key) {
      return passes(key) && (!f.role || roles[key] === f.role);
    });
  }

  /* The events of a link that pass: both there, the event passing, and (with a role filter) one
     of the two in that role. */
  function linkEvents(e, f, passes) {
    if (!hasViews) {
      return e.kg.events.filter(function (event) { return inRange(event[0], f.from, f.to); });
    }
    var a = views.roles[e.from] || {};
    var b = views.roles[e.to] || {};
    return e.shared.filter(function (key) {
      return passes(key) && (!f.role || a[key] === f.role || b[key] === f.role);
    });
  }

  var hiddenNodes = {};
  var hiddenEdges = {};
  function applyFilters() {
    var f = currentFilters();
    $("kg-min-value").textContent = String(f.min);
    var passes = eventTest(f);
    var plain = !f.from && !f.to && !f.city && !f.doc && !f.role && !f.type;
    var linked = {};
    var visibleEdges = {};
    data.edges.forEach(function (e) {
      visibleEdges[e.id] = linkEvents(e, f, passes).length >= f.min;
    });
    var inCircle = null;
    if (page.circle) {
      inCircle = {};
      inCircle[page.circle] = true;
      neighbours[page.circle].forEach(function (pair) {
        if (visibleEdges[pair[2]]) inCircle[pair[0]] = true;
      });
    }
    var edgeChanges = [];
    data.edges.forEach(function (e) {
      var hide = !visibleEdges[e.id] || (inCircle && !(inCircle[e.from] && inCircle[e.to]));
      if (!hide) linked[e.from] = linked[e.to] = true;
      if (!!hiddenEdges[e.id] !== hide) edgeChanges.push({ id: e.id, hidden: hide });
      hiddenEdges[e.id] = hide;
    });
    var nodeChanges = [];
    data.nodes.forEach(function (n) {
      var active = plain || (hasViews ? personEvents(n.id, f, passes).length > 0 :
        n.kg.dates.some(function (date) { return inRange(date, f.from, f.to); }));
      var hide = !(linked[n.id] || (f.min <= 1 && active));
      if (inCircle && !inCircle[n.id]) hide = true;
      if (!!hiddenNodes[n.id] !== hide) nodeChanges.push({ id: n.id, hidden: hide });
      hiddenNodes[n.id] = hide;
    });
    edges.update(edgeChanges);
    nodes.update(nodeChanges);
    setStatus(page.circle ? byId[page.circle].label + "’s circle" : "");
    refit();
    page.changed();
  }

  /* After every filter the view fits the people left, so they are drawn large enough to be labelled. */
  function refit() {
    network.fit({ animation: false, maxZoomLevel: 2.5 });
    window.kgFits = (window.kgFits || 0) + 1;
  }

  function setCircle(id) {
    page.circle = id;
    applyFilters();
    if (id) {
      network.selectNodes([id]);
      page.selection = [id];
    }
    showDetails(id);
  }

  ["kg-min", "kg-from", "kg-to", "kg-city", "kg-doc", "kg-role", "kg-type"].forEach(function (id) {
    $(id).addEventListener("input", applyFilters);
    $(id).addEventListener("change", applyFilters);
  });
  $("kg-reset").addEventListener("click", function () {
    ["kg-from", "kg-to", "kg-search", "kg-city", "kg-doc", "kg-role", "kg-type"].forEach(function (id) {
      $(id).value = "";
    });
    $("kg-min").value = "1";
    page.circle = null;
    page.selection = [];
    network.unselectAll();
    showDetails(null);
    applyFilters();
  });

  /* ---- what the views script shares ---- */

  var listeners = [];
  var page = (kgPage = {
    data: data,
    views: views,
    hasViews: hasViews,
    byId: byId,
    el: el,
    count: count,
    dateSpan: dateSpan,
    eventItem: eventItem,
    selection: [],
    circle: null,
    filters: currentFilters,
    eventTest: eventTest,
    personEvents: personEvents,
    visiblePeople: function () {
      return data.nodes.filter(function (n) { return !hiddenNodes[n.id]; }).map(function (n) { return n.id; });
    },
    visibleLinks: function () {
      return data.edges.filter(function (e) { return !hiddenEdges[e.id]; });
    },
    linkEvents: linkEvents,
    onChange: function (listener) {
      listeners.push(listener);
    },
    changed: function () {
      listeners.forEach(function (listener) { listener(); });
    },
    showPanel: function (build) {
      var panel = $("kg-details");
      panel.textContent = "";
      build(panel);
    },
  });

  /* ---- a Chinese font? Two different characters drawn alike are two missing-glyph boxes ---- */

  function glyph(text) {
    var canvas = document.createElement("canvas");
    canvas.width = canvas.height = 32;
    var context = canvas.getContext("2d");
    context.font = "24px " + getComputedStyle(document.body).fontFamily;
    context.fillText(text, 2, 26);
    return canvas.toDataURL();
  }
  var cjk = glyph("赵") !== glyph("香");
  document.documentElement.setAttribute("data-cjk", cjk ? "ok" : "missing");
  $("kg-font-note").hidden = cjk;

  setStatus(statusNote);
  window.kgFindPeople = findPeople;
  window.kgShowPair = showPair;
  window.kgSetCircle = setCircle;
})();
