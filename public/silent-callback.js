// The silent-authentication iframe lands here with the provider's answer in the URL. This page
// does not boot the app: it hands the address to the app window that framed it, addressed to
// this origin only, and the app checks origin, state and iss before using anything in it.
if (window.parent !== window) {
  window.parent.postMessage(window.location.href, window.location.origin);
}
