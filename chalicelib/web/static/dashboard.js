// The staff dashboard: trends, inbox, detail and actions, and the local outbox.
//
// Every string that comes from the API (customer text above all) reaches the page
// through textContent or attributes set with setAttribute: never through HTML
// parsing. The page's CSP forbids inline scripts as a second line of defence.

import { barChart, lineChart, stackBar } from "./chart.js";

const TOKEN_KEY = "boucle.token";
const DAY_MS = 86400000;
const PAGE_SIZE = 25;
const SENTIMENTS = ["negative", "neutral", "positive"];
const ACTIONS = [
  ["acknowledged", "Acknowledge"],
  ["resolved", "Resolve"],
  ["closed", "Close"],
  ["reopened", "Reopen"],
];

const $ = (id) => document.getElementById(id);
const state = { site: "demo", filters: {}, cursor: null, selected: null, detail: null, drafts: new Map() };

/** Build an element; `text` becomes a text node, everything else an attribute. */
function h(tag, attrs = {}, ...kids) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "text") node.textContent = String(value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...kids.filter((kid) => kid !== null && kid !== undefined && kid !== false));
  return node;
}

// ---------------------------------------------------------------- API access

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || `request failed (HTTP ${status})`);
    this.status = status;
    this.body = body;
  }
}

const token = () => sessionStorage.getItem(TOKEN_KEY);

/** A fetch to our own API, relative to the page, so it also works under a stage prefix like /api/. */
async function request(path, { method = "GET", body, params } = {}) {
  const url = new URL(path, document.baseURI);
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== "" && value !== null && value !== undefined) url.searchParams.set(name, value);
  }
  const headers = { Authorization: `Bearer ${token()}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "omit",
    cache: "no-store",
  });
  if (response.status === 401) {
    signOut("That token was refused. Please sign in again.");
    throw new ApiError(401, null);
  }
  return response;
}

async function api(path, options) {
  const response = await request(path, options);
  const raw = await response.text();
  let data = null;
  try {
    data = raw ? JSON.parse(raw) : null;
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

// ---------------------------------------------------------------- messages

function say(message) {
  $("notice").textContent = message;
}

function showError(error) {
  if (error && error.status === 401) return; // already back at the sign-in form, with its message
  const message = error instanceof ApiError ? error.message : "The server could not be reached.";
  $("error").textContent = message;
}

function clearError() {
  $("error").textContent = "";
}

// ---------------------------------------------------------------- formatting

const num = (value) => (value === null || value === undefined || value === "" ? null : Number(value));

function when(iso) {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return iso || "–";
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

function fixed(value, digits) {
  return value === null || value === undefined ? "–" : Number(value).toFixed(digits).replace(/\.0+$/, "");
}

function percent(value) {
  if (value === null || value === undefined) return "–";
  return `${Math.round(value <= 1 ? value * 100 : value)}%`;
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${fixed(seconds / 3600, 1)} h`;
  return `${fixed(seconds / 86400, 1)} d`;
}

function kindLabel(item) {
  const scales = { nps: "NPS", csat: "CSAT", ces: "CES" };
  if (!scales[item.kind]) return "Comment";
  return `${scales[item.kind]} ${item.score ?? "–"}`;
}

function excerpt(text, length = 160) {
  const flat = String(text || "").replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}

const badge = (text, cls = "") => h("span", { class: `badge ${cls}`.trim(), text });
const sentimentClass = (value) => (SENTIMENTS.includes(value) ? `s-${value}` : "");

// ---------------------------------------------------------------- sign-in

function showApp(on) {
  $("gate").hidden = on;
  $("app").hidden = !on;
  $("site-form").hidden = !on;
  $("sign-out").hidden = !on;
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.selected = null;
  state.detail = null;
  showApp(false);
  say(message);
  $("token").focus();
}

// ---------------------------------------------------------------- metrics

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

