// Passkeys for Aidtrail, written here (no CDN, no inline script).
//
// Enrolment: the "Add a passkey" button on /account/keys registers a
// passkey (user verification required) and sends it to the server.
//
// Signing: a form marked data-sign is first posted with the header
// "Aidtrail-Sign: prepare"; the server changes nothing and answers the
// statement of the entry the form would append (204 if there is nothing
// to sign). The statement is shown in plain words; on confirmation the
// passkey signs its hash, the assertion goes into a hidden "signature"
// field and the form is submitted as usual. Without JavaScript the form
// is posted unsigned, and the page says so.
(function () {
  "use strict";

  function b64u(buf) {
    var s = "", b = new Uint8Array(buf);
    for (var i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function unb64u(s) {
    s = s.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    var bin = atob(s), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }

  function texts() {
    var el = document.getElementById("sign-texts");
    return el ? el.dataset : {};
  }

  function post(url, body, headers) {
    return fetch(url, { method: "POST", body: body, headers: headers || {}, credentials: "same-origin" });
  }

  // --- Enrolment ---

  function enrol(button) {
    var errorEl = document.getElementById("passkey-error");
    function fail(msg) {
      errorEl.textContent = msg;
      errorEl.hidden = false;
      button.disabled = false;
    }
    button.disabled = true;
    errorEl.hidden = true;
    post("/account/keys/options").then(function (res) {
      return res.json().then(function (j) {
        if (!res.ok) throw new Error(j.error || res.statusText);
        return j;
      });
    }).then(function (opts) {
      var pk = opts.publicKey;
      pk.challenge = unb64u(pk.challenge);
      pk.user.id = unb64u(pk.user.id);
      (pk.excludeCredentials || []).forEach(function (c) { c.id = unb64u(c.id); });
      return navigator.credentials.create({ publicKey: pk });
    }).then(function (cred) {
      var body = {
        id: cred.id, rawId: b64u(cred.rawId), type: cred.type,
        response: {
          attestationObject: b64u(cred.response.attestationObject),
          clientDataJSON: b64u(cred.response.clientDataJSON),
          transports: cred.response.getTransports ? cred.response.getTransports() : []
        },
        clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {}
      };
      return post("/account/keys", JSON.stringify(body), { "Content-Type": "application/json" });
    }).then(function (res) {
      return res.json().then(function (j) {
        if (!res.ok) throw new Error(j.error || res.statusText);
        window.location.assign(j.next);
      });
    }).catch(function (err) {
      fail(err && err.message ? err.message : String(err));
    });
  }

  // --- Signing ---

  function formBody(form, submitter) {
    var fd = new FormData(form, submitter);
    if ((form.enctype || "").indexOf("multipart") === 0) return fd;
    return new URLSearchParams(fd);
  }

  function submitAs(form, submitter) {
    form.dataset.signing = "done";
    if (form.requestSubmit) form.requestSubmit(submitter || undefined);
    else form.submit();
  }

  function dialog(text) {
    var t = texts();
    return new Promise(function (resolve) {
      var d = document.createElement("dialog");
      d.id = "sign-dialog";
      d.className = "sign-dialog";
      var h = document.createElement("p");
      h.className = "sign-title";
      h.textContent = t.title || "";
      var p = document.createElement("p");
      p.id = "sign-statement";
      p.textContent = text;
      var ok = document.createElement("button");
      ok.type = "button";
      ok.id = "sign-confirm";
      ok.className = "primary";
      ok.textContent = t.confirm || "OK";
      var no = document.createElement("button");
      no.type = "button";
      no.id = "sign-cancel";
      no.textContent = t.cancel || "Cancel";
      var status = document.createElement("p");
      status.id = "sign-status";
      status.setAttribute("role", "status");
      d.appendChild(h);
      d.appendChild(p);
      d.appendChild(ok);
      d.appendChild(no);
      d.appendChild(status);
      document.body.appendChild(d);
      ok.addEventListener("click", function () { resolve({ dialog: d, ok: true, status: status }); });
      no.addEventListener("click", function () { d.close(); d.remove(); resolve({ ok: false }); });
      d.showModal();
    });
  }

  function sign(form, submitter) {
    var t = texts();
    form.dataset.signing = "busy";
    post(form.action, formBody(form, submitter), { "Aidtrail-Sign": "prepare" }).then(function (res) {
      if (res.status !== 200 || (res.headers.get("Content-Type") || "").indexOf("application/json") !== 0) {
        submitAs(form, submitter); // nothing to sign: post the form as usual, it shows any error
        return;
      }
      return res.json().then(function (st) {
        return dialog(st.text).then(function (choice) {
          if (!choice.ok) {
            delete form.dataset.signing;
            return;
          }
          choice.status.textContent = t.working || "";
          var o = st.options;
          o.challenge = unb64u(o.challenge);
          (o.allowCredentials || []).forEach(function (c) { c.id = unb64u(c.id); });
          return navigator.credentials.get({ publicKey: o }).then(function (a) {
            var input = document.createElement("input");
            input.type = "hidden";
            input.name = "signature";
            input.value = JSON.stringify({
              id: b64u(a.rawId), issued: st.issued, nonce: st.nonce,
              auth_data: b64u(a.response.authenticatorData),
              client_data: b64u(a.response.clientDataJSON),
              sig: b64u(a.response.signature)
            });
            form.appendChild(input);
            choice.dialog.close();
            choice.dialog.remove();
            submitAs(form, submitter);
          }).catch(function () {
            choice.status.textContent = t.failed || "";
            delete form.dataset.signing;
          });
        });
      });
    }).catch(function () {
      submitAs(form, submitter);
    });
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute("data-sign") || !window.PublicKeyCredential) return;
    if (form.dataset.signing === "done") return;
    e.preventDefault();
    if (form.dataset.signing === "busy") return;
    sign(form, e.submitter);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var b = document.getElementById("enrol-passkey");
    if (b && window.PublicKeyCredential) {
      b.hidden = false;
      b.addEventListener("click", function () { enrol(b); });
    }
  });
})();
