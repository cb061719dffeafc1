// A visitor's saved contributions, kept in this browser only (localStorage, one list per event): the "Bookmark"
// toggles on the schedule pages, and the saved list with its calendar feed on /e/<slug>/agenda.
// Without JS (or without storage) the toggles stay hidden and the schedule works as before.
(function () {
  const script = document.currentScript;
  const texts = script.dataset;
  const key = "treffpunkt.agenda." + texts.event;
  const limit = 100; // the feed takes at most this many ids (ticketing/agenda.py MAX_SAVED)
  const status = document.getElementById("saved-status");

  function load() {
    try {
      const ids = JSON.parse(window.localStorage.getItem(key) || "[]");
      return Array.isArray(ids) ? ids.filter(Number.isInteger) : [];
    } catch (error) {
      return []; // a damaged entry is treated as an empty list
    }
  }

  function store(ids) {
    window.localStorage.setItem(key, JSON.stringify(ids));
  }

  function announce(template, title) {
    if (status) status.textContent = template.replace("{title}", title);
  }

  function titleOf(button) {
    const hidden = button.querySelector(".visually-hidden");
    return hidden ? hidden.textContent.trim() : "";
  }

  function showLinks(ids) {
    document.querySelectorAll("[data-saved-link]").forEach(function (link) {
      link.hidden = ids.length === 0;
    });
  }

  function refreshButtons(ids) {
    document.querySelectorAll("button[data-save]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(ids.includes(Number(button.dataset.save))));
      button.hidden = false;
    });
    showLinks(ids);
  }

  function toggle(button) {
    const id = Number(button.dataset.save);
    const ids = load();
    const at = ids.indexOf(id);
    if (at >= 0) {
      ids.splice(at, 1);
      announce(texts.unsaved, titleOf(button));
    } else if (ids.length >= limit) {
      announce(texts.full, "");
      return;
    } else {
      ids.push(id);
      announce(texts.saved, titleOf(button));
    }
    store(ids);
    refreshButtons(ids);
  }

  try {
    window.localStorage.getItem(key); // storage switched off: leave the toggles hidden
  } catch (error) {
    return;
  }
  refreshButtons(load());
  document.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-save]");
    if (button) toggle(button);
  });
  // Another tab saved or removed something: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === key) {
      refreshButtons(load());
      renderSaved();
    }
  });

  // The saved list page -------------------------------------------------------------------------------------------
  const page = document.getElementById("saved-agenda");
  let program = null;
  if (page) {
    page.hidden = false;
    fetch(page.dataset.api, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (contributions) {
        program = contributions;
        renderSaved();
      })
      .catch(function () {
        document.getElementById("saved-list").textContent = page.dataset.failed;
      });
    page.addEventListener("click", function (event) {
      const button = event.target.closest("button[data-remove]");
      if (!button) return;
      store(load().filter(function (id) { return id !== Number(button.dataset.remove); }));
      announce(texts.unsaved, titleOf(button));
      renderSaved();
      const heading = document.querySelector("h1");
      if (heading) { heading.tabIndex = -1; heading.focus(); } // the removed button is gone: keep focus on the page
    });
  }

  function element(tag, attributes, text) {
    const made = document.createElement(tag);
    Object.entries(attributes || {}).forEach(function (pair) { made.setAttribute(pair[0], pair[1]); });
    if (text) made.textContent = text;
    return made;
  }

  // Days and times in the event's timezone and the page's language, whatever the device's own timezone; English as
  // written in Europe (24-hour clock, day before month), as the server writes it (core/i18n.py).
  function formatter(options) {
    const locale = page.dataset.language === "en" ? "en-GB" : page.dataset.language;
    return new Intl.DateTimeFormat(locale, Object.assign({ timeZone: page.dataset.timezone }, options));
  }

  function savedItem(c) {
    const item = element("li");
    item.dataset.contribution = c.id;
    const clock = formatter({ timeStyle: "short" });
    const times = clock.format(new Date(c.starts_at)) + "–" + clock.format(new Date(c.ends_at));
    item.appendChild(element("span", { class: "agenda-time" }, times));
    const what = element("span", { class: "agenda-what" });
    const link = element("a", { href: page.dataset.contributionUrl + c.id }, c.title);
    if (c.language !== page.dataset.language) link.lang = c.language;
    what.appendChild(link);
    what.appendChild(element("span", { class: "hint" }, [c.room.name].concat(c.speakers.map(function (s) { return s.name; })).join(" · ")));
    item.appendChild(what);
    const remove = element("button", { type: "button", class: "button secondary", "data-remove": c.id }, page.dataset.removeLabel);
    remove.appendChild(element("span", { class: "visually-hidden" }, " " + c.title));
    item.appendChild(remove);
    return item;
  }

  function renderSaved() {
    if (!page || program === null) return;
    const ids = load();
    const saved = program.filter(function (c) { return ids.includes(c.id); });
    const list = document.getElementById("saved-list");
    list.replaceChildren();
    if (saved.length === 0) list.appendChild(element("p", {}, page.dataset.empty));
    const dayName = formatter({ dateStyle: "full" });
    let day = null;
    let items = null;
    saved.forEach(function (c) {
      if (dayName.format(new Date(c.starts_at)) !== day) {
        day = dayName.format(new Date(c.starts_at));
        list.appendChild(element("h2", {}, day));
        items = list.appendChild(element("ul", { class: "agenda-list" }));
      }
      items.appendChild(savedItem(c));
    });
    const feed = document.getElementById("saved-feed");
    feed.hidden = saved.length === 0;
    const url = page.dataset.feed + "?c=" + saved.map(function (c) { return c.id; }).join(",");
    document.getElementById("saved-feed-url").value = url;
    document.getElementById("saved-feed-download").href = url;
    document.getElementById("saved-feed-webcal").href = url.replace(/^https?:/, "webcal:");
  }
})();