function daysEnding(lastDay, count) {
  const end = Date.parse(`${lastDay}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => isoDay(end - (count - 1 - i) * DAY_MS));
}

const TOTALS = [
  ["volume", "Feedback", (v) => fixed(v, 0)],
  ["nps", "NPS", (v) => fixed(v, 0)],
  ["csat", "CSAT", (v) => fixed(v, 2)],
  ["ces", "CES", (v) => fixed(v, 2)],
  ["alerts", "Alerts", (v) => fixed(v, 0)],
  ["followups", "Follow-ups", (v) => fixed(v, 0)],
  ["resolution_rate", "Resolved", percent],
  ["median_first_response_s", "Median first response", duration],
  ["conversions", "Detractors won back", (v) => fixed(v, 0)],
];

async function loadMetrics() {
  // Rollup days are in the site's time zone, which may already be tomorrow in UTC:
  // ask one day further and end the chart on the latest day the API knows.
  const today = isoDay(Date.now());
  const data = await api("v1/admin/metrics", {
    params: { site: state.site, from: isoDay(Date.now() - 30 * DAY_MS), to: isoDay(Date.now() + DAY_MS), bucket: "day" },
  });
  const series = (data && data.series) || [];
  const totals = (data && data.totals) || {};
  const known = series
    .filter((point) => num(point.volume) > 0)
    .map((point) => String(point.period).slice(0, 10))
    .filter((day) => /^\d{4}-\d{2}-\d{2}$/.test(day));
  const days = daysEnding([today, ...known].sort().pop(), 30);
  // One slot per day, so a day without feedback is a gap, not a shortened axis.
  const byDay = new Map(series.map((point) => [String(point.period).slice(0, 10), point]));
  const rows = days.map((day) => byDay.get(day) || null);
  const pick = (key) => rows.map((row) => (row ? num(row[key]) : null));
  const labels = days.map((day) => day.slice(5));

  const dl = $("totals");
  dl.replaceChildren();
  for (const [key, label, format] of TOTALS) {
    if (!(key in totals)) continue;
    dl.append(h("div", {}, h("dt", { text: label }), h("dd", { text: format(num(totals[key])) })));
  }

  const figures = [
    ["NPS", lineChart(pick("nps"), labels, { title: "NPS per day", min: -100, max: 100, digits: 0 }), pick("nps"), 0],
    ["CSAT", lineChart(pick("csat"), labels, { title: "CSAT per day", digits: 2 }), pick("csat"), 2],
    ["CES", lineChart(pick("ces"), labels, { title: "CES per day", digits: 2 }), pick("ces"), 2],
    ["Volume", barChart(pick("volume"), labels, { title: "Feedback per day" }), pick("volume"), 0],
  ];
  $("charts").replaceChildren(
    ...figures.map(([name, svg, values, digits]) => {
      const latest = [...values].reverse().find((v) => v !== null && v !== undefined);
      return h(
        "figure",
        { class: "chart-box" },
        h("figcaption", {}, h("span", { text: name }), h("strong", { text: fixed(latest ?? null, digits) })),
        svg,
      );
    }),
  );

  renderSentiment(totals, series);
  renderTopics(totals, series);
}

function renderSentiment(totals, series) {
  const sums = { negative: 0, neutral: 0, positive: 0 };
  const source = totals.sentiment && typeof totals.sentiment === "object" ? [totals.sentiment] : series.map((p) => p.sentiment || {});
  for (const split of source) for (const key of SENTIMENTS) sums[key] += num(split[key]) || 0;
  const total = SENTIMENTS.reduce((sum, key) => sum + sums[key], 0);
  const share = (key) => (total ? Math.round((sums[key] / total) * 100) : 0);
  const parts = SENTIMENTS.map((key) => ({ label: key, value: sums[key], cls: `s-${key}` }));
  const summary = SENTIMENTS.map((key) => `${key} ${sums[key]} (${share(key)}%)`).join(", ");
  $("sentiment").replaceChildren(
    stackBar(parts, { title: `Sentiment: ${summary}` }),
    h(
      "ul",
      { class: "legend" },
      ...SENTIMENTS.map((key) => h("li", {}, h("span", { class: `swatch s-${key}` }), `${key} ${sums[key]} (${share(key)}%)`)),
    ),
  );
}

function renderTopics(totals, series) {
  const counts = new Map();
  const lists = Array.isArray(totals.top_topics) ? [totals.top_topics] : series.map((p) => p.top_topics || []);
  for (const list of lists) {
    for (const entry of list) counts.set(entry.topic, (counts.get(entry.topic) || 0) + (num(entry.count) || 0));
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  const list = $("topics");
  list.replaceChildren(...top.map(([topic, count]) => h("li", {}, h("span", { text: topic }), h("span", { class: "count", text: count }))));
  if (!top.length) list.append(h("li", { class: "muted", text: "No topics yet." }));
}

// ---------------------------------------------------------------- inbox

function itemRow(item) {
  const button = h(
    "button",
    { type: "button", class: "item", "aria-controls": "detail", "aria-current": item.id === state.selected ? "true" : null },
    h(
      "span",
      { class: "meta" },
      h("time", { datetime: item.created_at, text: when(item.created_at) }),
      badge(kindLabel(item)),
      badge(item.sentiment, sentimentClass(item.sentiment)),
      badge(item.status, "status"),
      item.alerted_at ? badge("alert", "alert") : null,
    ),
    h("span", { class: "excerpt", text: excerpt(item.text || item.subject) || "(no text)" }),
  );
  button.addEventListener("click", () => openDetail(item.id, { focus: true }).catch(showError));
  return h("li", { "data-id": item.id }, button);
}

async function loadInbox({ more = false } = {}) {
  const params = { site: state.site, ...state.filters, limit: PAGE_SIZE, cursor: more ? state.cursor : null };
  const data = await api("v1/admin/feedback", { params });
  const list = $("items");
  if (!more) list.replaceChildren();
  for (const item of data.items || []) list.append(itemRow(item));
  state.cursor = data.cursor || null;
  $("more").hidden = !state.cursor;
  $("items-empty").hidden = list.children.length > 0 || Boolean(state.cursor);
}

function refreshRow(item) {
  const old = $("items").querySelector(`li[data-id="${CSS.escape(item.id)}"]`);
  if (old) old.replaceWith(itemRow(item));
}

// ---------------------------------------------------------------- detail

function saveDraft() {
  const box = $("response-text");
  if (box && state.detail) state.drafts.set(state.detail.id, box.value);
}

async function openDetail(id, { focus = false } = {}) {
  saveDraft();
  state.selected = id;
  for (const row of $("items").querySelectorAll("li")) {
    const button = row.querySelector("button");
    if (row.dataset.id === id) button.setAttribute("aria-current", "true");
    else button.removeAttribute("aria-current");
  }
  const item = await api(`v1/admin/feedback/${encodeURIComponent(id)}`);
  state.detail = item;
  // Alerts link to dashboard#/feedback/ID; keep the address pointing at what is shown.
  history.replaceState(null, "", `#/feedback/${encodeURIComponent(id)}`);
  renderDetail(item);
  refreshRow(item);
  if (focus) $("detail").focus();
}

function facts(pairs) {
  return h("dl", { class: "facts" }, ...pairs.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => h("div", {}, h("dt", { text: k }), h("dd", { text: v }))));
}

