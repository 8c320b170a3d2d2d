// Ask Shared Services web chat. Plain JavaScript, no external assets.
// The access token and the chat session id live in sessionStorage (this tab only).
"use strict";

(function () {
  var TOKEN_KEY = "askss.token";
  var NAME_KEY = "askss.name";
  var SESSION_KEY = "askss.session";
  var POLL_MILLISECONDS = 5000;
  var UNAVAILABLE = "Sorry, the assistant isn't answering right now. Nothing has been changed. " +
    "Please try again in a minute.";

  var main = document.getElementById("main");
  var signInSection = document.getElementById("sign-in");
  var signInHeading = document.getElementById("sign-in-heading");
  var signInStatus = document.getElementById("sign-in-status");
  var personaList = document.getElementById("personas");
  var chatSection = document.getElementById("chat");
  var signedInAs = document.getElementById("signed-in-as");
  var transcript = document.getElementById("transcript");
  var busy = document.getElementById("busy");
  var form = document.getElementById("message-form");
  var input = document.getElementById("message");
  var messageGroup = document.getElementById("message-group");
  var messageError = document.getElementById("message-error");
  var signOutButton = document.getElementById("sign-out");
  var devSignIn = main.getAttribute("data-dev-sign-in") === "true";
  var pollTimer = null;
  var sending = false;

  function newSessionId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function session() {
    var id = sessionStorage.getItem(SESSION_KEY);
    if (!id) {
      id = newSessionId();
      sessionStorage.setItem(SESSION_KEY, id);
    }
    return id;
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function callJson(method, path, body) {
    var headers = { "Accept": "application/json" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (token()) {
      headers["Authorization"] = "Bearer " + token();
    }
    var response;
    try {
      response = await fetch(path, {
        method: method,
        headers: headers,
        body: body === undefined ? undefined : JSON.stringify(body)
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
    if (result.body && result.body.detail && typeof result.body.detail.message === "string") {
      return result.body.detail.message;
    }
    return fallback;
  }

  // Transcript -------------------------------------------------------------

  function addEntry(who, text) {
    var entry = document.createElement("div");
    entry.className = "entry entry--" + who;
    transcript.appendChild(entry);
    if (!text) {
      return entry;
    }
    var prefix = document.createElement("span");
    prefix.className = "visually-hidden";
    prefix.textContent = who === "user" ? "You said: " : "Assistant said: ";
    var body = document.createElement("p");
    body.className = "entry__text";
    body.appendChild(prefix);
    body.appendChild(document.createTextNode(text));
    entry.appendChild(body);
    return entry;
  }

  function addBotMessage(message) {
    var entry = addEntry("bot", message.text || "");
    var buttons = message.buttons || [];
    if (buttons.length === 0) {
      return;
    }
    var group = document.createElement("div");
    group.className = "button-group";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Choices from the assistant");
    buttons.forEach(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary";
      button.textContent = choice.title;
      button.addEventListener("click", function () {
        if (sending) {
          return;
        }
        Array.prototype.forEach.call(group.querySelectorAll("button"), function (b) {
          b.disabled = true;
        });
        send(choice.payload, choice.title);
      });
      group.appendChild(button);
    });
    entry.appendChild(group);
    transcript.scrollTop = transcript.scrollHeight;
  }

  function showMessages(messages) {
    (messages || []).forEach(addBotMessage);
    transcript.scrollTop = transcript.scrollHeight;
  }

  // Sending ------------------------------------------------------------------

  function showInputError(text) {
    messageError.textContent = "";
    var prefix = document.createElement("span");
    prefix.className = "visually-hidden";
    prefix.textContent = "Error: ";
    messageError.appendChild(prefix);
    messageError.appendChild(document.createTextNode(text));
    messageError.hidden = false;
    messageGroup.classList.add("form-group--error");
    input.setAttribute("aria-describedby", "message-hint message-error");
    input.setAttribute("aria-invalid", "true");
  }

  function clearInputError() {
    messageError.hidden = true;
    messageError.textContent = "";
    messageGroup.classList.remove("form-group--error");
    input.setAttribute("aria-describedby", "message-hint");
    input.removeAttribute("aria-invalid");
  }

  async function send(text, shownAs) {
    sending = true;
    addEntry("user", shownAs);
    busy.textContent = "The assistant is replying…";
    var result = await callJson("POST", "web/messages", { text: text, session: session() });
    busy.textContent = "";
    sending = false;
    if (result.status === 200 || (result.body && Array.isArray(result.body.messages))) {
      showMessages(result.body.messages);
    } else if (result.status === 401) {
      signOut(errorText(result, "Your sign-in has expired. Please sign in again."));
      return;
    } else {
      addBotMessage({ text: errorText(result, UNAVAILABLE), buttons: [] });
    }
    input.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sending) {
      return;
    }
    var text = input.value.trim();
    if (!text) {
      showInputError("Type a message before you send it.");
      input.focus();
      return;
    }
    if (text.length > 2000) {
      showInputError("Your message must be 2,000 characters or fewer.");
      input.focus();
      return;
    }
    clearInputError();
    input.value = "";
    input.focus();
    send(text, text);
  });

  // Proactive messages ----------------------------------------------------------
  // Messages waiting since the last visit are fetched once; after that they arrive on the
  // server-sent event stream /web/events, read with fetch (EventSource cannot send the token).
  // If streaming is impossible, the page polls instead.

  var streamAbort = null;

  async function poll() {
    if (!token()) {
      return;
    }
    var result = await callJson("GET", "web/notifications");
    if (result.status === 200 && result.body) {
      showMessages(result.body.messages);
    } else if (result.status === 401) {
      signOut(errorText(result, "Your sign-in has expired. Please sign in again."));
    }
  }

  function handleEvents(chunk) {
    chunk.split("\n\n").forEach(function (block) {
      var name = "message";
      var data = [];
      block.split("\n").forEach(function (line) {
        if (line.indexOf("event:") === 0) {
          name = line.slice(6).trim();
        } else if (line.indexOf("data:") === 0) {
          data.push(line.slice(5).trim());
        }
      });
      if (name === "message" && data.length) {
        try {
          showMessages([JSON.parse(data.join("\n"))]);
        } catch (error) {
          // not a message: ignore it
        }
      }
    });
  }

  async function listen() {
    while (token() && streamAbort) {
      var response;
      try {
        response = await fetch("web/events", {
          headers: { "Authorization": "Bearer " + token(), "Accept": "text/event-stream" },
          signal: streamAbort.signal
        });
      } catch (error) {
        if (!streamAbort) {
          return;
        }
        await new Promise(function (resolve) { window.setTimeout(resolve, POLL_MILLISECONDS); });
        continue;
      }
      if (response.status === 401) {
        signOut("Your sign-in has expired. Please sign in again.");
        return;
      }
      if (!response.ok || !response.body || !window.TextDecoder) {
        pollTimer = window.setInterval(poll, POLL_MILLISECONDS);
        return;
      }
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
      } catch (error) {
        // the stream broke: open it again
      }
    }
  }

  function startPolling() {
    stopPolling();
    poll();
    streamAbort = new AbortController();
    listen();
  }

  function stopPolling() {
    if (pollTimer !== null) {
      window.clearInterval(pollTimer);
      pollTimer = null;
    }
    if (streamAbort) {
      streamAbort.abort();
      streamAbort = null;
    }
  }

  // Signing in and out ----------------------------------------------------------

  function showChat() {
    signInSection.hidden = true;
    chatSection.hidden = false;
    signOutButton.hidden = false;
    signedInAs.textContent = "Signed in as " + (sessionStorage.getItem(NAME_KEY) || "you") + ".";
    startPolling();
    input.focus();
  }

  function signOut(reason) {
    stopPolling();
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(NAME_KEY);
    sessionStorage.removeItem(SESSION_KEY);
    transcript.textContent = "";
    clearInputError();
    chatSection.hidden = true;
    signOutButton.hidden = true;
    signInSection.hidden = false;
    if (signInStatus) {
      signInStatus.textContent = reason || "You have signed out.";
    }
    loadPersonas();
    signInHeading.focus();
  }

  async function signInAs(persona, button) {
    button.disabled = true;
    signInStatus.textContent = "Signing in as " + persona.name + "…";
    var result = await callJson("POST", "web/sign-in", { staff_number: persona.staff_number });
    button.disabled = false;
    if (result.status !== 200 || !result.body || !result.body.access_token) {
      signInStatus.textContent = errorText(result, "Sorry, signing in didn't work. Please try again.");
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, result.body.access_token);
    sessionStorage.setItem(NAME_KEY, persona.name);
    sessionStorage.setItem(SESSION_KEY, newSessionId());
    signInStatus.textContent = "";
    showChat();
  }

  async function loadPersonas() {
    if (!devSignIn || !personaList) {
      return;
    }
    var result = await callJson("GET", "web/personas");
    personaList.textContent = "";
    if (result.status !== 200 || !Array.isArray(result.body)) {
      signInStatus.textContent = errorText(
        result, "Sorry, the list of people to sign in as isn't available. Please reload the page."
      );
      return;
    }
    result.body.forEach(function (persona) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary persona";
      var label = "Sign in as " + persona.name;
      var title = persona.job_title || "";
      if (persona.grade && title) {
        title = title.charAt(0).toLowerCase() + title.slice(1);
      }
      var role = [persona.grade, title].filter(Boolean).join(" ");
      if (role) {
        label += " (" + role + ")";
      }
      button.textContent = label;
      button.addEventListener("click", function () {
        signInAs(persona, button);
      });
      item.appendChild(button);
      personaList.appendChild(item);
    });
  }

  signOutButton.addEventListener("click", function () {
    signOut("You have signed out.");
  });

  if (token()) {
    showChat();
  } else {
    loadPersonas();
  }
})();
