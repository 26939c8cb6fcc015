/* Co-attendance page (dashiji-kg), second part: the timeline and the map of the current selection,
 * and the exports (PNG of the current view, CSV of the people and links shown or selected).
 *
 * Both views are drawn on a <canvas> from the page's JSON data only (the map's province outlines
 * ship inside the page): no request leaves the page. Texts reach the DOM through textContent
 * (hover and click panels) or are drawn on the canvas.
 */
(function () {
  "use strict";

  var page = kgPage;
  var views = page.views;
  var el = page.el;
  var MAX_ROWS = 40;
  var ROLE_COLOURS = { chair: "#e15759", lead: "#f28e2b", speaker: "#4e79a7", attendee: "#8a8a8a" };
  var current = "network";

  function $(id) {
    return document.getElementById(id);
  }

  /* The people the views are about: the selection (one person, a pair, a community from the
     legend, a post found by search) when there is one, else everyone shown. */
  function chosenPeople() {
    var visible = {};
    page.visiblePeople().forEach(function (id) { visible[id] = true; });
    var chosen = page.selection.filter(function (id) { return visible[id]; });
    return chosen.length ? chosen : Object.keys(visible);
  }

  function whoLabel(people) {
    if (page.selection.length && people.length <= 3) {
      return people.map(function (id) { return page.byId[id].label; }).join(" — ");
    }
    return page.count(people.length, "person", "people") + (page.selection.length ? " selected" : " shown");
  }

  /* Each person's events under the filters, as [event key, date]; dates only without event data. */
  function datedEvents(id, f, passes) {
    if (!page.hasViews) {
      return page.byId[id].kg.dates.map(function (date, i) { return [id + "@" + i, date]; });
    }
    return page.personEvents(id, f, passes).map(function (key) { return [key, views.events[key].date]; })
      .filter(function (item) { return item[1]; });
  }

  function sizedCanvas(id) {
    var canvas = $(id);
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth || 800;
    var height = canvas.clientHeight || 500;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    var context = canvas.getContext("2d");
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, width, height);
    context.font = "12px " + getComputedStyle(document.body).fontFamily;
    return { canvas: canvas, context: context, width: width, height: height };
  }

  var DAY = 86400000;
  function time(date) {
    return Date.parse(date + "T00:00:00Z");
  }
  function isoDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  /* ---- timeline: one row per person (and one for a pair's meetings), a dot per event ---- */

  var timeline = { dots: [], rows: [] };

  function drawTimeline() {
    var f = page.filters();
    var passes = page.eventTest(f);
    var people = chosenPeople();
    var rows = people.map(function (id) {
      return { id: id, label: page.byId[id].label, events: datedEvents(id, f, passes) };
    }).filter(function (row) { return row.events.length; });
    rows.sort(function (a, b) { return b.events.length - a.events.length || (a.id < b.id ? -1 : 1); });
    var dropped = Math.max(0, rows.length - MAX_ROWS);
    rows = rows.slice(0, MAX_ROWS);
    if (people.length === 2 && rows.length === 2) {
      var second = {};
      rows[1].events.forEach(function (item) { second[item[0]] = true; });
      var together = rows[0].events.filter(function (item) { return second[item[0]]; });
      rows.unshift({ id: "", label: "together", events: together, together: true });
    }
    var box = sizedCanvas("kg-timeline-canvas");
    var context = box.context;
    var left = 150, right = box.width - 24, top = 40, bottom = box.height - 36;
    var title = "Events over time: " + whoLabel(people) + (dropped ? " (the " + MAX_ROWS + " busiest)" : "");
    context.fillStyle = "#222";
    context.font = "bold 13px " + getComputedStyle(document.body).fontFamily;
    context.fillText(title, 12, 20);
    context.font = "12px " + getComputedStyle(document.body).fontFamily;
    var keyX = box.width - 310;
    ["chair", "lead", "speaker", "attendee"].forEach(function (role, i) {
      context.fillStyle = ROLE_COLOURS[role];
      context.beginPath();
      context.arc(keyX + i * 75, 16, 4, 0, 2 * Math.PI);
      context.fill();
      context.fillStyle = "#555";
      context.fillText(role, keyX + i * 75 + 8, 20);
    });
    var times = [];
    rows.forEach(function (row) {
      row.events.forEach(function (item) { times.push(time(item[1])); });
    });
    timeline = { dots: [], rows: rows.map(function (row) { return row.label; }), title: title };
    if (!times.length) {
      context.fillStyle = "#888";
      context.fillText("No dated event for this selection and these filters.", left, top + 20);
      publish();
      return;
    }
    var first = Math.min.apply(null, times) - DAY, last = Math.max.apply(null, times) + DAY;
    var x = function (ms) { return left + ((ms - first) / (last - first)) * (right - left); };
    var step = Math.max(14, Math.min(28, (bottom - top) / Math.max(rows.length, 1)));
    context.strokeStyle = "#ccc";
    context.beginPath();
    context.moveTo(left, bottom);
    context.lineTo(right, bottom);
    context.stroke();
    context.fillStyle = "#555";
    for (var t = 0; t <= 6; t++) {
      var ms = first + ((last - first) * t) / 6;
      var tx = x(ms);
      context.fillRect(tx, bottom, 1, 5);
      context.fillText(isoDay(ms), Math.min(tx - 30, right - 70), bottom + 18);
    }
    rows.forEach(function (row, i) {
      var y = top + step * (i + 0.5);
      if (y > bottom - 4) return;
      context.fillStyle = row.together ? "#0b57d0" : "#222";
      context.fillText(row.label, 12, y + 4, left - 20);
      context.strokeStyle = "#eee";
      context.beginPath();
      context.moveTo(left, y);
      context.lineTo(right, y);
      context.stroke();
      row.events.forEach(function (item) {
        var dx = x(time(item[1]));
        var role = row.together ? "" : ((views.roles[row.id] || {})[item[0]] || "attendee");
        context.fillStyle = row.together ? "#0b57d0" : ROLE_COLOURS[role] || "#8a8a8a";
        context.beginPath();
        context.arc(dx, y, row.together ? 5 : 4, 0, 2 * Math.PI);
        context.fill();
        timeline.dots.push({ x: dx, y: y, key: item[0], date: item[1], id: row.id });
      });
    });
    publish();
  }

  function nearDots(dots, x, y, radius) {
    return dots.filter(function (dot) { return Math.abs(dot.x - x) <= radius && Math.abs(dot.y - y) <= radius; });
  }

  function showTip(event, build) {
    var tip = $("kg-view-tip");
    tip.textContent = "";
    if (!build(tip)) {
      tip.hidden = true;
      return;
    }
    var area = $("kg-canvas").getBoundingClientRect();
    var x = event.clientX - area.left, y = event.clientY - area.top;
    tip.hidden = false;
    tip.style.left = Math.max(4, Math.min(x + 14, area.width - tip.offsetWidth - 8)) + "px";
    tip.style.top = Math.max(4, Math.min(y + 14, area.height - tip.offsetHeight - 8)) + "px";
  }

  function offset(event, canvas) {
    var rect = canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  $("kg-timeline-canvas").addEventListener("mousemove", function (event) {
    var at = offset(event, this);
    var found = nearDots(timeline.dots, at[0], at[1], 5);
    showTip(event, function (tip) {
      if (!found.length) return false;
      var list = el("ul", "kg-pair-events");
      var seen = {};
      found.slice(0, 4).forEach(function (dot) {
        if (seen[dot.key]) return;
        seen[dot.key] = true;
        if (views.events[dot.key]) list.appendChild(page.eventItem(dot.key, dot.id ? [dot.id] : page.selection.slice(0, 2)));
        else list.appendChild(el("li", null, dot.date + " · " + page.byId[dot.id].label));
      });
      if (found.length > 4) list.appendChild(el("li", "kg-tip-more", "… and " + (found.length - 4) + " more here"));
      tip.appendChild(list);
      return true;
    });
  });
  $("kg-timeline-canvas").addEventListener("mouseleave", function () {
    $("kg-view-tip").hidden = true;
  });

  /* ---- map: the places of the events, sized by their number, over the province outlines ---- */

  var map = { points: [], provinces: 0 };
  var provinces = (page.data.outlines || {}).provinces || [];

  function mapPlaces() {
    var f = page.filters();
    var passes = page.eventTest(f);
    var people = chosenPeople();
    var byPlace = {};
    var seen = {};
    people.forEach(function (id) {
      page.personEvents(id, f, passes).forEach(function (key) {
        var event = views.events[key];
        if (seen[key] || !event || event.place < 0) return;
        seen[key] = true;
        (byPlace[event.place] = byPlace[event.place] || []).push(key);
      });
    });
    return { people: people, places: Object.keys(byPlace).map(function (i) {
      var row = views.places[i];
      return { code: row[0], name: row[1], lat: row[2], lon: row[3], events: byPlace[i].sort() };
    }).sort(function (a, b) { return b.events.length - a.events.length || (a.code < b.code ? -1 : 1); }) };
  }

  function drawMap() {
    var found = mapPlaces();
    var places = found.places;
    var box = sizedCanvas("kg-map-canvas");
    var context = box.context;
    var west = 73, east = 135, south = 18, north = 54;
    if (places.length) {
      west = Math.min.apply(null, places.map(function (p) { return p.lon; }));
      east = Math.max.apply(null, places.map(function (p) { return p.lon; }));
      south = Math.min.apply(null, places.map(function (p) { return p.lat; }));
      north = Math.max.apply(null, places.map(function (p) { return p.lat; }));
      var padLon = Math.max(4 - (east - west) / 2, (east - west) * 0.15);
      var padLat = Math.max(3 - (north - south) / 2, (north - south) * 0.15);
      west -= padLon; east += padLon; south -= padLat; north += padLat;
    }
    var squeeze = Math.cos((((south + north) / 2) * Math.PI) / 180);
    var top = 30;
    var scale = Math.min(box.width / ((east - west) * squeeze), (box.height - top) / (north - south));
    var cx = box.width / 2 - (((west + east) / 2 - west) * squeeze) * scale;
    var cy = top + (box.height - top) / 2 - ((north - (south + north) / 2)) * scale;
    var project = function (lon, lat) {
      return [cx + (lon - west) * squeeze * scale, cy + (north - lat) * scale];
    };
    context.lineWidth = 1;
    map = { points: [], provinces: 0, title: "" };
    provinces.forEach(function (province) {
      context.beginPath();
      province.rings.forEach(function (ring) {
        for (var i = 0; i < ring.length; i += 2) {
          var p = project(ring[i], ring[i + 1]);
          if (i === 0) context.moveTo(p[0], p[1]);
          else context.lineTo(p[0], p[1]);
        }
        context.closePath();
      });
      context.fillStyle = "#f3f3ee";
      context.fill();
      context.strokeStyle = "#b9b9b0";
      context.stroke();
      map.provinces += 1;
    });
    context.fillStyle = "#9a9a90";
    provinces.forEach(function (province) {
      if (province.centre.length !== 2) return;
      var p = project(province.centre[0], province.centre[1]);
      if (p[0] > 0 && p[0] < box.width && p[1] > top && p[1] < box.height) context.fillText(province.name, p[0] - 12, p[1]);
    });
    var labels = [];
    places.forEach(function (place) {
      var p = project(place.lon, place.lat);
      var radius = 4 + 3 * Math.sqrt(place.events.length);
      context.fillStyle = "rgba(225, 87, 89, 0.75)";
      context.strokeStyle = "#8c2d2f";
      context.beginPath();
      context.arc(p[0], p[1], radius, 0, 2 * Math.PI);
      context.fill();
      context.stroke();
      label(context, labels, place.name + " " + place.events.length, p, radius);
      map.points.push({ name: place.name, code: place.code, count: place.events.length, x: p[0], y: p[1],
                        r: radius, events: place.events });
    });
    var events = places.reduce(function (sum, place) { return sum + place.events.length; }, 0);
    map.title = "Events by place: " + whoLabel(found.people) + " · " + page.count(events, "event") + " in " +
      page.count(places.length, "place");
    context.fillStyle = "#222";
    context.font = "bold 13px " + getComputedStyle(document.body).fontFamily;
    context.fillText(map.title, 12, 20);
    publish();
  }

  /* A place's label beside its point, or below or above it, where it overlaps no other label
     (busiest places first); a label that fits nowhere is left out (hover and click still tell). */
  function label(context, taken, text, p, radius) {
    var width = context.measureText(text).width, height = 14;
    var spots = [[p[0] + radius + 3, p[1] + 4], [p[0] - width / 2, p[1] + radius + 14],
                 [p[0] - width / 2, p[1] - radius - 5], [p[0] - radius - 3 - width, p[1] + 4]];
    for (var i = 0; i < spots.length; i++) {
      var box = [spots[i][0], spots[i][1] - height + 3, width, height];
      var clash = taken.some(function (t) {
        return box[0] < t[0] + t[2] && t[0] < box[0] + box[2] && box[1] < t[1] + t[3] && t[1] < box[1] + box[3];
      });
      if (!clash) {
        taken.push(box);
        context.fillStyle = "#222";
        context.fillText(text, spots[i][0], spots[i][1]);
        return;
      }
    }
  }

  function pointAt(x, y) {
    var hit = null;
    map.points.forEach(function (point) {
      if (Math.hypot(point.x - x, point.y - y) <= point.r + 2 && (!hit || point.r < hit.r)) hit = point;
    });
    return hit;
  }

  function showPlace(point) {
    page.showPanel(function (panel) {
      var box = el("div", "kg-tip");
      box.appendChild(el("div", "kg-tip-name")).appendChild(el("strong", null, point.name));
      box.appendChild(el("div", "kg-tip-counts", page.count(point.count, "event") + " here"));
      var list = el("ol", "kg-pair-events");
      var people = chosenPeople();
      point.events.forEach(function (key) {
        var there = people.filter(function (id) { return (views.roles[id] || {})[key]; }).slice(0, 8);
        list.appendChild(page.eventItem(key, there));
      });
      box.appendChild(list);
      panel.appendChild(box);
    });
  }

  $("kg-map-canvas").addEventListener("click", function (event) {
    var at = offset(event, this);
    var point = pointAt(at[0], at[1]);
    if (point) showPlace(point);
  });
  $("kg-map-canvas").addEventListener("mousemove", function (event) {
    var at = offset(event, this);
    var point = pointAt(at[0], at[1]);
    showTip(event, function (tip) {
      if (!point) return false;
      tip.appendChild(el("strong", null, point.name));
      tip.appendChild(el("div", null, page.count(point.count, "event") + " · click for the list"));
      return true;
    });
  });
  $("kg-map-canvas").addEventListener("mouseleave", function () {
    $("kg-view-tip").hidden = true;
  });

  /* ---- switching views ---- */

  function publish() {
    window.kgTimeline = timeline;
    window.kgMap = map;
    document.documentElement.setAttribute("data-view", current);
  }

  function redraw() {
    if (current === "timeline") drawTimeline();
    else if (current === "map") drawMap();
    else publish();
  }

  function setView(name) {
    current = name;
    $("kg-timeline").hidden = name !== "timeline";
    $("kg-map").hidden = name !== "map";
    $("kg-view-tip").hidden = true;
    ["network", "timeline", "map"].forEach(function (view) {
      $("kg-view-" + view).setAttribute("aria-selected", String(view === name));
    });
    redraw();
    if (name === "network") network.redraw();
  }

  ["network", "timeline", "map"].forEach(function (view) {
    $("kg-view-" + view).addEventListener("click", function () { setView(view); });
  });
  page.onChange(redraw);
  window.addEventListener("resize", redraw);

  /* ---- exports ---- */

  function download(name, url) {
    var link = el("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.kgLastExport = { name: name, length: url.length };
  }

  function currentCanvas() {
    if (current === "timeline") return $("kg-timeline-canvas");
    if (current === "map") return $("kg-map-canvas");
    return $("mynetwork").querySelector("canvas");
  }

  $("kg-png").addEventListener("click", function () {
    var source = currentCanvas();
    var copy = document.createElement("canvas");
    copy.width = source.width;
    copy.height = source.height;
    var context = copy.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, copy.width, copy.height);
    context.drawImage(source, 0, 0);
    download("coattendance-" + current + ".png", copy.toDataURL("image/png"));
  });

  /* A CSV cell; one that a spreadsheet would read as a formula starts with an apostrophe. */
  function cell(value) {
    var text = String(value === undefined || value === null ? "" : value);
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  function csv(rows) {
    return "\ufeff" + rows.map(function (row) { return row.map(cell).join(","); }).join("\n") + "\n";
  }

  function csvUrl(text) {
    return "data:text/csv;charset=utf-8," + encodeURIComponent(text);
  }

  function exportedPeople() {
    return chosenPeople().slice().sort();
  }

  $("kg-csv-people").addEventListener("click", function () {
    var f = page.filters();
    var passes = page.eventTest(f);
    var rows = [["key", "name", "pinyin", "titles", "city", "community", "events", "chaired", "led", "spoke",
                 "attended", "first_date", "last_date"]];
    exportedPeople().forEach(function (id) {
      var n = page.byId[id];
      var k = n.kg;
      var events = page.hasViews ? page.personEvents(id, f, passes) : null;
      var dates = events ? events.map(function (key) { return views.events[key].date; }).filter(Boolean).sort() : k.dates;
      var roles = { chair: 0, lead: 0, speaker: 0, attendee: 0 };
      if (events) events.forEach(function (key) { roles[views.roles[id][key]] += 1; });
      rows.push([id, n.label, k.pinyin, k.titles.join("; "), k.city, k.community, events ? events.length : k.events,
                 events ? roles.chair : k.chaired, events ? roles.lead : k.led, events ? roles.speaker : k.spoke,
                 events ? roles.attendee : k.attended, dates[0] || "", dates[dates.length - 1] || ""]);
    });
    download("coattendance-people.csv", csvUrl(csv(rows)));
  });

  $("kg-csv-links").addEventListener("click", function () {
    var f = page.filters();
    var passes = page.eventTest(f);
    var chosen = {};
    exportedPeople().forEach(function (id) { chosen[id] = true; });
    var rows = [["source", "target", "source_name", "target_name", "weight", "first_date", "last_date", "events"]];
    page.visibleLinks().filter(function (e) { return chosen[e.from] && chosen[e.to]; }).forEach(function (e) {
      var events = page.linkEvents(e, f, passes);
      var described = page.hasViews ? events.map(function (key) {
        var event = views.events[key];
        return (event.date || "undated") + " " + event.text;
      }) : events.map(function (event) { return event[0] + " " + event[1]; });
      var dates = (page.hasViews ? events.map(function (key) { return views.events[key].date; }) :
        events.map(function (event) { return event[0]; })).filter(Boolean).sort();
      rows.push([e.from, e.to, page.byId[e.from].label, page.byId[e.to].label, events.length, dates[0] || "",
                 dates[dates.length - 1] || "", described.join(" | ")]);
    });
    download("coattendance-links.csv", csvUrl(csv(rows)));
  });

  publish();
  window.kgSetView = setView;
})();