function renderDetail(item) {
  const analysis = item.analysis || {};
  const contact = item.contact || {};
  const evidence = analysis.evidence || [];
  const timeline = item.timeline || [];
  const body = $("detail-body");

  const actions = h("div", { class: "actions", role: "group", "aria-label": "Change status" });
  for (const [status, label] of ACTIONS) {
    const button = h("button", { type: "button", "data-status": status, text: label });
    button.addEventListener("click", () => patch({ status }));
    actions.append(button);
  }

  const responseBox = h("textarea", { id: "response-text", rows: 4, maxlength: 5000 });
  responseBox.value = state.drafts.get(item.id) || "";
  const responseForm = h(
    "form",
    { class: "respond" },
    h("label", { for: "response-text", text: "Response to the customer" }),
    responseBox,
    h("button", { type: "submit", text: "Send response" }),
  );
  responseForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = responseBox.value.trim();
    if (!text) return responseBox.focus();
    patch({ response: text });
  });

  const parts = [
    h("p", { class: "meta" }, badge(kindLabel(item)), badge(item.sentiment, sentimentClass(item.sentiment)), badge(item.status, "status"), item.alert_severity ? badge(`alert: ${item.alert_severity}`, "alert") : null),
    item.subject ? h("p", { class: "subject", text: item.subject }) : null,
    h("blockquote", { class: "text", id: "detail-text", text: item.text || "(no text)" }),
    facts([
      ["Received", when(item.created_at)],
      ["Site", item.site],
      ["Channel", item.channel],
      ["Language", item.language],
      ["Sentiment score", fixed(num(item.sentiment_score), 2)],
      ["Urgency", item.urgency],
      ["Topics", (item.topics || []).join(", ")],
      ["Tags", (item.tags || []).join(", ")],
      ["Assignee", item.assignee],
      ["Page", item.page_url],
      ["Version", item.version],
    ]),
    h("h3", { text: "Why the analysis says so" }),
    evidence.length
      ? h("ul", { class: "evidence" }, ...evidence.map((line) => h("li", { text: line })))
      : h("p", { class: "muted", text: "No evidence recorded." }),
    h("h3", { text: "Contact" }),
    contact.email || contact.phone
      ? facts([
          ["Email", contact.email],
          ["Phone", contact.phone],
          ["Follow-up consent", item.consent_followup ? "yes" : "no"],
        ])
      : h("p", { class: "muted", text: "No contact details." }),
    item.response ? h("h3", { text: "Our response" }) : null,
    item.response ? h("blockquote", { class: "text response", text: item.response }) : null,
    h("h3", { text: "Actions" }),
    actions,
    responseForm,
    h("div", { id: "conflict", class: "conflict", role: "alert" }),
    h("h3", { text: "Timeline" }),
    timeline.length
      ? h(
          "ol",
          { class: "timeline" },
          ...timeline.map((entry) =>
            h(
              "li",
              {},
              h("time", { datetime: entry.at, text: when(entry.at) }),
              h("strong", { text: entry.event }),
              entry.actor ? h("span", { class: "muted", text: ` by ${entry.actor}` }) : null,
              entry.detail ? h("span", { class: "detail", text: entry.detail }) : null,
            ),
          ),
        )
      : h("p", { class: "muted", text: "Nothing yet." }),
  ];
  body.replaceChildren(...parts.filter(Boolean));
  for (const button of actions.querySelectorAll("button")) {
    // Offer only the moves that change something: no "acknowledge" on an acknowledged item.
    button.disabled = button.dataset.status === item.status;
  }
  $("detail-empty").hidden = true;
  body.hidden = false;
}

