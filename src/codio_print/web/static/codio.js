// The interface works without this script. With it: the error summary takes focus, and
// while a kit is being made the page follows the build and shows the kit when it is done.
const summary = document.querySelector("[data-focus]");
if (summary) summary.focus();

const box = document.querySelector("[data-status]");
if (box && /wordt gemaakt/.test(box.textContent)) {
  const follow = async () => {
    const answer = await fetch(box.dataset.status, { credentials: "same-origin" });
    const build = await answer.json();
    if (!build || !build.running) { window.location.reload(); return; }
    const line = box.querySelector("[data-voortgang]");
    if (line) line.textContent = `De kit wordt gemaakt: ${build.done} van ${build.total || "?"} klaar.`;
    setTimeout(follow, 1000);
  };
  setTimeout(follow, 1000);
}

// Stap Huisstijl: the contrast beside each colour follows what is typed. The server
// computes it (render/contrast.py: one formula), a moment after the last key.
const look = document.querySelector("[data-contrast-url]");
if (look) {
  let timer;
  const update = async () => {
    const query = new URLSearchParams();
    for (const input of look.querySelectorAll("[data-kleur]")) query.set(input.dataset.kleur, input.value);
    const answer = await fetch(`${look.dataset.contrastUrl}?${query}`, { credentials: "same-origin" });
    if (!answer.ok) return;
    const checks = await answer.json();
    for (const [name, check] of Object.entries(checks)) {
      const box = document.getElementById(`contrast-${name}`);
      if (!box) continue;
      const list = box.querySelector("ul");
      list.replaceChildren(...check.lines.map((line) => {
        const item = document.createElement("li");
        item.textContent = line;
        return item;
      }));
      box.classList.toggle("contrast--laag", !check.ok);
      const button = box.querySelector("button");
      box.querySelector("input[name=waarde]").value = check.suggestion || "";
      button.querySelector("[data-voorstel]").textContent = check.suggestion || "";
      button.hidden = !check.suggestion;
      const swatch = document.querySelector(`[data-staal="${name}"]`);
      const typed = look.querySelector(`[data-kleur="${name}"]`).value.trim();
      if (swatch && /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.test(typed)) {
        swatch.setAttribute("fill", typed.startsWith("#") ? typed : `#${typed}`);
      }
    }
  };
  look.addEventListener("input", (event) => {
    if (!event.target.matches("[data-kleur]")) return;
    clearTimeout(timer);
    timer = setTimeout(update, 250);
  });
}
