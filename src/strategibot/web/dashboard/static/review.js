/* strategibot — the review of unanswered questions (/dashboard/review).
 *
 * The forms work without script in anonymous local mode (they post, the page comes back).
 * With it — and always in Teams, where every request needs the sign-in token — a form is posted
 * with fetch (the token in Authorization, in Teams), the answer's content is put in place and
 * the message of what became of it takes focus, so a keyboard or screen-reader user goes on
 * from there. The download of phrasings.yaml goes with the token too. dashboard.js signs in and
 * loads the content first. No framework, no inline script.
 */
(function () {
  'use strict';

  var body = document.body;
  var teams = body.dataset.auth === 'teams';

  function token() {
    if (!teams) return Promise.resolve(null);
    return window.microsoftTeams.authentication.getAuthToken();
  }

  function show(html) {
    var main = document.getElementById('main');
    main.innerHTML = html;
    main.setAttribute('aria-busy', 'false');
    var notice = document.getElementById('notice');
    if (notice) notice.focus();
  }

  function failed(form, text) {
    var notice = document.getElementById('notice');
    if (!notice) {
      notice = document.createElement('div');
      notice.id = 'notice';
      notice.setAttribute('tabindex', '-1');
      var main = document.getElementById('main');
      main.insertBefore(notice, main.firstChild);
    }
    notice.className = 'notice error';
    notice.setAttribute('role', 'alert');
    notice.textContent = '';
    var title = document.createElement('p');
    title.className = 'notice-title';
    title.textContent = body.dataset.notSaved;
    notice.appendChild(title);
    if (text) {
      var detail = document.createElement('p');
      detail.textContent = text;
      notice.appendChild(detail);
    }
    form.querySelectorAll('button').forEach(function (button) { button.disabled = false; });
    notice.focus();
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains('review-action')) return;
    event.preventDefault();
    var data = new URLSearchParams(new FormData(form)).toString();
    form.querySelectorAll('button').forEach(function (button) { button.disabled = true; });
    token().then(function (jwt) {
      var headers = { Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' };
      if (jwt) headers.Authorization = 'Bearer ' + jwt;
      return fetch(form.getAttribute('action'), {
        method: 'POST', headers: headers, body: data, credentials: 'same-origin' });
    }).then(function (response) {
      return response.json().then(function (answer) { return answer; }, function () { return {}; });
    }).then(function (answer) {
      if (answer && answer.html) show(answer.html);
      else failed(form, answer && answer.error);
    }).catch(function () { failed(form, ''); });
  });

  document.addEventListener('click', function (event) {
    var link = event.target instanceof Element ? event.target.closest('a.review-export') : null;
    if (!link || !teams) return;
    event.preventDefault();
    token().then(function (jwt) {
      return fetch(link.href, { headers: { Authorization: 'Bearer ' + jwt }, credentials: 'omit' });
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.blob();
    }).then(function (blob) {
      var url = URL.createObjectURL(blob);
      var save = document.createElement('a');
      save.href = url;
      save.download = 'phrasings.yaml';
      document.body.appendChild(save);
      save.click();
      save.remove();
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    }).catch(function () {
      var region = document.getElementById('announce');
      if (region) region.textContent = body.dataset.downloadFailed;
    });
  });
}());