function showConflict(item) {
  const box = $("conflict");
  const reload = h("button", { type: "button", text: "Reload this feedback" });
  reload.addEventListener("click", () => openDetail(item.id, { focus: true }).catch(showError));
  box.replaceChildren(
    h("strong", { text: "Not saved: someone else changed this feedback after you opened it." }),
    h("span", { text: ` You had version ${item.version}. Reload it to see their change, then try again; your draft response is kept.` }),
    " ",
    reload,
  );
  reload.focus();
}

async function patch(changes) {
  const item = state.detail;
  if (!item) return;
  saveDraft();
  clearError();
  $("conflict").replaceChildren();
  const buttons = $("detail-body").querySelectorAll("button, textarea");
  for (const control of buttons) control.disabled = true;
  try {
    const updated = await api(`v1/admin/feedback/${encodeURIComponent(item.id)}`, {
      method: "PATCH",
      body: { version: item.version, ...changes },
    });
    if (changes.response !== undefined) state.drafts.delete(item.id);
    say(changes.response !== undefined ? "Response saved." : `Marked ${updated.status || changes.status}.`);
    await openDetail(item.id);
  } catch (error) {
    for (const control of buttons) control.disabled = false;
    if (error instanceof ApiError && error.status === 409) showConflict(item);
    else showError(error);
  }
}

