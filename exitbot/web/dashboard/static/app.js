// The dashboard's entry: signs in, then shows the view the URL names, one at a time (a view
// left behind has its requests aborted), and signs out when the API says the token is gone.

import { SESSION_ENDED, call } from "./api.js";
import { replace } from "./dom.js";
import * as router from "./router.js";
import * as session from "./session.js";
import { failure } from "./states.js";
import { renderDigest } from "./view-digest.js";
import { renderInterview } from "./view-interview.js";
import { renderInterviews } from "./view-interviews.js";
import { renderPlan } from "./view-plan.js";
import { renderSignIn } from "./view-signin.js";
import { renderStats } from "./view-stats.js";

const main = document.getElementById("main");
const nav = document.getElementById("mainnav");
const account = document.getElementById("account");

const VIEWS = {
  interviews: { title: "Interviews", render: renderInterviews },
  interview: { title: "Interview", render: renderInterview, nav: "interviews" },
  stats: { title: "Stats", render: renderStats },
  digest: { title: "Digest preview", render: renderDigest },
  plan: { title: "Question plan", render: renderPlan },
};

let controller = null;
let listHref = "#/interviews";

function pick(route) {
  const [first, second] = route.parts;
  if (first === "interviews" && second) return "interview";
  return Object.hasOwn(VIEWS, first) ? first : "interviews";
}

function chrome(signedIn) {
  nav.hidden = !signedIn;
  account.hidden = !signedIn;
  const who = session.current();
  document.getElementById("account-name").textContent = who ? `${who.name} · ${who.role}` : "";
}

function markNav(name) {
  for (const link of nav.querySelectorAll("a[data-nav]")) {
    if (link.dataset.nav === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/** Focus what had it before a view was redrawn, else the view's heading. */
function refocus(id) {
  const again = id ? document.getElementById(id) : null;
  const target = again && main.contains(again) ? again : main.querySelector("h1");
  if (target) target.focus({ preventScroll: Boolean(again) });
}

function settle(name, state) {
  main.dataset.view = name;
  main.dataset.state = state;
  main.setAttribute("aria-busy", String(state === "loading"));
}

async function show(route, flash) {
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;
  const name = pick(route);
  const view = VIEWS[name];
  const focused = main.contains(document.activeElement) ? document.activeElement.id : "";
  if (name === "interviews") listHref = window.location.hash || "#/interviews";
  document.title = `${view.title} · ExitBot`;
  markNav(view.nav || name);
  settle(name, "loading");
  const context = {
    signal,
    flash,
    listHref: () => listHref,
    reload: (message) => show(router.current(), message),
  };
  try {
    const state = await view.render(main, route, context);
    if (signal.aborted) return;
    settle(name, state);
  } catch (error) {
    if (error.name === "AbortError" || signal.aborted) return;
    replace(
      main,
      failure(error, () => show(route)),
    );
    settle(name, "error");
  }
  refocus(focused);
}

function signIn(message) {
  if (controller) controller.abort();
  chrome(false);
  document.title = "Sign in · ExitBot";
  renderSignIn(main, {
    message,
    onSignedIn: () => {
      chrome(true);
      show(router.current());
    },
  });
  settle("signin", "ready");
}

async function start() {
  document.getElementById("skip-link").addEventListener("click", (event) => {
    event.preventDefault();
    main.focus();
  });
  document.getElementById("sign-out").addEventListener("click", () => {
    session.forget();
    signIn("You are signed out. The token was forgotten by this tab.");
  });
  window.addEventListener(SESSION_ENDED, () =>
    signIn(
      "Your session ended: the API no longer accepts this token (it was revoked or has expired). Sign in with a valid token.",
    ),
  );
  router.onChange((route) => (session.token() ? show(route) : signIn()));
  if (!session.token()) return signIn();
  // Who the token is and the first view are asked for together; a 401 ends the session.
  session.learn(call("/api/me")).then(
    () => chrome(true),
    (error) => {
      if (error.status === 401) return;
      if (controller) controller.abort();
      replace(
        main,
        failure(error, () => window.location.reload()),
      );
      settle("signin", "error");
    },
  );
  return show(router.current());
}

start();
