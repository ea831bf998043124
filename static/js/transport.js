// The transport: play and pause, one step, reset, a new seed, run to a
// step, the view (one run or the cloud) and the speed. It also keeps the
// play buttons (its own and the embed bar's) showing what the game does.

import { $, choose, setData, setText } from "./dom.js";
import { count } from "./format.js";

export function initTransport({ store, link, game, i18n, reducedMotion }) {
  const { t } = i18n;
  // soon shows the game's status once it has taken a request (at its next
  // frame), rather than at the next poll.
  const soon = () => setTimeout(() => store.emit("poll"), 50);

  const requests = {
    "toggle-play": () => game()?.toggle(),
    step: () => {
      game()?.pause();
      game()?.step();
    },
    reset: () => game()?.reset(),
  };
  for (const [type, run] of Object.entries(requests)) {
    store.on(type, () => {
      run();
      soon();
    });
  }
  store.on("new-seed", () => {
    const [seed] = crypto.getRandomValues(new Uint32Array(1));
    store.set("seed", String(seed));
  });
  // A new view plays from the start, unless the person prefers reduced
  // motion.
  store.on("navigate", ({ push }) => {
    if (push && !reducedMotion) game()?.play();
  });

  $("play").addEventListener("click", () => store.emit("toggle-play"));
  $("step").addEventListener("click", () => store.emit("step"));
  $("reset").addEventListener("click", () => store.emit("reset"));
  $("newseed").addEventListener("click", () => store.emit("new-seed"));
  $("runto5").addEventListener("click", () => game()?.runTo(1e5));
  $("runto6").addEventListener("click", () => game()?.runTo(1e6));
  for (const input of document.querySelectorAll("input[name=view]")) {
    input.addEventListener("change", () => store.set("view", input.value));
  }
  $("speed").addEventListener("change", () => store.set("speed", $("speed").value));

  // showPlaying sets the play buttons.
  function showPlaying(playing) {
    for (const play of [$("play"), $("embed-play")]) {
      setData(play, "state", playing ? "playing" : "paused");
      const label = play.querySelector(".label");
      setData(label, "i18n", playing ? "transport.pause" : "transport.play");
      setText(label, t(label.dataset.i18n));
    }
  }

  function markInvalid() {
    $("speed").toggleAttribute("aria-invalid", store.rejected().has("speed"));
  }

  store.on("render", () => {
    const view = link.understood("view", store.value("view"));
    $("view-run").checked = view === "run";
    $("view-cloud").checked = view === "cloud";
    const speed = store.get("speed") ?? "";
    const label = /^[1-9][0-9]*$/.test(speed) ? count(Number(speed)) : t("errors.invalid", { value: speed });
    choose($("speed"), speed, label);
    markInvalid();
  });
  store.on("rejected", markInvalid);
  store.on("status", (s) => {
    showPlaying(s.playing);
    if (!store.params.has("speed") && s.speed) {
      setText($("speed").options[0], t("transport.speed.defaultValue", { n: s.speed }));
    }
  });
  store.on("language", () => showPlaying(store.status ? store.status.playing : !reducedMotion));
  showPlaying(!reducedMotion);
}

