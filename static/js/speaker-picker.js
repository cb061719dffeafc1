// The contribution form's speakers: a <select multiple> over every speaker of the event (well over a hundred at
// NØRD). This turns it into a name filter with a checkbox list and the chosen speakers as removable chips. The select
// stays in the form (hidden) and is what gets sent, so without JavaScript the page works as before.
// Keys: type to filter; Arrow down moves into the list, Arrow up/down between names, Space picks; Enter in the filter
// picks the first match that is not chosen yet; Escape clears the filter. Texts come from the select's data-*.
(function () {
  "use strict";

  let counter = 0;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  function element(tag, attributes, text) {
    const made = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      made.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) made.textContent = text;
    return made;
  }

  function normalise(text) {
    // "ozdemir" finds "Özdemir": compare without case and accents
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function enhance(select) {
    const texts = select.dataset;
    const id = select.id || "speaker-picker-" + ++counter;
    const options = Array.from(select.options);
    const root = element("div", { class: "speaker-picker" });

    const filterId = id + "-filter";
    const filterLabel = element("label", { for: filterId }, texts.filterLabel);
    const filter = element("input", {
      type: "search",
      id: filterId,
      autocomplete: "off",
      "aria-describedby": id + "-keys " + id + "-count",
      "aria-controls": id + "-list",
    });
    const keys = element("p", { class: "hint", id: id + "-keys" }, texts.keys);
    const count = element("p", { class: "speaker-picker-count", id: id + "-count", "aria-live": "polite" });

    const chosenLabel = element("p", { class: "speaker-picker-chosen-label", id: id + "-chosen-label" }, texts.chosenLabel);
    const chosenList = element("ul", { class: "speaker-picker-chips", "aria-labelledby": id + "-chosen-label" });
    const noneChosen = element("p", { class: "hint" }, texts.noneChosen);

    const list = element("ul", { class: "speaker-picker-list", id: id + "-list" });
    const group = element("div", { role: "group", "aria-labelledby": select.labels.length ? labelId(select) : filterId });
    const boxes = options.map(function (option, index) {
      const boxId = id + "-option-" + index;
      const item = element("li");
      const box = element("input", { type: "checkbox", id: boxId, value: option.value });
      box.checked = option.selected;
      box.addEventListener("change", function () {
        option.selected = box.checked;
        refresh();
      });
      box.addEventListener("keydown", function (event) {
        moveWithin(event, box);
      });
      item.append(box, " ", element("label", { for: boxId }, option.textContent));
      list.append(item);
      return { box: box, item: item, option: option, key: normalise(option.textContent) };
    });
    group.append(list);

    function labelId(field) {
      const label = field.labels[0];
      if (!label.id) label.id = id + "-label";
      return label.id;
    }

    function visible() {
      return boxes.filter(function (entry) {
        return !entry.item.hidden;
      });
    }

    function applyFilter() {
      const wanted = normalise(filter.value);
      boxes.forEach(function (entry) {
        entry.item.hidden = wanted !== "" && !entry.key.includes(wanted);
      });
      refresh();
    }

    function chip(entry) {
      const item = element("li", { class: "speaker-picker-chip" });
      const name = entry.option.textContent;
      const remove = element("button", { type: "button", class: "link-button", "aria-label": fill(texts.remove, { name: name }) }, "×");
      remove.addEventListener("click", function () {
        entry.option.selected = false;
        entry.box.checked = false;
        refresh();
        filter.focus();
      });
      item.append(element("span", {}, name), " ", remove);
      return item;
    }

    function refresh() {
      const chosen = boxes.filter(function (entry) {
        return entry.option.selected;
      });
      chosenList.replaceChildren(...chosen.map(chip));
      noneChosen.hidden = chosen.length > 0;
      count.textContent = fill(texts.count, { shown: visible().length, total: boxes.length, chosen: chosen.length });
    }

    function moveWithin(event, box) {
      const shown = visible().map(function (entry) {
        return entry.box;
      });
      const at = shown.indexOf(box);
      if (event.key === "ArrowDown" && at < shown.length - 1) {
        shown[at + 1].focus();
      } else if (event.key === "ArrowUp") {
        (at > 0 ? shown[at - 1] : filter).focus();
      } else if (event.key === "Enter") {
        box.click(); // Enter would otherwise send the whole form
      } else {
        return;
      }
      event.preventDefault();
    }

    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      const shown = visible();
      if (event.key === "ArrowDown" && shown.length) {
        shown[0].box.focus();
      } else if (event.key === "Enter") {
        const first = shown.find(function (entry) {
          return !entry.option.selected;
        });
        if (first) first.box.click();
      } else if (event.key === "Escape" && filter.value) {
        filter.value = "";
        applyFilter();
      } else {
        return;
      }
      event.preventDefault();
    });

    root.append(filterLabel, filter, keys, count, chosenLabel, chosenList, noneChosen, group);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    const hint = document.getElementById(id + "-hint");
    if (hint) hint.hidden = true; // the Ctrl-click hint is for the plain select only
    select.after(root);
    refresh();
  }

  document.querySelectorAll("select[multiple][data-speaker-picker]").forEach(enhance);
})();
