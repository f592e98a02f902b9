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
