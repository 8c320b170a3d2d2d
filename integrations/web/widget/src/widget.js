/*! Ask Shared Services web widget __WIDGET_VERSION__. MIT licence. Styles: GOV.UK Frontend (MIT). */
// One script tag puts the assistant on any page:
//
//   <script src="https://ask.example.gov.uk/widget/v1/widget.js" defer
//           data-token-provider="getIntranetToken"></script>
//
// data-gateway      the gateway's address (default: where this script came from)
// data-token-provider  the name of a global function returning (a promise of) the intranet's
//                   OpenID Connect token for the person; without it, the embedded profile
//                   offers its demonstration sign-in
// data-title        the name shown on the launcher and the panel (default Ask Shared Services)
//
// Everything renders in a shadow root: the page's CSS can't reach in, and the widget's can't
// leak out. Plain JavaScript, no dependencies, text only ever set as text.
(function () {
  "use strict";

  if (window.AskSharedServices && window.AskSharedServices.version) {
    return; // included twice: the first copy serves the page
  }

  var script = document.currentScript;
  var scriptUrl = new URL(script ? script.src : window.location.href, window.location.href);
  var gateway = ((script && script.getAttribute("data-gateway")) ||
    scriptUrl.href.replace(/\/widget\/v1\/widget\.js(\?.*)?$/, "")).replace(/\/+$/, "");
  var title = (script && script.getAttribute("data-title")) || "Ask Shared Services";
  var providerName = script && script.getAttribute("data-token-provider");
  var storeKey = "askss:" + gateway + ":";
  var STREAM_RETRY_MILLISECONDS = 3000;
  var MAX_TEXT = 2000;
  var TEXTS = {
    unavailable: "Sorry, the assistant isn't answering right now. Nothing has been changed. " +
      "Please try again in a minute.",
    unreachable: "Sorry, the assistant can't be reached. Check your connection, then try again. " +
      "Nothing has been changed.",
    expired: "Your sign-in has expired. Please sign in again.",
    intranetExpired: "Your intranet sign-in has expired. Reload the page to sign in again.",
    noSignIn: "Sign in to your intranet to use the assistant. If you are signed in and still see " +
      "this, ask your service desk.",
    empty: "Type a message before you send it.",
    tooLong: "Your message must be 2,000 characters or fewer.",
    choosePersona: "Choose who to sign in as.",
    restarted: "You've started a new conversation."
  };

  var state = {
    config: { dev_sign_in: false },
    me: null,
    open: false,
    sending: false,
    unread: 0,
    stream: null,
    pageTitle: null
  };

  // Storage: the conversation id survives reloads and page changes on this site; a dev sign-in
  // lasts for this tab only. Both are the host page's storage, named after the gateway.

  function stored(kind, key) {
    try {
      return window[kind].getItem(storeKey + key);
    } catch (error) {
      return null;
    }
  }

  function store(kind, key, value) {
    try {
      if (value === null) {
        window[kind].removeItem(storeKey + key);
      } else {
        window[kind].setItem(storeKey + key, value);
      }
    } catch (error) {
      // storage refused (private mode): the widget still works for this page
    }
  }

  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function session() {
    var id = stored("localStorage", "session");
    if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
      id = randomId();
      store("localStorage", "session", id);
    }
    return id;
  }

  // Who is signed in: the intranet's token when the page provides one, else a dev sign-in.

  function provider() {
    var fn = providerName ? window[providerName] : window.AskSharedServices.tokenProvider;
    return typeof fn === "function" ? fn : null;
  }

  async function token() {
    var fn = provider();
    if (fn) {
      try {
        var value = await fn();
        return typeof value === "string" && value ? value : null;
      } catch (error) {
        return null;
      }
    }
    return stored("sessionStorage", "token");
  }

  async function call(method, path, body, options) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    var bearer = options && options.anonymous ? null : await token();
    if (bearer) {
      headers["Authorization"] = "Bearer " + bearer;
    }
    var response;
    try {
      response = await fetch(gateway + path, {
        method: method,
        headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        mode: "cors"
      });
    } catch (error) {
      return { status: 0, body: null };
    }
    var data = null;
    try {
      data = await response.json();
    } catch (error) {
      data = null;
    }
    return { status: response.status, body: data };
  }

  function errorText(result, fallback) {
    var detail = result.body && result.body.detail;
    return detail && typeof detail.message === "string" ? detail.message : fallback;
  }

  // Building the DOM -------------------------------------------------------------------------

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === true) {
        node.setAttribute(name, "");
      } else if (value !== false && value !== null && value !== undefined) {
        node.setAttribute(name, value);
      }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function hiddenText(text) {
    return el("span", { "class": "govuk-visually-hidden" }, [text]);
  }

  var host = document.createElement("ask-shared-services");
  var root = host.attachShadow({ mode: "open" });
  var stylesheet = el("link", { rel: "stylesheet", href: gateway + "/widget/v1/widget.css" });
  var container = el("div", { "class": "asks", hidden: true });

  var badgeCount = el("span", {}, []);
  var badgeWords = hiddenText("");
  var badge = el("span", { "class": "asks-badge", hidden: true }, [badgeCount, badgeWords]);
  var launcher = el("button", {
    type: "button",
    "class": "govuk-button asks-launcher",
    "aria-haspopup": "dialog",
    "aria-expanded": "false",
    "data-module": "asks-launcher"
  }, [el("span", {}, [title]), badge]);

  var heading = el("h2", { "class": "asks-title", id: "asks-title", tabindex: "-1" }, [title]);
  var who = el("p", { "class": "asks-who", hidden: true }, []);
  var restartButton = el("button", { type: "button", "class": "asks-header-button", hidden: true },
    ["Start again"]);
  var signOutButton = el("button", { type: "button", "class": "asks-header-button", hidden: true },
    ["Sign out"]);
  var closeButton = el("button", { type: "button", "class": "asks-header-button" },
    ["Close", hiddenText(" " + title)]);
  var header = el("div", { "class": "asks-header" }, [
    heading,
    el("div", { "class": "asks-header-actions" }, [restartButton, signOutButton, closeButton]),
    who
  ]);

  // Signing in (demonstration personas, or a message when the page gives no token)
  var signInSection = el("div", { "class": "asks-sign-in", hidden: true }, []);

  // The conversation
  var messages = el("ol", { "class": "asks-messages" }, []);
  var log = el("div", {
    "class": "asks-log",
    role: "log",
    "aria-live": "polite",
    "aria-label": "Conversation with the assistant",
    tabindex: "0",
    hidden: true
  }, [messages]);
  var typing = el("p", { "class": "asks-typing", role: "status" }, []);
  var inputError = el("p", { "class": "govuk-error-message", id: "asks-message-error", hidden: true },
    []);
  var input = el("input", {
    "class": "govuk-input",
    id: "asks-message",
    name: "message",
    type: "text",
    autocomplete: "off",
    spellcheck: "true",
    "aria-describedby": "asks-message-hint"
  }, []);
  var sendButton = el("button", { type: "submit", "class": "govuk-button" }, ["Send"]);
  var formGroup = el("div", { "class": "govuk-form-group" }, [
    el("label", { "class": "govuk-label", "for": "asks-message" }, ["Your message"]),
    el("div", { "class": "govuk-hint", id: "asks-message-hint" },
      ["For example, “How much leave have I got?”"]),
    inputError,
    el("div", { "class": "asks-form-row" }, [input, sendButton])
  ]);
  var form = el("form", { "class": "asks-form", novalidate: true, hidden: true }, [formGroup]);
  var announcer = el("p", { "class": "govuk-visually-hidden asks-status", role: "status" }, []);

  var panel = el("dialog", { "class": "asks-panel", "aria-labelledby": "asks-title" }, [
    header,
    el("div", { "class": "asks-body" }, [signInSection, log, typing, form]),
    announcer
  ]);
  container.appendChild(launcher);
  container.appendChild(panel);
  root.appendChild(stylesheet);
  root.appendChild(container);

  // Shown once styled and once it knows who is signed in, so the first click opens the right
  // view (never an empty panel, never the persona picker of someone already signed in).
  var waitingFor = 2;
  function reveal() {
    waitingFor -= 1;
    if (waitingFor === 0) {
      container.hidden = false;
    }
  }
  stylesheet.addEventListener("load", reveal);
  stylesheet.addEventListener("error", reveal);

  // Messages ---------------------------------------------------------------------------------

  var URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]'’]/g;

  function safeHref(text) {
    try {
      var url = new URL(text);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function linkified(text) {
    // Plain text with http(s) addresses made into links that open in a new tab, safely.
    var parts = [];
    var last = 0;
    text.replace(URL_PATTERN, function (match, offset) {
      var href = safeHref(match);
      if (!href) {
        return match;
      }
      parts.push(document.createTextNode(text.slice(last, offset)));
      parts.push(el("a", {
        "class": "govuk-link",
        href: href,
        target: "_blank",
        rel: "noopener noreferrer"
      }, [match, hiddenText(" (opens in a new tab)")]));
      last = offset + match.length;
      return match;
    });
    parts.push(document.createTextNode(text.slice(last)));
    return parts;
  }

  function formatted(text) {
    // Paragraphs at blank lines; lines starting "- " become a bulleted list (an indented line
    // continues the item above); other line breaks are kept as the assistant wrote them.
    var blocks = [];
    text.replace(/\r\n?/g, "\n").split(/\n\s*\n/).forEach(function (block) {
      var paragraph = null;
      var list = null;
      var item = null;
      block.split("\n").forEach(function (line) {
        var bullet = /^\s*[-•]\s+(.*)$/.exec(line);
        if (bullet) {
          if (!list) {
            list = el("ul", { "class": "govuk-list govuk-list--bullet" }, []);
            blocks.push(list);
          }
          item = el("li", {}, linkified(bullet[1]));
          list.appendChild(item);
          paragraph = null;
        } else if (item && /^\s+\S/.test(line)) {
          linkified(" " + line.trim()).forEach(function (part) {
            item.appendChild(part);
          });
        } else if (line.trim()) {
          list = null;
          item = null;
          if (!paragraph) {
            paragraph = el("p", {}, []);
            blocks.push(paragraph);
          } else {
            paragraph.appendChild(el("br", {}, []));
          }
          linkified(line.trim()).forEach(function (part) {
            paragraph.appendChild(part);
          });
        }
      });
    });
    return blocks;
  }

  function timeOf(at) {
    var when = at ? new Date(at) : new Date();
    if (isNaN(when.getTime())) {
      when = new Date();
    }
    var today = new Date();
    var sameDay = when.toDateString() === today.toDateString();
    var words = when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
    if (!sameDay) {
      words = when.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short" }) +
        ", " + words;
    }
    return el("time", { datetime: when.toISOString() }, [words]);
  }

  var SPEAKERS = { user: "You", assistant: "Assistant", problem: "Problem" };

  function addMessage(message, before) {
    var from = SPEAKERS[message.speaker] ? message.speaker : "assistant";
    var item = el("li", { "class": "asks-message asks-message--" + from }, [
      el("p", { "class": "asks-meta" }, [
        SPEAKERS[from],
        hiddenText(from === "problem" ? ": " : " said, "),
        timeOf(message.at)
      ]),
      el("div", { "class": "asks-text" }, formatted(message.text || ""))
    ]);
    var buttons = message.buttons || [];
    if (buttons.length) {
      var group = el("div", {
        "class": "govuk-button-group",
        role: "group",
        "aria-label": "Choices from the assistant"
      }, []);
      buttons.forEach(function (choice) {
        var button = el("button", {
          type: "button",
          "class": "govuk-button govuk-button--secondary",
          disabled: message.answered ? true : null,
          "aria-disabled": message.answered ? "true" : null
        }, [choice.title]);
        button.addEventListener("click", function () {
          if (state.sending || button.disabled) {
            return;
          }
          Array.prototype.forEach.call(group.querySelectorAll("button"), function (b) {
            b.disabled = true;
            b.setAttribute("aria-disabled", "true");
          });
          send(choice.payload, choice.title);
        });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    messages.insertBefore(item, before || null);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function clearMessages() {
    while (messages.firstChild) {
      messages.removeChild(messages.firstChild);
    }
  }

  function announce(text) {
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = text;
    }, 50);
  }

  // Unread proactive messages while the widget is closed: a badge and the page's title.

  function showUnread() {
    badge.hidden = state.unread === 0;
    badgeCount.textContent = state.unread ? String(state.unread) : "";
    badgeWords.textContent = !state.unread ? "" :
      state.unread === 1 ? " new message" : " new messages";
    if (state.unread) {
      if (state.pageTitle === null) {
        state.pageTitle = document.title; // the page's own title, whatever it is by now
      }
      document.title = "(" + state.unread + ") " + state.pageTitle;
    } else if (state.pageTitle !== null) {
      document.title = state.pageTitle;
      state.pageTitle = null;
    }
  }

  // Sending ----------------------------------------------------------------------------------

  function showInputError(text) {
    inputError.textContent = "";
    inputError.appendChild(hiddenText("Error: "));
    inputError.appendChild(document.createTextNode(text));
    inputError.hidden = false;
    formGroup.classList.add("govuk-form-group--error");
    input.classList.add("govuk-input--error");
    input.setAttribute("aria-describedby", "asks-message-hint asks-message-error");
    input.setAttribute("aria-invalid", "true");
  }

  function clearInputError() {
    inputError.hidden = true;
    inputError.textContent = "";
    formGroup.classList.remove("govuk-form-group--error");
    input.classList.remove("govuk-input--error");
    input.setAttribute("aria-describedby", "asks-message-hint");
    input.removeAttribute("aria-invalid");
  }

  function setTyping(on) {
    typing.textContent = "";
    if (on) {
      typing.appendChild(el("span", { "class": "asks-typing-dots" }, ["The assistant is typing"]));
    }
  }

  async function send(text, shownAs) {
    state.sending = true;
    panel.setAttribute("data-sending", "true");
    sendButton.setAttribute("aria-disabled", "true");
    addMessage({ speaker: "user", text: shownAs });
    setTyping(true);
    var result = await call("POST", "/web/messages", { text: text, session: session() });
    setTyping(false);
    state.sending = false;
    panel.setAttribute("data-sending", "false");
    sendButton.removeAttribute("aria-disabled");
    var replies = result.body && Array.isArray(result.body.messages) ? result.body.messages : null;
    if (result.status === 200 && replies) {
      replies.forEach(function (reply) {
        addMessage({ speaker: "assistant", text: reply.text, buttons: reply.buttons });
      });
    } else if (result.status === 401) {
      await signedOut(provider() ? TEXTS.intranetExpired : TEXTS.expired);
      return;
    } else if (result.status === 422) {
      addMessage({ speaker: "problem", text: errorText(result, TEXTS.unavailable) });
    } else if (result.status === 0) {
      addMessage({ speaker: "problem", text: TEXTS.unreachable });
    } else {
      var words = replies && replies.length ? replies[0].text : errorText(result, TEXTS.unavailable);
      addMessage({ speaker: "problem", text: words });
    }
    var focused = root.activeElement;
    if (state.open && !form.hidden && (!focused || focused.disabled)) {
      input.focus(); // the chosen button is now disabled: carry on typing
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (state.sending) {
      return;
    }
    var text = input.value.trim();
    if (!text) {
      showInputError(TEXTS.empty);
      input.focus();
      return;
    }
    if (text.length > MAX_TEXT) {
      showInputError(TEXTS.tooLong);
      input.focus();
      return;
    }
    clearInputError();
    input.value = "";
    input.focus();
    send(text, text);
  });

  // History: the conversation as the gateway has it, so a reload loses nothing.

  async function loadHistory() {
    // Earlier messages go before anything said while they were loading.
    log.setAttribute("aria-busy", "true");
    var first = messages.firstChild;
    var result = await call("GET", "/web/history?session=" + encodeURIComponent(session()));
    var before = first || messages.firstChild;
    if (result.status === 200 && result.body && Array.isArray(result.body.messages)) {
      result.body.messages.forEach(function (message) {
        addMessage(message, before);
      });
    } else if (result.status === 401) {
      log.removeAttribute("aria-busy");
      await signedOut(provider() ? TEXTS.intranetExpired : TEXTS.expired);
      return;
    } else if (result.status !== 200) {
      addMessage({ speaker: "problem", text: errorText(result, TEXTS.unavailable) });
    }
    log.removeAttribute("aria-busy");
  }

  // Proactive messages: waiting ones once, then a server-sent event stream read with fetch
  // (EventSource cannot send the token).

  function proactive(message) {
    addMessage({ speaker: "assistant", text: message.text, buttons: message.buttons });
    if (!state.open) {
      state.unread += 1;
      showUnread();
    }
  }

  function handleEvents(chunk) {
    chunk.split(/\r?\n\r?\n/).forEach(function (block) {
      var name = "message";
      var data = [];
      block.split(/\r?\n/).forEach(function (line) {
        if (line.indexOf("event:") === 0) {
          name = line.slice(6).trim();
        } else if (line.indexOf("data:") === 0) {
          data.push(line.slice(5).replace(/^ /, ""));
        }
      });
      if (name === "message" && data.length) {
        try {
          proactive(JSON.parse(data.join("\n")));
        } catch (error) {
          // not a message: ignored
        }
      }
    });
  }

  async function listen(controller) {
    var waiting = await call("GET", "/web/notifications");
    if (waiting.status === 200 && waiting.body && Array.isArray(waiting.body.messages)) {
      waiting.body.messages.forEach(proactive);
    }
    while (state.stream === controller) {
      var bearer = await token();
      if (!bearer) {
        return;
      }
      var response = null;
      try {
        response = await fetch(gateway + "/web/events", {
          headers: { "Authorization": "Bearer " + bearer, "Accept": "text/event-stream" },
          signal: controller.signal,
          credentials: "omit",
          mode: "cors"
        });
      } catch (error) {
        response = null;
      }
      if (response && response.status === 401) {
        if (state.stream === controller) {
          await signedOut(provider() ? TEXTS.intranetExpired : TEXTS.expired);
        }
        return;
      }
      if (response && response.ok && response.body) {
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffered = "";
        try {
          for (;;) {
            var part = await reader.read();
            if (part.done) {
              break;
            }
            buffered += decoder.decode(part.value, { stream: true });
            var cut = buffered.lastIndexOf("\n\n");
            if (cut >= 0) {
              handleEvents(buffered.slice(0, cut));
              buffered = buffered.slice(cut + 2);
            }
          }
          continue; // the stream ended on time: open the next one at once
        } catch (error) {
          // the stream broke: open it again after a pause
        }
      }
      if (state.stream !== controller) {
        return;
      }
      await new Promise(function (resolve) {
        window.setTimeout(resolve, STREAM_RETRY_MILLISECONDS);
      });
    }
  }

  function startListening() {
    stopListening();
    state.stream = new AbortController();
    listen(state.stream);
  }

  function stopListening() {
    if (state.stream) {
      state.stream.abort();
      state.stream = null;
    }
  }

  // Signed in and out ------------------------------------------------------------------------

  async function signedIn(me) {
    state.me = me;
    who.textContent = "Signed in as " + me.name;
    who.hidden = false;
    restartButton.hidden = false;
    signOutButton.hidden = !!provider();
    signInSection.hidden = true;
    signInSection.textContent = "";
    log.hidden = false;
    form.hidden = false;
    if (state.open) {
      input.focus(); // the sign-in form it was on has gone
    }
    await loadHistory();
    startListening();
  }

  function personaItem(persona) {
    var id = "asks-persona-" + persona.staff_number;
    var hintId = id + "-hint";
    return el("div", { "class": "govuk-radios__item" }, [
      el("input", {
        "class": "govuk-radios__input",
        id: id,
        name: "persona",
        type: "radio",
        value: persona.staff_number,
        "aria-describedby": hintId
      }, []),
      el("label", { "class": "govuk-label govuk-radios__label", "for": id }, [persona.name]),
      el("div", { "class": "govuk-hint govuk-radios__hint", id: hintId },
        [persona.job_title + " (" + persona.grade + ")"])
    ]);
  }

  async function showPersonas(reason) {
    var result = await call("GET", "/web/personas", undefined, { anonymous: true });
    var people = result.status === 200 && Array.isArray(result.body) ? result.body : [];
    var error = el("p", { "class": "govuk-error-message", id: "asks-persona-error", hidden: true },
      []);
    var radios = el("div", { "class": "govuk-radios govuk-radios--small", "data-module": "govuk-radios" },
      people.map(personaItem));
    var group = el("div", { "class": "govuk-form-group" }, [
      el("fieldset", { "class": "govuk-fieldset", "aria-describedby": "asks-persona-hint" }, [
        el("legend", { "class": "govuk-fieldset__legend govuk-fieldset__legend--s" }, [
          el("h3", { "class": "govuk-fieldset__heading" }, ["Who are you?"])
        ]),
        el("div", { "class": "govuk-hint", id: "asks-persona-hint" },
          ["This is a demonstration. Choose a made-up civil servant to sign in as."]),
        error,
        radios
      ])
    ]);
    var signInForm = el("form", { novalidate: true }, [
      group,
      el("button", { type: "submit", "class": "govuk-button" }, ["Sign in"])
    ]);
    signInForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      var chosen = signInForm.querySelector("input[name=persona]:checked");
      if (!chosen) {
        error.textContent = "";
        error.appendChild(hiddenText("Error: "));
        error.appendChild(document.createTextNode(TEXTS.choosePersona));
        error.hidden = false;
        group.classList.add("govuk-form-group--error");
        var first = signInForm.querySelector("input[name=persona]");
        if (first) {
          first.focus();
        }
        return;
      }
      var signIn = await call("POST", "/web/sign-in", { staff_number: chosen.value },
        { anonymous: true });
      if (signIn.status !== 200 || !signIn.body || !signIn.body.access_token) {
        error.textContent = "";
        error.appendChild(hiddenText("Error: "));
        error.appendChild(document.createTextNode(errorText(signIn, TEXTS.unreachable)));
        error.hidden = false;
        group.classList.add("govuk-form-group--error");
        chosen.focus();
        return;
      }
      store("sessionStorage", "token", signIn.body.access_token);
      await resolveSignIn();
      if (state.me) {
        announce("Signed in as " + state.me.name + ".");
        input.focus();
      }
    });
    var children = [];
    if (reason) {
      children.push(el("p", { "class": "govuk-body asks-reason" }, [reason]));
    }
    if (result.status === 200) {
      children.push(signInForm);
    } else {
      children.push(el("p", { "class": "govuk-body" }, [errorText(result, TEXTS.unreachable)]));
    }
    signInSection.textContent = "";
    children.forEach(function (child) {
      signInSection.appendChild(child);
    });
  }

  async function signedOut(reason) {
    var hadFocus = panel.contains(root.activeElement);
    stopListening();
    state.me = null;
    store("sessionStorage", "token", null);
    who.hidden = true;
    restartButton.hidden = true;
    signOutButton.hidden = true;
    log.hidden = true;
    form.hidden = true;
    clearMessages();
    signInSection.hidden = false;
    signInSection.textContent = "";
    if (!provider() && state.config.dev_sign_in) {
      await showPersonas(reason);
    } else {
      signInSection.appendChild(el("p", { "class": "govuk-body" },
        [reason && provider() ? reason : TEXTS.noSignIn]));
    }
    if (hadFocus || state.open) {
      heading.focus();
    }
  }

  async function resolveSignIn() {
    if (!(await token())) {
      await signedOut(null);
      return;
    }
    var result = await call("GET", "/web/me");
    if (result.status === 200 && result.body && result.body.name) {
      await signedIn(result.body);
    } else if (result.status === 401) {
      await signedOut(provider() ? TEXTS.intranetExpired : TEXTS.expired);
    } else {
      await signedOut(errorText(result, TEXTS.unreachable));
    }
  }

  // Opening and closing ----------------------------------------------------------------------

  function open() {
    if (state.open) {
      return;
    }
    state.open = true;
    store("sessionStorage", "open", "true");
    panel.showModal();
    launcher.setAttribute("aria-expanded", "true");
    launcher.hidden = true; // behind the dialog, and inert there
    state.unread = 0;
    showUnread();
    log.scrollTop = log.scrollHeight;
    if (state.me) {
      input.focus();
    } else {
      heading.focus();
    }
  }

  function closed() {
    state.open = false;
    store("sessionStorage", "open", null);
    launcher.setAttribute("aria-expanded", "false");
    launcher.hidden = false;
    launcher.focus();
  }

  function close() {
    if (panel.open) {
      panel.close();
    }
  }

  launcher.addEventListener("click", open);
  closeButton.addEventListener("click", close);
  panel.addEventListener("close", closed);

  restartButton.addEventListener("click", function () {
    store("localStorage", "session", randomId());
    clearMessages();
    clearInputError();
    announce(TEXTS.restarted);
    input.focus();
  });

  signOutButton.addEventListener("click", async function () {
    await signedOut(null);
    announce("You've signed out.");
  });

  // Start ------------------------------------------------------------------------------------

  async function start() {
    document.body.appendChild(host);
    var config = await call("GET", "/web/config", undefined, { anonymous: true });
    if (config.status === 200 && config.body) {
      state.config = config.body;
    }
    await resolveSignIn();
    reveal();
    if (stored("sessionStorage", "open") === "true") {
      open();
    }
  }

  window.AskSharedServices = {
    version: "__WIDGET_VERSION__",
    tokenProvider: null,
    open: open,
    close: close,
    /** Tells the widget how to get the person's intranet token, then signs in again. */
    setTokenProvider: function (fn) {
      window.AskSharedServices.tokenProvider = fn;
      return resolveSignIn();
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