// ---------------------------------------------------------------- outbox (local stage)

async function loadOutbox() {
  let data;
  try {
    data = await api("v1/admin/outbox");
  } catch (error) {
    // Only the local stage has an outbox; anywhere else the route answers 4xx and the panel stays hidden.
    if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
      $("outbox").hidden = true;
      return;
    }
    throw error;
  }
  const messages = (data && data.messages) || [];
  $("outbox").hidden = false;
  $("outbox-empty").hidden = messages.length > 0;
  // The API lists newest last; people read newest first.
  const recent = messages.slice(-100).reverse();
  $("outbox-list").replaceChildren(
    ...recent.map((message) =>
      h(
        "li",
        {},
        h(
          "p",
          { class: "meta" },
          badge(message.channel, `channel-${message.channel === "alert" || message.channel === "sms" ? message.channel : "email"}`),
          h("span", { text: `to ${message.to || "–"}` }),
          h("time", { datetime: message.at, text: when(message.at) }),
        ),
        message.subject ? h("p", { class: "subject", text: message.subject }) : null,
        h("pre", { class: "body", text: message.body || "" }),
      ),
    ),
  );
}

// ---------------------------------------------------------------- export

async function exportCsv() {
  clearError();
  const response = await request("v1/admin/export.csv", { params: { site: state.site, ...state.filters } });
  if (!response.ok) throw new ApiError(response.status, null);
  // The export needs the Authorization header, so a plain link cannot download it.
  const href = URL.createObjectURL(await response.blob());
  const link = h("a", { href, download: `boucle-${state.site}-${new Date().toISOString().slice(0, 10)}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10000);
}

// ---------------------------------------------------------------- wiring

async function loadAll() {
  clearError();
  const results = await Promise.allSettled([loadInbox(), loadMetrics(), loadOutbox()]);
  const failed = results.find((result) => result.status === "rejected");
  if (failed) showError(failed.reason);
}

function linkedFeedback() {
  const match = /^#\/feedback\/([0-9A-Za-z_-]{1,64})$/.exec(location.hash);
  return match ? match[1] : null;
}

async function start() {
  showApp(true);
  const fromUrl = new URLSearchParams(location.search).get("site");
  if (fromUrl && /^[a-z0-9][a-z0-9-]{0,62}$/.test(fromUrl)) $("site").value = fromUrl;
  state.site = $("site").value;
  await loadAll();
  const linked = linkedFeedback();
  if (linked && token()) await openDetail(linked, { focus: true }).catch(showError);
}

function wire() {
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const value = $("token").value.trim();
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    $("token").value = "";
    say("");
    start();
  });
  $("sign-out").addEventListener("click", () => signOut("Signed out."));
  window.addEventListener("hashchange", () => {
    const linked = linkedFeedback();
    if (linked && token() && linked !== state.selected) openDetail(linked, { focus: true }).catch(showError);
  });
  $("site-form").addEventListener("submit", (event) => {
    event.preventDefault();
    state.site = $("site").value;
    state.selected = null;
    state.detail = null;
    $("detail-body").hidden = true;
    $("detail-empty").hidden = false;
    const url = new URL(location.href);
    url.searchParams.set("site", state.site);
    history.replaceState(null, "", url);
    loadAll();
  });
  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    state.filters = Object.fromEntries([...new FormData(event.target)].filter(([, value]) => value !== ""));
    clearError();
    loadInbox().catch(showError);
  });
  $("refresh").addEventListener("click", () => {
    clearError();
    loadInbox().catch(showError);
  });
  $("more").addEventListener("click", () => loadInbox({ more: true }).catch(showError));
  $("metrics-refresh").addEventListener("click", () => loadMetrics().catch(showError));
  $("outbox-refresh").addEventListener("click", () => loadOutbox().catch(showError));
  $("export").addEventListener("click", () => exportCsv().catch(showError));
}

wire();
if (token()) start();
else {
  showApp(false);
  $("token").focus();
}
