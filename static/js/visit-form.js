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

  // Member rows: "Add a member" copies the last row, "Remove" takes one out; the rows are
  // renumbered each time so Django's formset reads members-0-, members-1-, ... in order.
  var list = document.getElementById("member-rows");
  var total = document.getElementById("id_members-TOTAL_FORMS");
  var addButton = null;

  function renumber() {
    var rows = list ? list.querySelectorAll(".member-row") : [];
    rows.forEach(function (row, index) {
      row.querySelectorAll("[id], [for], [name], [aria-describedby]").forEach(function (el) {
        ["id", "for", "name", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) { el.setAttribute(attr, value.replace(/members-\d+-/g, "members-" + index + "-")); }
        });
      });
      var legend = row.querySelector("legend");
      if (legend) { legend.textContent = legend.textContent.replace(/\d+/, String(index + 1)); }
      var remove = row.querySelector(".member-row__remove");
      if (remove) {
        remove.textContent = rules.messages.removeRow.replace("%(number)s", String(index + 1));
      }
    });
    if (total) { total.value = String(rows.length); }
  }

  function addRemoveButton(row) {
    if (row.querySelector(".member-row__remove")) { return; }
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "button button--secondary member-row__remove";
    row.querySelector("fieldset").appendChild(remove);
    remove.addEventListener("click", function () {
      var rows = list.querySelectorAll(".member-row");
      if (rows.length <= 1) {
        row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      } else {
        row.remove();
      }
      renumber();
      saveDraft();
      if (addButton) { addButton.focus(); }
    });
  }

  function addRow() {
    var count = parseInt(total.value, 10);
    if (count >= rules.maximumGroupSize) { return null; }
    var row = list.lastElementChild.cloneNode(true);
    row.querySelectorAll("input").forEach(function (input) {
      input.value = "";
      input.removeAttribute("aria-invalid");
    });
    row.querySelectorAll(".errorlist, .js-rule-message").forEach(function (el) { el.remove(); });
    row.querySelectorAll(".field--error").forEach(function (el) { el.classList.remove("field--error"); });
    var oldRemove = row.querySelector(".member-row__remove");
    if (oldRemove) { oldRemove.remove(); }
    list.appendChild(row);
    addRemoveButton(row);
    renumber();
    return row;
  }

  if (list && total) {
    addButton = document.createElement("button");
    addButton.type = "button";
    addButton.className = "button button--secondary";
    addButton.textContent = rules.messages.addRow;
    list.insertAdjacentElement("afterend", addButton);
    list.querySelectorAll(".member-row").forEach(addRemoveButton);
    renumber();
    addButton.addEventListener("click", function () {
      var row = addRow();
      if (row) {
        var first = row.querySelector("input");
        if (first) { first.focus(); }
      }
    });
  }

  // Files are checked as they are chosen, with the server's own limits (data attributes
  // the form writes): a file too large or of the wrong type is never sent.
  function fileProblem(input, file) {
    var name = file.name;
    var dot = name.lastIndexOf(".");
    var extension = dot === -1 ? "" : name.slice(dot).toLowerCase();
    var allowed = (input.dataset.extensions || "").split(",");
    if (allowed.indexOf(extension) === -1) {
      return input.dataset.wrongType.replace("%(name)s", name);
    }
    if (file.size > parseInt(input.dataset.maxBytes, 10)) {
      return input.dataset.tooLarge.replace("%(name)s", name);
    }
    return "";
  }

  function previewArea(input) {
    var area = document.getElementById(input.id + "_preview");
    if (!area) {
      area = document.createElement("div");
      area.id = input.id + "_preview";
      area.className = "member-list-preview";
      area.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", area);
    }
    return area;
  }

  function previewMemberList(input, file) {
    var area = previewArea(input);
    area.textContent = "";
    var token = form.querySelector("[name=csrfmiddlewaretoken]");
    var body = new FormData();
    body.append("member_list", file);
    fetch(input.dataset.previewUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) { return response.json(); }).then(function (answer) {
      if (answer.error) {
        show(input, answer.error);
        return;
      }
      show(input, "");
      var summary = document.createElement("p");
      summary.textContent = answer.summary;
      var names = document.createElement("ol");
      answer.names.forEach(function (name) {
        var item = document.createElement("li");
        item.textContent = name;
        names.appendChild(item);
      });
      area.appendChild(summary);
      area.appendChild(names);
    }).catch(function () { /* the server reads the list again when the form is sent */ });
  }

  form.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    input.addEventListener("change", function () {
      var chosen = Array.prototype.slice.call(input.files || []);
      var problems = chosen.map(function (file) { return fileProblem(input, file); })
        .filter(function (problem) { return problem; });
      var most = parseInt(input.dataset.maxCount || "0", 10);
      if (most && chosen.length > most) { problems.push(input.dataset.tooMany); }
      if (input.dataset.previewUrl) { previewArea(input).textContent = ""; }
      if (problems.length) {
        input.value = "";  // nothing refused travels with the form
        show(input, problems.join(" "));
        return;
      }
      show(input, "");
      if (input.dataset.previewUrl && chosen.length === 1) {
        previewMemberList(input, chosen[0]);
      }
    });
  });

  // "Remove" beside a file kept on the server: taken off the form here; the server lets
  // an unnamed kept file go with the rest after KEPT_FOR (without JavaScript the button
  // sends the form, and the server removes it at once).
  function bindRemove(button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var item = button.closest(".kept-file");
      var box = button.closest(".kept-files");
      var next = box.closest(".field, fieldset").querySelector("input[type=file]");
      item.remove();
      if (!box.querySelector(".kept-file")) { box.remove(); }
      if (next) { next.focus(); }
      if (typeof saveDraft === "function") { saveDraft(); }
    });
  }
  form.querySelectorAll(".kept-file__remove").forEach(bindRemove);

  // Files kept on the server belong to this form's one-time key: the draft remembers the
  // key and the kept files, so the same form in the other language (a language switch)
  // sends them too, instead of asking for them again.
  function keptFiles() {
    return Array.prototype.map.call(form.querySelectorAll(".kept-file"), function (item) {
      var input = item.closest(".kept-files").closest("fieldset").querySelector("input[type=file]");
      return {
        key: item.querySelector("input[name=kept_files]").value,
        name: item.querySelector(".kept-file__name").textContent,
        field: input ? input.name : ""
      };
    });
  }

  function showKeptFiles(kept) {
    var fields = {};
    kept.forEach(function (file) { (fields[file.field] = fields[file.field] || []).push(file); });
    Object.keys(fields).forEach(function (name) {
      var input = form.querySelector("input[type=file][name='" + name + "']");
      if (!input) { return; }
      var box = document.createElement("div");
      box.className = "kept-files";
      var title = document.createElement("p");
      title.className = "kept-files__title";
      title.textContent = rules.messages.keptTitle;
      var list = document.createElement("ul");
      fields[name].forEach(function (file) {
        var item = document.createElement("li");
        item.className = "kept-file";
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "kept_files";
        hidden.value = file.key;
        var label = document.createElement("span");
        label.className = "kept-file__name";
        label.textContent = file.name;
        var remove = document.createElement("button");
        remove.type = "submit";
        remove.name = "remove_kept";
        remove.value = file.key;
        remove.formNoValidate = true;
        remove.className = "button button--secondary kept-file__remove";
        remove.textContent = rules.messages.removeKept.replace("%(name)s", file.name);
        bindRemove(remove);
        item.appendChild(hidden);
        item.appendChild(label);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(remove);
        list.appendChild(item);
      });
      box.appendChild(title);
      box.appendChild(list);
      (input.closest(".field") || input).insertAdjacentElement("afterend", box);
    });
  }

  // The draft: everything typed is kept in this browser as it is typed, under one key for
  // both languages, so a language switch, a reload, a server error or an unreachable
  // server loses nothing. Files cannot be kept here; the draft is removed once the
  // application is sent (static/js/visit-sent.js) or when "Start again" is pressed.
  var DRAFT_KEY = "twinning:visit-application-draft";
  var SKIPPED = { csrfmiddlewaretoken: true, submission_key: true, nickname: true };
  var storage = null;
  try { storage = window.localStorage; storage.getItem(DRAFT_KEY); } catch (e) { storage = null; }

  function draftFields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIPPED[el.name] && el.type !== "file" && el.type !== "submit" &&
        el.type !== "button" && el.type !== "hidden";
    });
  }

  function saveDraft() {
    if (!storage) { return; }
    var values = {};
    draftFields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (!values[el.name]) { values[el.name] = []; }
        if (el.checked) { values[el.name].push(el.value); }
      } else {
        values[el.name] = el.value;
      }
    });
    values.__rows = total ? parseInt(total.value, 10) : 0;
    values.__kept = keptFiles();
    values.__form_key = form.elements.submission_key ? form.elements.submission_key.value : "";
    try { storage.setItem(DRAFT_KEY, JSON.stringify({ saved: Date.now(), values: values })); }
    catch (e) { /* storage full or refused: the form still works */ }
  }

  function restoreDraft() {
    var draft = null;
    try { draft = JSON.parse(storage.getItem(DRAFT_KEY) || "null"); } catch (e) { draft = null; }
    if (!draft || !draft.values) { return false; }
    var values = draft.values;
    if (list && total) {
      while (parseInt(total.value, 10) < values.__rows && addRow()) { /* add rows */ }
    }
    var restored = false;
    if (values.__kept && values.__kept.length && values.__form_key && form.elements.submission_key &&
        !form.querySelector(".kept-file")) {
      form.elements.submission_key.value = values.__form_key;
      showKeptFiles(values.__kept);
      restored = true;
    }
    draftFields().forEach(function (el) {
      if (!(el.name in values)) { return; }
      var value = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = value.indexOf(el.value) !== -1;
        restored = restored || el.checked;
      } else if (el.value !== value) {
        el.value = value;
        restored = restored || value !== "";
      }
    });
    return restored;
  }

  function showRestored() {
    var notice = document.createElement("div");
    notice.className = "notice draft-notice";
    notice.id = "draft-notice";
    notice.setAttribute("role", "status");
    var text = document.createElement("p");
    text.textContent = rules.messages.draftRestored;
    var again = document.createElement("button");
    again.type = "button";
    again.className = "button button--secondary";
    again.textContent = rules.messages.startAgain;
    again.addEventListener("click", function () {
      if (!window.confirm(rules.messages.startAgainConfirm)) { return; }
      storage.removeItem(DRAFT_KEY);
      window.location.reload();
    });
    notice.appendChild(text);
    notice.appendChild(again);
    form.insertAdjacentElement("beforebegin", notice);
  }

  if (storage) {
    // A form the server sent back already holds what was typed: the server's copy wins.
    // So does a form saved on the server and opened from the mailed link.
    if (!document.getElementById("error-summary") && !form.hasAttribute("data-server-draft") &&
        restoreDraft()) { showRestored(); }
    form.addEventListener("input", saveDraft);
    form.addEventListener("change", saveDraft);
    saveDraft();
  }

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
