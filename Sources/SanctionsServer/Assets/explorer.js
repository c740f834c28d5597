// The explorer's one script (served at /assets/explorer.js): changing the as-of date reloads
// the page at that date. Everything works without it.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("asof");
  if (!form) return;
  const input = form.querySelector("input[name=asOf]");
  if (input) input.addEventListener("change", () => { if (input.value) form.submit(); });
});
