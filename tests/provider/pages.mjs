// HTML for every page the provider shows. Element ids are a contract with the browser
// tests (see README.md in this folder); change them only together with those tests.
// No external fonts or scripts: the test browser has no network besides 127.0.0.1.

export const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

export function layout(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem}
input,button{display:block;width:100%;box-sizing:border-box;margin:.4rem 0;padding:.5rem;font-size:1rem}
.error{color:#b00020}
</style>
</head>
<body>
<h1>${esc(title)}</h1>
${body}
</body>
</html>`;
}

const clientLabel = (client) => esc(client?.clientName || client?.clientId || 'the application');

export function loginPage({ uid, clientName, login = '', error }) {
  return layout('Sign in', `
<p>Sign in to continue to <strong>${esc(clientName)}</strong>. Demo user: alice / wonderland.</p>
${error ? `<p id="error" class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
  <label for="login">Username</label>
  <input id="login" name="login" value="${esc(login)}" required autofocus>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" required>
  <button id="submit" type="submit">Sign in</button>
</form>`);
}

export function consentPage({ uid, clientName, scopes, claims }) {
  const items = [...scopes, ...claims].map((s) => `<li>${esc(s)}</li>`).join('');
  return layout('Authorize', `
<p><strong>${esc(clientName)}</strong> asks for:</p>
<ul id="scopes">${items}</ul>
<form method="post" action="/interaction/${esc(uid)}/confirm">
  <button id="approve" type="submit">Allow</button>
</form>
<form method="post" action="/interaction/${esc(uid)}/abort">
  <button id="deny" type="submit">Deny</button>
</form>`);
}

// Page sources handed to oidc-provider (features.* and renderError). Each one gets the
// provider's own <form> (it carries the xsrf token) and adds buttons bound to it.
export const pages = {
  async logout(ctx, form) {
    ctx.type = 'html';
    ctx.body = layout('Sign out', `
<p>Do you want to sign out from ${esc(ctx.host)}?</p>
${form}
<button id="logout-confirm" type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>
<button id="logout-cancel" type="submit" form="op.logoutForm">No, stay signed in</button>`);
  },

  async logoutSuccess(ctx) {
    ctx.type = 'html';
    ctx.body = layout('Signed out', `<p id="logout-success">You are signed out${
      ctx.oidc.client ? ` of ${clientLabel(ctx.oidc.client)}` : ''}.</p>`);
  },

  async userCodeInput(ctx, form, out, err) {
    let message = '<p>Enter the code shown on your device.</p>';
    if (err) {
      let text = esc(out?.error_description || 'There was an error processing your request.');
      if (err.userCode || err.name === 'NoCodeError') text = 'The code you entered is incorrect. Try again.';
      else if (err.name === 'AbortedError') text = 'The sign-in request was aborted.';
      message = `<p id="error" class="error" role="alert">${text}</p>`;
    }
    // The provider's form has exactly one user_code text input; give it a stable id.
    const withId = form.replace('name="user_code"', 'id="user-code" name="user_code"');
    ctx.type = 'html';
    ctx.body = layout('Connect a device', `${message}
${withId}
<button id="user-code-submit" type="submit" form="op.deviceInputForm">Continue</button>`);
  },

  async userCodeConfirm(ctx, form, client, deviceInfo, userCode) {
    ctx.type = 'html';
    ctx.body = layout('Confirm device', `
<p><strong>${clientLabel(client)}</strong> wants to sign in on a device showing this code:</p>
<p><code id="device-user-code">${esc(userCode)}</code></p>
${form}
<button id="device-approve" type="submit" form="op.deviceConfirmForm">Continue</button>
<button id="device-deny" type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Abort</button>`);
  },

  async deviceSuccess(ctx) {
    ctx.type = 'html';
    ctx.body = layout('Device connected', `<p id="device-success">${clientLabel(ctx.oidc.client)} is now signed in on your device. You can close this window.</p>`);
  },

  async error(ctx, out) {
    ctx.type = 'html';
    ctx.body = layout('Something went wrong', `
<p id="error" class="error">${esc(out.error)}</p>
<p id="error-description">${esc(out.error_description)}</p>`);
  },
};
