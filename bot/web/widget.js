/*!
 * Verzuimwijzer chat widget — plain JS, no build step, no framework, no external requests.
 *
 * Embed with one tag:
 *   <script src="https://example.org/widget.js" data-server-url="http://localhost:5005"
 *           data-region="holland-rijnland" data-title="Verzuimwijzer"
 *           data-primary-color="#0b5d6b" data-timeout="15000"></script>
 *
 * - Loads widget.css from the same origin/folder as this script.
 * - Talks to POST {server}/webhooks/rest/webhook with {sender, message[, metadata:{region}]}.
 * - Keeps sender id + transcript in sessionStorage only (no localStorage, no cookies).
 * - Bot text is never inserted as HTML: every node is built with createElement/textContent.
 */
(function () {
  "use strict";

  if (window.__verzuimwijzerLoaded) return;
  window.__verzuimwijzerLoaded = true;

  // ------------------------------------------------------------------ configuration
  var script = document.currentScript ||
    document.querySelector('script[src*="widget.js"][data-server-url]') ||
    document.querySelector('script[src*="widget.js"]');
  var ds = (script && script.dataset) || {};

  var CONFIG = {
    serverUrl: String(ds.serverUrl || "http://localhost:5005").replace(/\/+$/, "").replace(/\/webhooks\/rest\/webhook$/, ""),
    region: ds.region || "",
    title: ds.title || "Verzuimwijzer",
    primary: validColor(ds.primaryColor) || "#0b5d6b",
    timeoutMs: clampInt(ds.timeout, 15000, 1000, 120000),
    maxLength: clampInt(ds.maxLength, 1000, 50, 5000),
    storageKey: "verzuimwijzer." + (ds.storageKey || "v1")
  };
  var WEBHOOK = CONFIG.serverUrl + "/webhooks/rest/webhook";
  var KEYS = {
    sender: CONFIG.storageKey + ".sender",
    transcript: CONFIG.storageKey + ".transcript",
    open: CONFIG.storageKey + ".open"
  };

  var TEXT = {
    launcher: "Vraag het de " + CONFIG.title,
    subtitle: "Informatie over schoolverzuim en thuiszitten",
    greeting: "Hallo! Ik ben de " + CONFIG.title + ". Ik help ouders, scholen en leerplichtambtenaren " +
      "met vragen over schoolverzuim en thuiszitten.\n\n" +
      "Vertel in een paar zinnen wat er aan de hand is, bijvoorbeeld: **Mijn zoon van 13 gaat al 5 weken niet naar school.**\n\n" +
      "Deel liever geen namen, adressen of BSN.",
    inputLabel: "Uw bericht",
    placeholder: "Typ uw vraag…",
    send: "Verstuur",
    restart: "Opnieuw beginnen",
    plan: "Mijn stappenplan",
    close: "Chat sluiten",
    typing: "De assistent typt…",
    unreachable: "De assistent is nu niet bereikbaar. Controleer uw internetverbinding en probeer het opnieuw. Uw bericht is bewaard.",
    timeout: "De assistent is nu niet bereikbaar: er kwam binnen " + Math.round(CONFIG.timeoutMs / 1000) +
      " seconden geen antwoord. Uw bericht is bewaard.",
    rateLimited: "U stuurt veel berichten kort na elkaar. Wacht even en probeer het daarna opnieuw.",
    tooLong: "Uw bericht is te lang voor de assistent. Maak het wat korter en probeer het opnieuw.",
    retry: "Opnieuw proberen",
    notSent: "Niet verzonden",
    busy: "Even geduld: de assistent is nog bezig met uw vorige bericht.",
    deleted: "Uw gesprek is gewist uit deze browser.",
    privacy: "Deel geen namen of BSN. Typ \u201cverwijder mijn gesprek\u201d om uw gesprek te wissen.",
    planReady: "Ik heb een stappenplan voor u gemaakt. U kunt het bekijken, afdrukken of downloaden.",
    planOpen: "Bekijk mijn stappenplan",
    planPrint: "Afdrukken",
    planDownload: "Downloaden",
    newWindow: " (opent in een nieuw venster)"
  };

  var ROLE_LABELS = {
    ouder: "ouder of verzorger", jongere: "jongere", school: "school",
    leerplicht: "leerplichtambtenaar"
  };

  // ------------------------------------------------------------------ small helpers
  function clampInt(value, dflt, min, max) {
    var n = parseInt(value, 10);
    if (!isFinite(n)) return dflt;
    return Math.min(max, Math.max(min, n));
  }

  function validColor(c) {
    return typeof c === "string" && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(c.trim()) ? c.trim() : null;
  }

  function hexToRgb(hex) {
    var h = hex.replace("#", "");
    if (h.length === 3) h = h[0] + h[0] + h[1] + h[1] + h[2] + h[2];
    return [0, 2, 4].map(function (i) { return parseInt(h.substr(i, 2), 16); });
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var la = luminance(hexToRgb(a)), lb = luminance(hexToRgb(b));
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function darken(hex, factor) {
    var rgb = hexToRgb(hex).map(function (v) { return Math.max(0, Math.round(v * factor)); });
    return "#" + rgb.map(function (v) { return ("0" + v.toString(16)).slice(-2); }).join("");
  }

  // Primary colour comes from the host page; make sure text on it stays readable (WCAG AA) and
  // that it is usable as a text/border colour on white.
  function themeColors(primary) {
    var onPrimary = contrast(primary, "#ffffff") >= 4.5 ? "#ffffff" : "#111111";
    var strong = primary, guard = 0;
    while (contrast(strong, "#ffffff") < 4.5 && guard++ < 20) strong = darken(strong, 0.85);
    return { primary: primary, onPrimary: onPrimary, strong: strong };
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "class") node.className = v;
        else if (k === "text") node.textContent = v;
        else if (k === "hidden") node.hidden = true;
        else node.setAttribute(k, v === true ? "" : String(v));
      });
    }
    (children || []).forEach(function (c) {
      if (c === null || c === undefined) return;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function svgIcon(pathD) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "24");
    svg.setAttribute("height", "24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", pathD);
    p.setAttribute("fill", "currentColor");
    svg.appendChild(p);
    return svg;
  }

  var storage = (function () {
    try {
      var s = window.sessionStorage, k = "__vw_test__";
      s.setItem(k, "1");
      s.removeItem(k);
      return s;
    } catch (e) {
      var mem = {};
      return {
        getItem: function (k) { return Object.prototype.hasOwnProperty.call(mem, k) ? mem[k] : null; },
        setItem: function (k, v) { mem[k] = String(v); },
        removeItem: function (k) { delete mem[k]; }
      };
    }
  })();

  function newSenderId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function loadTranscript() {
    try {
      var data = JSON.parse(storage.getItem(KEYS.transcript) || "[]");
      return Array.isArray(data) ? data : [];
    } catch (e) {
      return [];
    }
  }

  function saveTranscript() {
    try { storage.setItem(KEYS.transcript, JSON.stringify(transcript)); } catch (e) { /* quota: keep in memory */ }
  }

  function clearStorage() {
    Object.keys(KEYS).forEach(function (k) { storage.removeItem(KEYS[k]); });
  }

  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ""));
    if (!m) return String(iso || "");
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    try {
      return new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(d);
    } catch (e) {
      return iso;
    }
  }

  // ------------------------------------------------------------------ safe light formatting
  // Supported: paragraphs (blank line), "1. " numbered lists, "- " bullet lists, **bold**,
  // [text](https://…) and bare http(s) URLs. Everything else is literal text.
  var INLINE_RE = /\*\*([^*\n](?:[^\n]*?[^*\n])?)\*\*|\[([^\]\n]+)\]\(([^()\s]+)\)|(https?:\/\/[^\s<>()"'\]\[]*[^\s<>()"'\]\[.,;:!?])/g;

  function safeUrl(raw) {
    try {
      var u = new URL(raw);
      return (u.protocol === "https:" || u.protocol === "http:") ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function makeLink(label, href) {
    return el("a", { href: href, target: "_blank", rel: "noopener noreferrer", class: "vw-link" },
      [label, el("span", { class: "vw-sr", text: TEXT.newWindow })]);
  }

  function appendInline(parent, text, allowBold) {
    var re = new RegExp(INLINE_RE.source, "g"), last = 0, m;
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      if (m[1] !== undefined) {
        if (allowBold) {
          var strong = el("strong");
          appendInline(strong, m[1], false);
          parent.appendChild(strong);
        } else {
          parent.appendChild(document.createTextNode(m[0]));
        }
      } else if (m[2] !== undefined) {
        var href = safeUrl(m[3]);
        parent.appendChild(href ? makeLink(m[2], href) : document.createTextNode(m[0]));
      } else {
        var bare = safeUrl(m[4]);
        parent.appendChild(bare ? makeLink(m[4], bare) : document.createTextNode(m[0]));
      }
      last = re.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function renderRichText(container, text) {
    var blocks = String(text).replace(/\r\n?/g, "\n").trim().split(/\n[ \t]*\n+/);
    blocks.forEach(function (block) {
      var lines = block.split("\n"), list = null, listType = null, para = null;
      lines.forEach(function (line) {
        var num = /^\s*(\d{1,3})[.)]\s+(.*)$/.exec(line);
        var bullet = /^\s*[-*\u2022]\s+(.*)$/.exec(line);
        if (num || bullet) {
          var type = num ? "ol" : "ul";
          if (!list || listType !== type) {
            list = el(type, { class: "vw-list" });
            if (num && num[1] !== "1") list.setAttribute("start", num[1]);
            listType = type;
            container.appendChild(list);
          }
          para = null;
          var li = el("li");
          appendInline(li, num ? num[2] : bullet[1], true);
          list.appendChild(li);
        } else if (list && /^\s{2,}\S/.test(line)) {
          // indented continuation of the previous list item
          list.lastChild.appendChild(document.createTextNode(" "));
          appendInline(list.lastChild, line.trim(), true);
        } else {
          list = null;
          listType = null;
          if (!para) {
            para = el("p", { class: /^\s*Bron:/.test(line) ? "vw-source" : null });
            container.appendChild(para);
          } else {
            para.appendChild(el("br"));
          }
          appendInline(para, line, true);
        }
      });
    });
  }

  function plainText(text) {
    return String(text)
      .replace(/\*\*([^*\n]+)\*\*/g, "$1")
      .replace(/\[([^\]\n]+)\]\(([^()\s]+)\)/g, "$1")
      .replace(/\s+/g, " ")
      .trim();
  }

  // ------------------------------------------------------------------ state
  var transcript = loadTranscript();
  var senderId = storage.getItem(KEYS.sender);
  if (!senderId) {
    senderId = newSenderId();
    storage.setItem(KEYS.sender, senderId);
  }
  var busy = false;
  var latestPlan = null;
  var ui = {};
  var theme = themeColors(CONFIG.primary);

  // ------------------------------------------------------------------ styles
  function loadStyles() {
    if (document.querySelector("link[data-verzuimwijzer]")) return;
    var href = "widget.css";
    try {
      href = new URL("widget.css", script && script.src ? script.src : window.location.href).href;
    } catch (e) { /* relative fallback */ }
    var link = el("link", { rel: "stylesheet", href: href, "data-verzuimwijzer": "" });
    document.head.appendChild(link);
  }

  // ------------------------------------------------------------------ DOM
  function build() {
    var root = el("div", { class: "vw-root", lang: "nl", id: "verzuimwijzer" });
    // CSSOM custom properties are allowed under a strict CSP (no inline style attribute needed).
    root.style.setProperty("--vw-primary", theme.primary);
    root.style.setProperty("--vw-on-primary", theme.onPrimary);
    root.style.setProperty("--vw-primary-strong", theme.strong);

    ui.launcher = el("button", {
      type: "button", class: "vw-launcher", "aria-expanded": "false", "aria-controls": "vw-panel"
    }, [svgIcon("M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm2 5v2h12V9H6zm0 4v2h8v-2H6z"),
      el("span", { class: "vw-launcher-label", text: TEXT.launcher })]);

    ui.title = el("h2", { class: "vw-title", id: "vw-title", text: CONFIG.title });
    ui.planButton = el("button", { type: "button", class: "vw-hbtn vw-plan-btn", hidden: true, text: TEXT.plan });
    ui.restartButton = el("button", { type: "button", class: "vw-hbtn vw-restart", text: TEXT.restart });
    ui.closeButton = el("button", { type: "button", class: "vw-close", "aria-label": TEXT.close },
      [svgIcon("M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7 2.9 18.3 9.2 12 2.9 5.7 4.3 4.3l6.3 6.3 6.3-6.3z")]);

    var header = el("div", { class: "vw-header" }, [
      el("div", { class: "vw-header-top" }, [
        el("div", { class: "vw-heading" }, [ui.title, el("p", { class: "vw-subtitle", id: "vw-subtitle", text: TEXT.subtitle })]),
        ui.closeButton
      ]),
      el("div", { class: "vw-header-actions" }, [ui.planButton, ui.restartButton])
    ]);

    ui.messages = el("div", {
      class: "vw-messages", tabindex: "0", role: "region", "aria-label": "Gesprek"
    });
    ui.planView = el("div", { class: "vw-planview", hidden: true, role: "region", "aria-labelledby": "vw-plan-title" });

    ui.live = el("div", { class: "vw-sr vw-live", "aria-live": "polite", "aria-atomic": "true" });
    ui.status = el("div", { class: "vw-sr", role: "status" });

    ui.input = el("textarea", {
      id: "vw-input", class: "vw-input", rows: "1", maxlength: String(CONFIG.maxLength),
      autocomplete: "off", placeholder: TEXT.placeholder, "aria-describedby": "vw-privacy"
    });
    ui.sendButton = el("button", { type: "submit", class: "vw-send" },
      [svgIcon("M2 21l21-9L2 3v7l15 2-15 2v7z"), el("span", { class: "vw-send-label", text: TEXT.send })]);
    ui.form = el("form", { class: "vw-form", novalidate: true }, [
      el("label", { for: "vw-input", class: "vw-sr", text: TEXT.inputLabel }),
      ui.input, ui.sendButton
    ]);
    ui.privacy = el("p", { class: "vw-privacy", id: "vw-privacy", text: TEXT.privacy });

    ui.panel = el("div", {
      class: "vw-panel", id: "vw-panel", role: "dialog", "aria-modal": "false",
      "aria-labelledby": "vw-title", "aria-describedby": "vw-subtitle", hidden: true
    }, [header, ui.messages, ui.planView, ui.form, ui.privacy, ui.live, ui.status]);

    root.appendChild(ui.panel);
    root.appendChild(ui.launcher);
    ui.root = root;
    document.body.appendChild(root);

    // events
    ui.launcher.addEventListener("click", function () { setOpen(true); });
    ui.closeButton.addEventListener("click", function () { setOpen(false); });
    ui.restartButton.addEventListener("click", restart);
    ui.planButton.addEventListener("click", function () { openPlan(); });
    ui.form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      submitTyped();
    });
    ui.input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        submitTyped();
      }
    });
    ui.input.addEventListener("input", autoGrow);
    ui.panel.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        ev.preventDefault();
        if (!ui.planView.hidden) closePlan();
        else setOpen(false);
      }
    });
  }

  function autoGrow() {
    ui.input.style.height = "auto";
    ui.input.style.height = Math.min(ui.input.scrollHeight, 140) + "px";
  }

  function setOpen(open, opts) {
    ui.panel.hidden = !open;
    ui.launcher.setAttribute("aria-expanded", open ? "true" : "false");
    ui.root.classList.toggle("vw-open", open);
    storage.setItem(KEYS.open, open ? "1" : "0");
    if (open) {
      scrollToEnd();
      if (!(opts && opts.noFocus)) ui.input.focus();
    } else if (!(opts && opts.noFocus)) {
      ui.launcher.focus();
    }
  }

  function scrollToEnd() {
    ui.messages.scrollTop = ui.messages.scrollHeight;
  }

  function announce(text) {
    // clear first so repeated identical messages are announced again
    ui.live.textContent = "";
    window.setTimeout(function () { ui.live.textContent = text; }, 60);
  }

  // ------------------------------------------------------------------ rendering messages
  function bubble(kind, extraClass) {
    var wrap = el("div", { class: "vw-msg vw-msg--" + kind + (extraClass ? " " + extraClass : "") });
    var who = el("span", { class: "vw-sr", text: kind === "user" ? "U: " : CONFIG.title + ": " });
    var body = el("div", { class: "vw-bubble" }, [who]);
    wrap.appendChild(body);
    ui.messages.appendChild(wrap);
    return { wrap: wrap, body: body };
  }

  function renderUser(entry) {
    var b = bubble("user");
    b.body.appendChild(el("span", { class: "vw-user-text", text: entry.display || entry.text }));
    if (entry.status === "failed") markFailed(b.wrap);
    entry._node = b.wrap;
    return b.wrap;
  }

  function markFailed(wrap) {
    if (wrap.querySelector(".vw-failed")) return;
    wrap.classList.add("vw-msg--failed");
    wrap.appendChild(el("span", { class: "vw-failed", text: TEXT.notSent }));
  }

  function unmarkFailed(wrap) {
    if (!wrap) return;
    wrap.classList.remove("vw-msg--failed");
    var f = wrap.querySelector(".vw-failed");
    if (f) f.remove();
  }

  function renderBotText(text, extraClass) {
    var b = bubble("bot", extraClass);
    renderRichText(b.body, text);
    return b.wrap;
  }

  function renderQuickReplies(buttons) {
    var valid = (buttons || []).filter(function (btn) {
      return btn && typeof btn.title === "string" && btn.title.trim() && typeof btn.payload === "string";
    });
    if (!valid.length) return null;
    var group = el("div", { class: "vw-quick", role: "group", "aria-label": "Antwoordopties" });
    valid.forEach(function (btn) {
      var b = el("button", { type: "button", class: "vw-quick-btn", text: btn.title });
      b.addEventListener("click", function () {
        send(btn.payload, btn.title, { fromButton: true });
      });
      group.appendChild(b);
    });
    ui.messages.appendChild(group);
    return group;
  }

  function removeQuickReplies() {
    Array.prototype.forEach.call(ui.messages.querySelectorAll(".vw-quick"), function (g) { g.remove(); });
  }

  function renderTimeline(tl) {
    if (!tl || typeof tl !== "object") return null;
    var unit = typeof tl.unit === "string" && tl.unit ? tl.unit : "weken";
    var now = Number(tl.now);
    var hasNow = isFinite(now);
    var thresholds = (Array.isArray(tl.thresholds) ? tl.thresholds : []).filter(function (t) {
      return t && isFinite(Number(t.at));
    }).map(function (t) {
      return { at: Number(t.at), label: String(t.label || (t.at + " " + unit)) };
    }).sort(function (a, b) { return a.at - b.at; });

    var max = thresholds.reduce(function (m, t) { return Math.max(m, t.at); }, hasNow ? now : 0);
    var scaleMax = Math.max(1, max * 1.2);
    function pct(v) { return Math.max(0, Math.min(100, (v / scaleMax) * 100)); }

    var wrap = el("div", { class: "vw-msg vw-msg--bot vw-msg--timeline" });
    var fig = el("figure", { class: "vw-timeline" });
    var captionId = "vw-tl-" + Math.random().toString(36).slice(2, 9);
    fig.setAttribute("aria-labelledby", captionId);
    fig.appendChild(el("figcaption", { class: "vw-timeline-caption", id: captionId, text: "Tijdlijn (in " + unit + ")" }));

    // The picture: decorative duplicate of the list below (aria-hidden), built from DOM nodes.
    var pic = el("div", { class: "vw-tl-picture", "aria-hidden": "true" });
    var track = el("div", { class: "vw-tl-track" });
    track.appendChild(el("div", { class: "vw-tl-line" }));
    if (hasNow) {
      var progress = el("div", { class: "vw-tl-progress" });
      progress.style.width = pct(now) + "%";
      track.appendChild(progress);
    }
    track.appendChild(el("span", { class: "vw-tl-zero", text: "0" }));
    thresholds.forEach(function (t, i) {
      var reached = hasNow && now >= t.at;
      var mk = el("div", { class: "vw-tl-marker" + (reached ? " vw-tl-reached" : ""), "data-at": String(t.at) }, [
        el("span", { class: "vw-tl-tick" }),
        el("span", { class: "vw-tl-label", text: String(t.at) + (i === thresholds.length - 1 ? " " + unit : "") })
      ]);
      mk.style.left = pct(t.at) + "%";
      track.appendChild(mk);
    });
    if (hasNow) {
      var nowMk = el("div", { class: "vw-tl-now" }, [
        el("span", { class: "vw-tl-dot" }),
        el("span", { class: "vw-tl-nowlabel", text: "nu" })
      ]);
      nowMk.style.left = pct(now) + "%";
      track.appendChild(nowMk);
    }
    pic.appendChild(track);
    fig.appendChild(pic);

    // Text alternative: the same information as a list, visible for everyone.
    var items = thresholds.map(function (t) {
      return { at: t.at, text: t.label + (hasNow ? (now >= t.at ? " (bereikt)" : " (nog niet bereikt)") : ""), now: false };
    });
    if (hasNow) {
      var nowText = typeof tl.label_now === "string" && tl.label_now ? tl.label_now : "Nu: " + now + " " + unit;
      var idx = 0;
      while (idx < items.length && items[idx].at <= now) idx++;
      items.splice(idx, 0, { at: now, text: nowText, now: true });
    }
    var list = el("ul", { class: "vw-tl-list" });
    items.forEach(function (it) {
      var li = el("li", { class: it.now ? "vw-tl-item-now" : null });
      if (it.now) li.appendChild(el("strong", { text: it.text }));
      else li.textContent = it.text;
      list.appendChild(li);
    });
    fig.appendChild(list);
    if (typeof tl.next === "string" && tl.next) fig.appendChild(el("p", { class: "vw-tl-next", text: tl.next }));
    wrap.appendChild(el("div", { class: "vw-bubble" }, [fig]));
    ui.messages.appendChild(wrap);
    return wrap;
  }

  function renderPlanNotice(plan) {
    var b = bubble("bot", "vw-msg--plan");
    b.body.appendChild(el("p", { text: TEXT.planReady }));
    if (plan.title) b.body.appendChild(el("p", { class: "vw-plan-notice-title" }, [el("strong", { text: String(plan.title) })]));
    var open = el("button", { type: "button", class: "vw-open-plan", text: TEXT.planOpen });
    open.addEventListener("click", function () { openPlan(); });
    b.body.appendChild(open);
    return b.wrap;
  }

  function isPlan(p) {
    return p && typeof p === "object" && Array.isArray(p.steps);
  }

  // Render one bot message object (as sent by Rasa); returns text to announce.
  function renderBotEntry(entry, withButtons) {
    var said = [];
    if (typeof entry.text === "string" && entry.text.trim()) {
      renderBotText(entry.text);
      said.push(plainText(entry.text));
    }
    var custom = entry.custom && typeof entry.custom === "object" ? entry.custom : null;
    if (custom && custom.timeline) {
      renderTimeline(custom.timeline);
      said.push("Er staat een tijdlijn in het gesprek.");
    }
    if (custom && isPlan(custom.plan)) {
      latestPlan = custom.plan;
      ui.planButton.hidden = false;
      renderPlanNotice(custom.plan);
      said.push(TEXT.planReady);
    }
    if (withButtons && entry.buttons && entry.buttons.length) {
      if (renderQuickReplies(entry.buttons)) said.push("Er zijn antwoordknoppen.");
    }
    return said.join(" ");
  }

  function renderGreeting() {
    renderBotText(TEXT.greeting, "vw-msg--greeting");
  }

  function renderAll() {
    ui.messages.textContent = "";
    latestPlan = null;
    ui.planButton.hidden = true;
    renderGreeting();
    var lastUser = -1;
    transcript.forEach(function (e, i) { if (e.role === "user") lastUser = i; });
    transcript.forEach(function (entry, i) {
      if (entry.role === "user") renderUser(entry);
      else renderBotEntry(entry, i > lastUser);
    });
    scrollToEnd();
  }

  // ------------------------------------------------------------------ typing indicator + errors
  function showTyping() {
    hideTyping();
    ui.typing = el("div", { class: "vw-msg vw-msg--bot vw-typing" }, [
      el("div", { class: "vw-bubble" }, [
        el("span", { class: "vw-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
        el("span", { class: "vw-sr", text: TEXT.typing })
      ])
    ]);
    ui.messages.appendChild(ui.typing);
    ui.messages.setAttribute("aria-busy", "true");
    ui.status.textContent = TEXT.typing;
    scrollToEnd();
  }

  function hideTyping() {
    if (ui.typing) ui.typing.remove();
    ui.typing = null;
    ui.messages.removeAttribute("aria-busy");
    ui.status.textContent = "";
  }

  function removeErrors() {
    Array.prototype.forEach.call(ui.messages.querySelectorAll(".vw-error"), function (n) { n.remove(); });
  }

  function showError(message, retry) {
    removeErrors();
    var wrap = el("div", { class: "vw-msg vw-msg--bot vw-error" });
    var body = el("div", { class: "vw-bubble" }, [el("p", { text: message })]);
    var btn = el("button", { type: "button", class: "vw-retry", text: TEXT.retry });
    btn.addEventListener("click", function () {
      wrap.remove();
      retry();
    });
    body.appendChild(btn);
    wrap.appendChild(body);
    ui.messages.appendChild(wrap);
    scrollToEnd();
    announce(message);
    return btn;
  }

  // ------------------------------------------------------------------ sending
  function submitTyped() {
    var text = ui.input.value.trim();
    if (!text) return;
    if (busy) {
      announce(TEXT.busy);
      return;
    }
    ui.input.value = "";
    autoGrow();
    send(text, text, { typed: true });
  }

  function postMessage(message) {
    var body = { sender: senderId, message: message };
    if (CONFIG.region) body.metadata = { region: CONFIG.region };
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timedOut = false;
    var timer = window.setTimeout(function () {
      timedOut = true;
      if (controller) controller.abort();
    }, CONFIG.timeoutMs);
    return fetch(WEBHOOK, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
      mode: "cors",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      signal: controller ? controller.signal : undefined
    }).then(function (res) {
      if (!res.ok) {
        var err = new Error("HTTP " + res.status);
        err.status = res.status;
        throw err;
      }
      return res.json();
    }).then(function (data) {
      window.clearTimeout(timer);
      if (timedOut) throw Object.assign(new Error("timeout"), { timeout: true });
      return Array.isArray(data) ? data : [];
    }, function (err) {
      window.clearTimeout(timer);
      if (timedOut) err.timeout = true;
      throw err;
    });
  }

  function errorText(err) {
    if (err && err.timeout) return TEXT.timeout;
    if (err && err.status === 429) return TEXT.rateLimited;
    if (err && (err.status === 413 || err.status === 400)) return TEXT.tooLong;
    return TEXT.unreachable;
  }

  // send(message payload, text to show as the user's message)
  function send(message, display, opts) {
    if (busy) {
      announce(TEXT.busy);
      return;
    }
    opts = opts || {};
    removeQuickReplies();
    removeErrors();
    var entry = { role: "user", text: message };
    if (display && display !== message) entry.display = display;
    transcript.push(entry);
    saveTranscript();
    renderUser(entry);
    deliver(entry, opts);
  }

  function deliver(entry, opts) {
    busy = true;
    ui.sendButton.setAttribute("aria-disabled", "true");
    showTyping();
    var sentFor = senderId;
    postMessage(entry.text).then(function (messages) {
      busy = false;
      ui.sendButton.removeAttribute("aria-disabled");
      hideTyping();
      if (sentFor !== senderId) return; // conversation was restarted meanwhile
      if (entry.status) {
        delete entry.status;
        unmarkFailed(entry._node);
      }
      if (opts.typed && ui.input.value.trim() === entry.text) {
        ui.input.value = "";
        autoGrow();
      }
      handleBotMessages(messages);
    }, function (err) {
      busy = false;
      ui.sendButton.removeAttribute("aria-disabled");
      hideTyping();
      if (sentFor !== senderId) return;
      entry.status = "failed";
      saveTranscript();
      markFailed(entry._node);
      // never lose typed text: put it back in the input if the user has not typed something new
      if (opts.typed && !ui.input.value.trim()) {
        ui.input.value = entry.text;
        autoGrow();
      }
      showError(errorText(err), function () {
        removeErrors();
        if (busy) return;
        deliver(entry, opts);
      });
    });
  }

  function handleBotMessages(messages) {
    var deleteRequested = messages.some(function (m) {
      return m && m.custom && typeof m.custom === "object" && m.custom.delete_conversation;
    });
    if (deleteRequested) {
      wipeConversation();
      var spoken = [];
      messages.forEach(function (m) {
        if (m && typeof m.text === "string" && m.text.trim()) {
          renderBotText(m.text);
          spoken.push(plainText(m.text));
        }
      });
      if (!spoken.length) {
        renderBotText(TEXT.deleted);
        spoken.push(TEXT.deleted);
      }
      scrollToEnd();
      announce(spoken.join(" "));
      return; // nothing of this exchange is stored
    }
    var said = [];
    messages.forEach(function (m) {
      if (!m || typeof m !== "object") return;
      var entry = {};
      if (typeof m.text === "string") entry.text = m.text;
      if (Array.isArray(m.buttons)) entry.buttons = m.buttons.map(function (b) {
        return { title: String(b && b.title || ""), payload: String(b && b.payload || "") };
      });
      if (m.custom && typeof m.custom === "object") {
        var c = {};
        if (m.custom.timeline) c.timeline = m.custom.timeline;
        if (isPlan(m.custom.plan)) c.plan = m.custom.plan;
        if (Object.keys(c).length) entry.custom = c;
      }
      if (!entry.text && !entry.custom && !(entry.buttons && entry.buttons.length)) return;
      entry.role = "bot";
      transcript.push(entry);
      var s = renderBotEntry(entry, true);
      if (s) said.push(s);
    });
    saveTranscript();
    scrollToEnd();
    if (said.length) announce(CONFIG.title + ": " + said.join(" "));
  }

  // Clears everything this widget stored and starts a fresh sender id.
  function wipeConversation() {
    var wasOpen = !ui.panel.hidden;
    clearStorage();
    transcript = [];
    senderId = newSenderId();
    storage.setItem(KEYS.sender, senderId);
    if (wasOpen) storage.setItem(KEYS.open, "1");
    closePlan({ noFocus: true });
    latestPlan = null;
    renderAll();
  }

  function restart() {
    var oldSender = senderId;
    // Tell Rasa to forget the tracker of the old conversation; fire and forget.
    try {
      var body = { sender: oldSender, message: "/restart" };
      if (CONFIG.region) body.metadata = { region: CONFIG.region };
      fetch(WEBHOOK, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
        credentials: "omit", mode: "cors", cache: "no-store", referrerPolicy: "no-referrer"
      }).catch(function () { /* offline: the new sender id starts clean anyway */ });
    } catch (e) { /* ignore */ }
    busy = false;
    hideTyping();
    ui.sendButton.removeAttribute("aria-disabled");
    wipeConversation();
    announce("Het gesprek is opnieuw begonnen.");
    ui.input.focus();
  }

  // ------------------------------------------------------------------ stappenplan view
  function planSteps(plan) {
    return (plan.steps || []).filter(function (s) { return s && typeof s === "object"; });
  }

  function openPlan() {
    if (!latestPlan) return;
    var plan = latestPlan;
    var v = ui.planView;
    v.textContent = "";
    var toolbar = el("div", { class: "vw-plan-toolbar" });
    var back = el("button", { type: "button", class: "vw-plan-back" }, [
      el("span", { "aria-hidden": "true", text: "\u2190 " }), "Terug", el("span", { class: "vw-sr", text: " naar gesprek" })]);
    var print = el("button", { type: "button", class: "vw-plan-print", text: TEXT.planPrint });
    var download = el("button", { type: "button", class: "vw-plan-download", text: TEXT.planDownload });
    back.addEventListener("click", function () { closePlan(); });
    print.addEventListener("click", printPlan);
    download.addEventListener("click", function () { downloadPlan(plan); });
    toolbar.appendChild(back);
    toolbar.appendChild(print);
    toolbar.appendChild(download);
    v.appendChild(toolbar);

    var doc = el("article", { class: "vw-plan-doc" });
    var h = el("h3", { id: "vw-plan-title", class: "vw-plan-title", tabindex: "-1", text: plan.title || TEXT.plan });
    doc.appendChild(h);
    var metaBits = [];
    if (plan.role) metaBits.push("Voor: " + (ROLE_LABELS[plan.role] || plan.role));
    metaBits.push("Gemaakt op " + formatDate(new Date().toISOString().slice(0, 10)));
    doc.appendChild(el("p", { class: "vw-plan-meta", text: metaBits.join(" · ") }));

    var ol = el("ol", { class: "vw-plan-steps" });
    planSteps(plan).forEach(function (s) {
      var li = el("li", { class: "vw-plan-step" });
      if (s.who) li.appendChild(el("p", { class: "vw-step-who" }, [el("strong", { text: String(s.who) })]));
      if (s.text) {
        var t = el("div", { class: "vw-step-text" });
        renderRichText(t, String(s.text));
        li.appendChild(t);
      }
      var dl = el("dl", { class: "vw-step-meta" });
      if (s.deadline) {
        dl.appendChild(el("dt", { text: "Termijn" }));
        dl.appendChild(el("dd", { text: String(s.deadline) }));
      }
      if (s.due_date) {
        dl.appendChild(el("dt", { text: "Uiterlijk" }));
        dl.appendChild(el("dd", {}, [el("time", { datetime: String(s.due_date), text: formatDate(s.due_date) })]));
      }
      if (dl.childNodes.length) li.appendChild(dl);
      ol.appendChild(li);
    });
    doc.appendChild(ol);

    var sources = Array.isArray(plan.sources) ? plan.sources : [];
    if (sources.length) {
      doc.appendChild(el("h4", { class: "vw-plan-subtitle", text: "Bronnen" }));
      var ul = el("ul", { class: "vw-plan-sources" });
      sources.forEach(function (src) { ul.appendChild(el("li", { text: String(src) })); });
      doc.appendChild(ul);
    }
    doc.appendChild(el("p", { class: "vw-plan-note", text: "Dit stappenplan is algemene informatie van de " + CONFIG.title +
      ". Neem bij twijfel contact op met de school of de leerplichtambtenaar van uw gemeente." }));
    v.appendChild(doc);

    ui.messages.hidden = true;
    ui.form.hidden = true;
    v.hidden = false;
    ui.root.classList.add("vw-plan-open");
    h.focus();
  }

  function closePlan(opts) {
    if (ui.planView.hidden) return;
    ui.planView.hidden = true;
    ui.planView.textContent = "";
    ui.messages.hidden = false;
    ui.form.hidden = false;
    ui.root.classList.remove("vw-plan-open");
    scrollToEnd();
    if (!(opts && opts.noFocus)) (ui.planButton.hidden ? ui.input : ui.planButton).focus();
  }

  function printPlan() {
    var html = document.documentElement;
    html.classList.add("vw-printing");
    var done = function () {
      html.classList.remove("vw-printing");
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    try {
      window.print();
    } finally {
      window.setTimeout(done, 1000);
    }
  }

  function esc(s) {
    return String(s === undefined || s === null ? "" : s)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function planToHtml(plan) {
    var steps = planSteps(plan).map(function (s) {
      var meta = [];
      if (s.deadline) meta.push("<dt>Termijn</dt><dd>" + esc(s.deadline) + "</dd>");
      if (s.due_date) meta.push('<dt>Uiterlijk</dt><dd><time datetime="' + esc(s.due_date) + '">' + esc(formatDate(s.due_date)) + "</time></dd>");
      return "<li>" + (s.who ? "<p class=\"who\"><strong>" + esc(s.who) + "</strong></p>" : "") +
        (s.text ? "<p>" + esc(plainText(s.text)) + "</p>" : "") +
        (meta.length ? "<dl>" + meta.join("") + "</dl>" : "") + "</li>";
    }).join("\n");
    var sources = (Array.isArray(plan.sources) ? plan.sources : []).map(function (s) {
      return "<li>" + esc(s) + "</li>";
    }).join("");
    var title = plan.title || TEXT.plan;
    return "<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n" +
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + esc(title) + "</title>\n<style>\n" +
      "body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1a1a1a;max-width:46rem;margin:2rem auto;padding:0 1rem}\n" +
      "h1{font-size:1.5rem}ol{padding-left:1.5rem}li{margin:0 0 1rem;break-inside:avoid}.who{margin:0}" +
      "dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .75rem;margin:.25rem 0 0}dt{font-weight:600}dd{margin:0}" +
      ".meta,.note{color:#4a4a4a}@media print{body{margin:0;max-width:none}}\n</style>\n</head>\n<body>\n" +
      "<h1>" + esc(title) + "</h1>\n<p class=\"meta\">" + (plan.role ? "Voor: " + esc(ROLE_LABELS[plan.role] || plan.role) + " · " : "") +
      "Gemaakt op " + esc(formatDate(new Date().toISOString().slice(0, 10))) + " met de " + esc(CONFIG.title) + "</p>\n" +
      "<ol>\n" + steps + "\n</ol>\n" + (sources ? "<h2>Bronnen</h2>\n<ul>" + sources + "</ul>\n" : "") +
      "<p class=\"note\">Dit stappenplan is algemene informatie. Neem bij twijfel contact op met de school of de leerplichtambtenaar van uw gemeente.</p>\n" +
      "</body>\n</html>\n";
  }

  function downloadPlan(plan) {
    var blob = new Blob([planToHtml(plan)], { type: "text/html;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: "mijn-stappenplan.html", class: "vw-sr" });
    ui.root.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // ------------------------------------------------------------------ boot
  function boot() {
    loadStyles();
    build();
    renderAll();
    if (storage.getItem(KEYS.open) === "1") setOpen(true, { noFocus: true });
    // Small test/integration hook (read-only information, no way to inject content).
    window.Verzuimwijzer = {
      open: function () { setOpen(true); },
      close: function () { setOpen(false); },
      config: Object.freeze({ serverUrl: CONFIG.serverUrl, region: CONFIG.region, timeoutMs: CONFIG.timeoutMs })
    };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
