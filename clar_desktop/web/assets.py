"""The phones' script and style sheet, as bytes in memory (never read from a path).

The script is plain ES5 — the browsers of cheap Android phones — and does one thing: keep
the page's main part current. It listens to ``/events`` with EventSource (which reconnects by
itself) and swaps in the part each event carries; where EventSource is missing, or the stream
keeps failing, it polls ``/state.json`` every few seconds and fetches the part when the
version changed. The language chosen is kept in the browser too (localStorage).
"""

from __future__ import annotations

SCRIPT = b"""(function () {
  'use strict';
  var body = document.body, main = document.getElementById('main');
  var live = document.getElementById('live');
  var page = body.getAttribute('data-page'), lang = body.getAttribute('data-lang');
  var failures = 0, polling = null, source = null;
  try {
    if (/[?&]lang=/.test(location.search)) { localStorage.setItem('clar_lang', lang); }
    else {
      var kept = localStorage.getItem('clar_lang');
      if (kept && kept !== lang) { location.replace(location.pathname + '?lang=' +
                                                    encodeURIComponent(kept)); return; }
    }
  } catch (e) { /* private mode: the cookie remembers */ }
  function version() {
    var d = main.firstElementChild || main.firstChild;
    return d && d.getAttribute ? d.getAttribute('data-version') : null;
  }
  function state(on) {
    live.textContent = live.getAttribute(on ? 'data-on' : 'data-off');
    live.className = on ? 'live on' : 'live';
  }
  function show(html) { main.innerHTML = html; state(true); }
  function get(url, done) {
    var x = new XMLHttpRequest();
    x.open('GET', url, true);
    x.timeout = 8000;
    x.onreadystatechange = function () {
      if (x.readyState === 4) { done(x.status === 200 ? x.responseText : null); }
    };
    x.send();
  }
  function poll() {
    get('/state.json', function (text) {
      if (text === null) { state(false); return; }
      var v = null;
      try { v = JSON.parse(text).version; } catch (e) { return; }
      if (v !== null && v !== version()) {
        get(location.pathname + '?part=main&lang=' + encodeURIComponent(lang),
            function (html) { if (html !== null) { show(html); } });
      } else { state(true); }
    });
  }
  function startPolling() {
    if (polling === null) { polling = setInterval(poll, 4000); poll(); }
  }
  if (!window.EventSource) { startPolling(); return; }
  source = new EventSource('/events?page=' + encodeURIComponent(page) + '&lang=' +
                           encodeURIComponent(lang));
  source.onmessage = function (e) {
    failures = 0;
    if (polling !== null) { clearInterval(polling); polling = null; }
    var data;
    try { data = JSON.parse(e.data); } catch (err) { return; }
    if (data.version !== version()) { show(data.html); } else { state(true); }
  };
  source.onopen = function () { state(true); };
  source.onerror = function () {
    state(false);
    failures += 1;
    if (failures >= 3) { startPolling(); }
  };
})();
"""

STYLE = b"""*{box-sizing:border-box}
html{font-size:20px;-webkit-text-size-adjust:100%}
body{margin:0;padding:0 12px 48px;background:#fff;color:#000;
font-family:"DejaVu Sans",Roboto,"Noto Sans",Arial,sans-serif;line-height:1.35}
header{border-bottom:3px solid #000;padding:6px 0}
.contest{margin:0 0 4px;font-size:.7rem;font-weight:bold}
nav,.langs{display:flex;flex-wrap:wrap;gap:4px;margin:0 0 4px}
nav a,.langs a{padding:6px 8px;border:2px solid #000;border-radius:6px;color:#000;
text-decoration:none;font-size:.75rem;line-height:1.2;min-height:36px}
nav a[aria-current],.langs a[aria-current]{background:#000;color:#fff}
[aria-current] .tr{color:#e6e6e6}
.langs a{font-size:.7rem;min-height:32px;padding:4px 8px}
h1{font-size:1.4rem;margin:14px 0 6px}h2{font-size:1.15rem;margin:18px 0 6px}
p{margin:6px 0}.muted{color:#333}.note{font-size:.9rem;color:#222}
.kicker{font-weight:bold;text-transform:uppercase;font-size:.8rem;margin-top:12px}
.big{font-size:1.2rem}.num{font-variant-numeric:tabular-nums}
.tr{display:block;font-size:.85em;color:#333}
.card{display:block;padding:12px;border:2px solid #000;border-radius:8px;color:#000}
.result{border:3px solid #000;border-radius:8px;padding:8px 10px;margin:10px 0}
.result.is-ok{border-color:#00684c;background:#e3f6ef}.result.is-no{border-color:#9a3600;
background:#fde9dc}.result.is-wait{border-color:#8a5a00;background:#fff3d6}
.criteria{font-size:.8rem;padding-left:1.6em;margin:4px 0}
.juror{border-top:1px solid #555;padding:6px 0}.juror p{margin:2px 0}
.juror.off{color:#333}.values{font-size:1.05rem;letter-spacing:.02em}
.fix{text-decoration:underline}
.ok{color:#00684c;font-weight:bold}.wait{color:#8a5a00;font-weight:bold}
.no{color:#9a3600}
.rows{list-style:none;padding:0;margin:0}
.row{border-top:1px solid #555;padding:8px 0 8px 44px;position:relative}
.row .rank{position:absolute;left:0;top:8px;font-size:1.3rem;font-weight:bold;width:40px}
.row .org{display:block;font-weight:bold}.row .fig,.row .status{display:block;font-size:.9rem}
.row.is-ok{border-left:8px solid #00684c;padding-left:40px}.row.is-ok .rank{left:4px}
.row.is-wait{border-left:8px dashed #8a5a00;padding-left:40px}.row.is-wait .rank{left:4px}
.row.is-no .status{color:#9a3600}.row.is-ok .status{color:#00684c;font-weight:bold}
.line{border-top:4px dashed #b35f00;color:#7a3f00;font-weight:bold;padding:4px 0;
font-size:.85rem;text-align:right}
.withheld{font-size:1.1rem;font-weight:bold;padding:12px;border:2px dashed #000;
border-radius:8px}
.hash{font-family:"DejaVu Sans Mono",monospace;font-size:.9rem;word-break:break-all;
background:#eee;padding:8px;border-radius:6px}
.live{position:fixed;left:0;right:0;bottom:0;margin:0;padding:6px 12px;font-size:.75rem;
background:#8a5a00;color:#fff}.live:empty{display:none}.live.on{background:#00684c}
"""
