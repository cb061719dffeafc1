// Live figures: every few seconds, fetch this page again and swap in the figures, without a full reload
// (a reload would move keyboard focus and scroll position).
(function () {
  const region = document.getElementById("figures");
  if (!region) return;
  const seconds = Number(region.dataset.refresh || 20);
  setInterval(async function () {
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById("figures");
      if (fresh) region.innerHTML = fresh.innerHTML;
    } catch (error) {
      // offline for a moment: keep the figures shown and try again next time
    }
  }, seconds * 1000);
})();
