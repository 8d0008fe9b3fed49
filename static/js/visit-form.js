/* The visit application form: checks the rules as the delegation types and adds member rows.
 * Progressive enhancement: without this file the form posts as it is and the server checks
 * the same rules (visits/rules.py), which always have the last word. */
(function () {
  "use strict";
  var form = document.getElementById("visit-form");
  var data = document.getElementById("visit-rules");
  if (!form || !data) { return; }
  var rules = JSON.parse(data.textContent);
  var holidays = {};
  rules.holidays.forEach(function (day) { holidays[day] = true; });

  function dateProblem(value) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) { return ""; }
    if (value < rules.earliest) { return rules.messages.leadTime; }
    if (value > rules.latest) { return rules.messages.horizon; }
    var weekday = new Date(value + "T12:00:00").getDay();
    if (weekday === 0 || weekday === 6) { return rules.messages.weekend; }
    if (holidays[value]) { return rules.messages.holiday; }
    for (var i = 0; i < rules.blackouts.length; i++) {
      var period = rules.blackouts[i];
      if (value >= period.first && value <= period.last) {
        return rules.messages.blackout.replace("%(reason)s", period.reason);
      }
    }
    return "";
  }

  function show(input, message) {
    var id = input.id + "_rule";
    var note = document.getElementById(id);
    if (!note) {
      note = document.createElement("p");
      note.id = id;
      note.className = "js-rule-message";
      note.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", note);
      var described = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", described ? described + " " + id : id);
    }
    note.textContent = message;
    if (message) { input.setAttribute("aria-invalid", "true"); }
    else if (!input.closest(".field--error")) { input.removeAttribute("aria-invalid"); }
  }

  ["first", "second", "third"].forEach(function (position) {
    var input = document.getElementById("id_" + position + "_choice_on");
    if (!input) { return; }
    input.addEventListener("change", function () { show(input, dateProblem(input.value)); });
  });

  var headcount = document.getElementById("id_headcount");
  if (headcount) {
    headcount.addEventListener("input", function () {
      var number = parseInt(headcount.value, 10);
      show(headcount, number > rules.maximumGroupSize ? rules.messages.groupSize : "");
    });
  }

  // "Add a member": copies the last empty row and renumbers it for Django's formset.
  var list = document.getElementById("member-rows");
  var total = document.getElementById("id_members-TOTAL_FORMS");
  if (list && total) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = rules.messages.addRow;
    list.insertAdjacentElement("afterend", button);
    button.addEventListener("click", function () {
      var count = parseInt(total.value, 10);
      if (count >= rules.maximumGroupSize) { return; }
      var row = list.lastElementChild.cloneNode(true);
      row.querySelectorAll("[id], [for], [name], [aria-describedby]").forEach(function (el) {
        ["id", "for", "name", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) { el.setAttribute(attr, value.replace(/members-\d+-/g, "members-" + count + "-")); }
        });
      });
      row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      var legend = row.querySelector("legend");
      if (legend) { legend.textContent = legend.textContent.replace(/\d+/, String(count + 1)); }
      row.querySelectorAll(".errorlist, .js-rule-message").forEach(function (el) { el.remove(); });
      list.appendChild(row);
      total.value = String(count + 1);
      var first = row.querySelector("input");
      if (first) { first.focus(); }
    });
  }

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
