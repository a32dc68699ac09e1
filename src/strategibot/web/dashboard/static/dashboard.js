/* strategibot — the progress page (/dashboard) and its Teams tab.
 *
 * In Teams (body[data-auth="teams"]): initialise the Teams JS SDK (served by the bot), follow
 * the Teams theme, ask Teams for a single sign-on token and fetch the page's content with it;
 * downloads go with the token too. Anonymous local mode (data-auth="none") has the content in
 * the page already. Everywhere: a line chart takes focus, and the arrow keys (Home, End) walk
 * its weeks, each read out in words. The channel tab's configuration page
 * (body[data-page="configure"]) saves the tab. No framework, no inline script.
 */
(function () {
  'use strict';

  var body = document.body;
  var sdk = window.microsoftTeams;

  function announce(text) {
    var region = document.getElementById('announce');
    if (!region) return;
    region.textContent = '';
    window.setTimeout(function () { region.textContent = text; }, 30);
  }

  function walkCharts(root) {
    root.querySelectorAll('svg.chart.line').forEach(function (svg) {
      var points = Array.prototype.slice.call(svg.querySelectorAll('circle.point'));
      var ring = svg.querySelector('circle.focus');
      if (!points.length || !ring) return;
      var index = points.length - 1;
      function show(next) {
        index = Math.max(0, Math.min(points.length - 1, next));
        var point = points[index];
        ring.setAttribute('cx', point.getAttribute('cx'));
        ring.setAttribute('cy', point.getAttribute('cy'));
        announce(point.getAttribute('data-label'));
      }
      svg.addEventListener('focus', function () { show(index); });
      svg.addEventListener('keydown', function (event) {
        var key = event.key;
        if (key === 'ArrowLeft' || key === 'ArrowDown') show(index - 1);
        else if (key === 'ArrowRight' || key === 'ArrowUp') show(index + 1);
        else if (key === 'Home') show(0);
        else if (key === 'End') show(points.length - 1);
        else return;
        event.preventDefault();
      });
    });
  }

  function theme(name) {
    var shown = name === 'dark' ? 'dark' : (name === 'contrast' ? 'contrast' : 'default');
    document.documentElement.setAttribute('data-theme', shown);
  }

  function within(promise, ms) {
    return Promise.race([promise, new Promise(function (_, reject) {
      window.setTimeout(function () { reject(new Error('timeout')); }, ms);
    })]);
  }

  function fail(text) {
    var main = document.getElementById('main');
    main.innerHTML = '';
    var paragraph = document.createElement('p');
    paragraph.className = 'failed';
    paragraph.setAttribute('role', 'alert');
    paragraph.textContent = text;
    main.appendChild(paragraph);
    main.setAttribute('aria-busy', 'false');
  }

  function token() {
    return sdk.authentication.getAuthToken();
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function downloadsWithToken(root) {
    root.querySelectorAll('a.export').forEach(function (link) {
      link.addEventListener('click', function (event) {
        event.preventDefault();
        token().then(function (jwt) {
          return fetch(link.href, { headers: { Authorization: 'Bearer ' + jwt }, credentials: 'omit' });
        }).then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          var disposition = response.headers.get('Content-Disposition') || '';
          var match = /filename="([^"]+)"/.exec(disposition);
          return response.blob().then(function (blob) { save(blob, match ? match[1] : 'fremdrift'); });
        }).catch(function () { announce(body.dataset.downloadFailed); });
      });
    });
  }

  function goToHash() {
    if (!location.hash) return;
    var target = document.getElementById(location.hash.slice(1));
    if (target) { target.scrollIntoView(); target.focus({ preventScroll: true }); }
  }

  async function signIn() {
    if (!sdk) throw new Error('outside');
    try {
      await within(sdk.app.initialize(), 6000);
    } catch (error) {
      throw new Error('outside');
    }
    var context = await sdk.app.getContext();
    theme(context.app && context.app.theme);
    sdk.app.registerOnThemeChangeHandler(theme);
    var lang = body.dataset.lang;
    var locale = ((context.app && context.app.locale) || '').toLowerCase();
    if (body.dataset.explicitLang !== '1' && (locale.indexOf('en') === 0 || locale.indexOf('da') === 0)) {
      lang = locale.slice(0, 2);
    }
    var jwt;
    try {
      jwt = await token();
    } catch (error) {
      throw new Error('token');
    }
    return { token: jwt, lang: lang };
  }

  async function loadInTeams() {
    var auth;
    try {
      auth = await signIn();
    } catch (error) {
      fail(error && error.message === 'outside' ? body.dataset.outside : body.dataset.signInFailed);
      return;
    }
    if (auth.lang !== body.dataset.lang) {
      location.replace('?lang=' + auth.lang + location.hash);
      return;
    }
    var response;
    try {
      response = await fetch(body.dataset.content + '?lang=' + auth.lang, {
        headers: { Authorization: 'Bearer ' + auth.token }, credentials: 'omit'
      });
    } catch (error) {
      fail(body.dataset.failed);
      return;
    }
    if (!response.ok) {
      var reason = '';
      try { reason = (await response.json()).error || ''; } catch (ignored) { reason = ''; }
      fail(body.dataset.failed + (reason ? ' (' + reason + ')' : ''));
      return;
    }
    var main = document.getElementById('main');
    main.innerHTML = await response.text();
    main.setAttribute('aria-busy', 'false');
    walkCharts(main);
    downloadsWithToken(main);
    goToHash();
  }

  function configure() {
    if (!sdk) return;
    sdk.app.initialize().then(function () {
      sdk.pages.config.registerOnSaveHandler(function (saving) {
        var url = location.origin + '/dashboard?tab=channel';
        sdk.pages.config.setConfig({
          entityId: 'fremdrift-kanal', contentUrl: url, suggestedDisplayName: body.dataset.tabName
        }).then(function () { saving.notifySuccess(); },
          function (error) { saving.notifyFailure(String(error)); });
      });
      sdk.pages.config.setValidityState(true);
    });
  }

  if (body.dataset.page === 'configure') {
    configure();
  } else if (body.dataset.auth === 'teams') {
    loadInTeams();
  } else {
    walkCharts(document);
    goToHash();
  }
}());
