/* Patient tools, our own script (no library). Without it every tool still works:
   - Words explained: a marked word links to the glossary; here it becomes a button that
     shows its meaning in place (aria-expanded).
   - Videos: nothing is loaded from the video site until the reader presses Play.
   - My questions for my care team: keeps the reader's list in this browser only
     (localStorage; no cookie, nothing sent until the reader asks for the printable list);
     without the script the same boxes and text box work as a plain form. */
(function () {
  "use strict";

  document.querySelectorAll("a.term[data-definition]").forEach(function (link) {
    var definition = document.getElementById(link.getAttribute("data-definition"));
    if (!definition) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "term";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", definition.id);
    while (link.firstChild) button.appendChild(link.firstChild);
    link.replaceWith(button);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      definition.hidden = !open;
    });
  });

  document.querySelectorAll("[data-video-frame]").forEach(function (frame) {
    frame.hidden = false;
    var play = frame.querySelector("[data-video-src]");
    play.addEventListener("click", function () {
      var player = document.createElement("iframe");
      player.src = play.getAttribute("data-video-src");
      player.title = play.getAttribute("data-video-title");
      player.className = "video-player";
      player.setAttribute("allow", "fullscreen; picture-in-picture");
      player.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      frame.replaceChildren(player);
      player.focus();
    });
  });
  var KEY = "cancerhelp.questions";
  var store;
  try {
    store = window.localStorage;
    store.setItem(KEY + ".test", "1");
    store.removeItem(KEY + ".test");
  } catch (error) {
    store = null;
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  var panel = document.getElementById("my-questions-panel");
  if (!panel || !store) return;
  var form = panel.querySelector("form");
  var own = form.querySelector("textarea[name=own]");
  var saved = panel.querySelector("[data-questions-saved]");
  var list = panel.querySelector("[data-questions-list]");
  var status = panel.querySelector("[data-questions-status]");
  var addButton = panel.querySelector("[data-questions-add]");
  var boxes = document.querySelectorAll('input[name=q][form="' + form.id + '"]');

  function load() {
    try {
      var value = JSON.parse(store.getItem(KEY) || "[]");
      return Array.isArray(value) ? value.filter(function (q) { return typeof q === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }
  function save(questions) { store.setItem(KEY, JSON.stringify(questions)); }
  function tidy(text) { return text.replace(/\s+/g, " ").trim().slice(0, 500); }
  function say(message) { status.textContent = ""; window.setTimeout(function () { status.textContent = message; }, 50); }

  function render() {
    var questions = load();
    list.textContent = "";
    questions.forEach(function (question) {
      var item = document.createElement("li");
      var text = document.createElement("span");
      text.textContent = question + " ";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link-button";
      remove.textContent = panel.dataset.labelRemove;
      remove.setAttribute("aria-label", panel.dataset.labelRemove + ": " + question);
      remove.addEventListener("click", function () { change(question, false); });
      item.appendChild(text);
      item.appendChild(remove);
      list.appendChild(item);
    });
    saved.hidden = questions.length === 0;
    boxes.forEach(function (box) { box.checked = questions.indexOf(box.value) !== -1; });
  }

  function change(question, add) {
    var questions = load().filter(function (q) { return q !== question; });
    if (add) questions.push(question);
    save(questions);
    render();
    say(add ? panel.dataset.msgAdded : panel.dataset.msgRemoved);
  }

  boxes.forEach(function (box) {
    box.addEventListener("change", function () { change(box.value, box.checked); });
  });
  addButton.hidden = false;
  addButton.addEventListener("click", function () {
    var question = tidy(own.value);
    if (!question) { own.focus(); return; }
    own.value = "";
    change(question, true);
  });
  panel.querySelector("[data-questions-clear]").addEventListener("click", function () {
    save([]);
    render();
    say(panel.dataset.msgCleared);
  });
  form.addEventListener("submit", function () {
    var question = tidy(own.value);
    if (question) {
      var questions = load().filter(function (q) { return q !== question; });
      questions.push(question);
      save(questions);
      own.value = "";
    }
    form.querySelectorAll("input[data-from-list]").forEach(function (input) { input.remove(); });
    load().forEach(function (q) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "q";
      input.value = q;
      input.setAttribute("data-from-list", "");
      form.appendChild(input);
    });
    boxes.forEach(function (box) { box.disabled = true; });
    window.setTimeout(function () { boxes.forEach(function (box) { box.disabled = false; }); }, 0);
  });
  window.addEventListener("pageshow", render);
  render();
})();
