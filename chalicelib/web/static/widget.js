/* boucle widget: <script src="https://HOST/widget.js" data-site="demo" data-kind="nps|csat|ces|comment"
 * data-locale="fr|en" [data-target="#id"] defer></script>. No dependencies, no cookies, one global
 * (Boucle), styles in a shadow root. Posts JSON with an Idempotency-Key header, so a CORS preflight:
 * the API answers those only for `?site=KEY`, hence that query on the POST too (ignored there). */
(() => {
  "use strict";
  const script = document.currentScript;
  // The API lives next to this file, whichever page embeds it.
  const base = script ? script.src : location.href;
  const ns = (window.Boucle = window.Boucle || {});
  const SCALES = { nps: [0, 10], csat: [1, 5], ces: [1, 7] };
  const T = {
    en: {
      nps: ["How likely are you to recommend us to a friend or colleague?", "Not at all likely", "Extremely likely"],
      csat: ["How satisfied are you with your experience?", "Very dissatisfied", "Very satisfied"],
      ces: ["How easy was it to do what you came to do?", "Very difficult", "Very easy"],
      comment: ["Tell us what you think"],
      text: "Comment (optional)", textReq: "Your comment", email: "Email (optional)",
      consent: "You may contact me about my feedback", send: "Send", sending: "Sending…",
      thanks: "Thank you! Your feedback has been received.", pick: "Please choose a score.",
      write: "Please write a comment.",
      fail: "Sorry, your feedback could not be sent. Please try again."
    },
    fr: {
      nps: ["Quelle est la probabilité que vous nous recommandiez à un proche ?", "Pas du tout probable",
        "Très probable"],
      csat: ["Êtes-vous satisfait(e) de votre expérience ?", "Très insatisfait(e)", "Très satisfait(e)"],
      ces: ["Avez-vous pu faire facilement ce que vous vouliez ?", "Très difficile", "Très facile"],
      comment: ["Dites-nous ce que vous en pensez"],
      text: "Commentaire (facultatif)", textReq: "Votre commentaire", email: "E-mail (facultatif)",
      consent: "J'accepte d'être recontacté(e) au sujet de mon avis", send: "Envoyer", sending: "Envoi…",
      thanks: "Merci ! Votre avis a bien été reçu.", pick: "Veuillez choisir une note.",
      write: "Veuillez écrire un commentaire.",
      fail: "Désolé, l'envoi a échoué. Veuillez réessayer."
    }
  };
  const CSS = `:host{all:initial;display:block}
.bcl{font:16px/1.4 system-ui,sans-serif;color:#1a1a1a;background:#fff;border:1px solid #767676;border-radius:8px;padding:16px;max-width:36rem}
.bcl fieldset{border:0;margin:0;padding:0;min-width:0}
.bcl legend{font-weight:600;padding:0;margin-bottom:8px}
.bcl-scale{display:flex;flex-wrap:wrap;gap:4px}
.bcl-opt{position:relative}
.bcl-opt input{position:absolute;opacity:0;width:1px;height:1px;margin:0}
.bcl-opt span{display:block;min-width:2.4em;padding:8px 0;text-align:center;border:1px solid #595959;border-radius:6px;cursor:pointer}
.bcl-opt input:checked+span{background:#0b57d0;border-color:#0b57d0;color:#fff}
.bcl-opt input:focus-visible+span,.bcl :focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
.bcl-ends{display:flex;justify-content:space-between;font-size:14px;color:#4d4d4d;margin:4px 0 0}
.bcl label{display:block;margin:12px 0 4px}
.bcl textarea,.bcl input[type=email]{width:100%;box-sizing:border-box;font:inherit;padding:8px;border:1px solid #595959;border-radius:6px;color:inherit;background:#fff}
.bcl .bcl-check{display:flex;gap:8px}
.bcl button{margin-top:12px;font:inherit;font-weight:600;padding:8px 20px;border:0;border-radius:6px;background:#0b57d0;color:#fff;cursor:pointer}
.bcl button[disabled]{background:#595959}
.bcl-trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.bcl-err{color:#b3261e}.bcl-err:empty,.bcl-ok:empty{display:none}
.bcl-ok{font-weight:600;margin:0}`;
  let sheet = null;
  let count = 0;

  // The only way text reaches the DOM: attributes and text nodes, never HTML.
  const h = (tag, attrs, ...kids) => {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === false || value == null) continue;
      if (name === "text") el.textContent = value;
      else el.setAttribute(name, value === true ? "" : value);
    }
    el.append(...kids.filter(Boolean));
    return el;
  };

  // randomUUID exists only in secure contexts; elsewhere, fill a v4 UUID template with random nibbles.
  const uuid = () => crypto.randomUUID ? crypto.randomUUID() : "10000000-1000-4000-8000-100000000000".replace(
    /[018]/g, (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

  const styles = (root) => {
    // A constructed sheet is not inline style, so it also works under a host page's strict CSP.
    try {
      sheet = sheet || new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.append(h("style", { text: CSS }));
    }
  };

  const mount = (target, opts = {}) => {
    const kind = opts.kind || "nps";
    const lang = /^fr/i.test(opts.locale || document.documentElement.lang) ? "fr" : "en";
    const t = T[lang];
    const q = t[kind];
    if (!opts.site || !q) return console.warn("boucle widget: data-site and a valid data-kind are required");
    const endpoint = opts.endpoint || new URL("v1/feedback?site=" + encodeURIComponent(opts.site), base).href;
    const id = `bcl${++count}-`;
    const host = h("div", { class: "boucle-widget" });
    const root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    styles(root);
    const scale = SCALES[kind];
    const radios = [];
    const form = h("form");
    if (scale) {
      const row = h("div", { class: "bcl-scale" });
      for (let s = scale[0]; s <= scale[1]; s++) {
        const radio = h("input", { type: "radio", name: "score", value: s, id: id + s });
        radios.push(radio);
        row.append(h("label", { class: "bcl-opt", for: id + s }, radio, h("span", { text: s })));
      }
      const ends = h("p", { class: "bcl-ends", id: id + "ends" },
        h("span", { text: `${scale[0]} = ${q[1]}` }), h("span", { text: `${scale[1]} = ${q[2]}` }));
      form.append(h("fieldset", { "aria-describedby": id + "ends" }, h("legend", { text: q[0] }), row, ends));
    } else {
      form.append(h("p", { class: "bcl-ok", text: q[0] }));
    }
    const text = h("textarea", { id: id + "text", name: "text", rows: 3, maxlength: 5000, required: !scale });
    const email = h("input", { id: id + "email", name: "email", type: "email", autocomplete: "email" });
    const consent = h("input", { id: id + "consent", type: "checkbox" });
    // Humans never see nor reach this field; bots that fill every input do.
    const trap = h("input", { name: "website", tabindex: -1, autocomplete: "off" });
    const err = h("p", { class: "bcl-err", role: "alert" });
    const ok = h("p", { class: "bcl-ok", role: "status", "aria-live": "polite", tabindex: -1 });
    const button = h("button", { type: "submit", text: t.send });
    form.append(
      h("label", { for: id + "text", text: scale ? t.text : t.textReq }), text,
      h("label", { for: id + "email", text: t.email }), email,
      h("label", { class: "bcl-check", for: id + "consent" }, consent, h("span", { text: t.consent })),
      h("div", { class: "bcl-trap", "aria-hidden": "true" }, trap),
      err, button);
    root.append(h("div", { class: "bcl", lang }, form, ok));
    target.append(host);

    let key = null;
    let busy = false;
    const fail = (message, focus) => {
      err.textContent = message;
      if (focus) focus.focus();
    };
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      err.textContent = "";
      const body = { site: opts.site, kind, locale: lang, consent_followup: consent.checked };
      if (scale) {
        const picked = radios.find((r) => r.checked);
        if (!picked) return fail(t.pick, radios[0]);
        body.score = Number(picked.value);
      }
      const comment = text.value.trim();
      if (comment) body.text = comment;
      else if (!scale) return fail(t.write, text);
      if (email.value.trim()) body.email = email.value.trim();
      // Origin and path only: query strings and fragments may carry personal data.
      if (/^https?:$/.test(location.protocol)) body.page_url = (location.origin + location.pathname).slice(0, 2048);
      if (trap.value) body.website = trap.value;
      // One key per answer, kept across retries, so a lost response never makes a duplicate.
      key = key || uuid();
      busy = button.disabled = true;
      button.textContent = t.sending;
      try {
        const response = await fetch(endpoint, {
          method: "POST",
          mode: "cors",
          credentials: "omit",
          headers: { "Content-Type": "application/json", "Idempotency-Key": key },
          body: JSON.stringify(body)
        });
        if (response.ok) {
          form.hidden = true;
          ok.textContent = t.thanks;
          ok.focus();
          return;
        }
        // A rejected body gets corrected into a new answer; 409, 429 and 5xx are retried as they are.
        if (response.status < 500 && response.status !== 409 && response.status !== 429) key = null;
        fail(t.fail);
      } catch (e) {
        fail(t.fail);
      } finally {
        busy = button.disabled = false;
        button.textContent = t.send;
      }
    });
    return host;
  };

  ns.mount = mount;

  const d = script ? script.dataset : {};
  if (d.site) {
    let where = d.target && document.querySelector(d.target);
    if (!where && script.parentNode === document.head) where = document.body;
    if (!where) {
      // Render where the tag stands in the page.
      where = document.createElement("div");
      script.after(where);
    }
    mount(where, { site: d.site, kind: d.kind, locale: d.locale });
  }
})();
