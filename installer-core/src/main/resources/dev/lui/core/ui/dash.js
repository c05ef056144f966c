// lui dashboard: follows the server's event streams and updates the page in place. No inline
// script anywhere (the Content-Security-Policy forbids it); text from nodes is set with
// textContent, never parsed as HTML. The only HTML inserted is the timeline fragment the server
// rendered and escaped.
(function () {
  'use strict';
  var body = document.body;
  var page = body.dataset.page;
  var live = document.getElementById('live');

  function stream(url, handlers) {
    var es = new EventSource(url);
    es.onopen = function () {
      live.className = 'live on';
      live.title = 'live updates';
    };
    es.onerror = function () {
      live.className = 'live off';
      live.title = es.readyState === 2 ? 'no updates: reload the page' : 'reconnecting';
    };
    Object.keys(handlers).forEach(function (name) {
      es.addEventListener(name, function (e) {
        handlers[name](JSON.parse(e.data));
      });
    });
    return es;
  }

  function cell(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) {
      el.className = cls;
    }
    el.textContent = text;
    return el;
  }

  if (page === 'cluster') {
    var count = function (state, delta) {
      var c = document.getElementById('count-' + state);
      if (c) {
        c.textContent = String(Number(c.textContent) + delta);
      }
    };
    var apply = function (nodes) {
      nodes.forEach(function (n) {
        var el = document.getElementById('n-' + n[0]);
        if (!el) {
          return; // filtered out, or defined after the page was drawn
        }
        var old = el.className.replace(/^s-/, '');
        if (n[1] === 'removed') {
          count(old, -1);
          var total = document.getElementById('total');
          total.textContent = String(Number(total.textContent) - 1);
          el.remove();
          return;
        }
        if (old !== n[1]) {
          count(old, -1);
          count(n[1], 1);
          el.className = 's-' + n[1];
        }
        el.title = n[0] + ': ' + n[1] + (n[2] ? ': ' + n[2] : '');
      });
    };
    stream('/ui/events?since=' + encodeURIComponent(body.dataset.version), {
      nodes: apply,
      snapshot: apply
    });
  }

  if (page === 'node') {
    var log = document.getElementById('log');
    var search = document.getElementById('log-search');
    var timeline = document.getElementById('timeline');
    var matches = function (li) {
      var q = search.value.trim().toLowerCase();
      return q === '' || li.lastChild.textContent.toLowerCase().indexOf(q) >= 0;
    };
    search.addEventListener('input', function () {
      Array.prototype.forEach.call(log.children, function (li) {
        li.hidden = !matches(li);
      });
    });
    var refresh = function () {
      fetch(body.dataset.timeline, {credentials: 'same-origin'})
        .then(function (r) {
          return r.ok ? r.text() : Promise.reject(r.status);
        })
        .then(function (html) {
          timeline.innerHTML = html; // rendered and escaped by the server
        })
        .catch(function () {});
    };
    stream(body.dataset.events, {
      log: function (lines) {
        var atEnd = window.innerHeight + window.scrollY >= document.body.offsetHeight - 40;
        lines.forEach(function (l) {
          var li = document.createElement('li');
          li.appendChild(cell('time', '', l[1]));
          li.appendChild(cell('span', 'k', l[2]));
          li.appendChild(cell('span', 't', l[3]));
          li.hidden = !matches(li);
          log.appendChild(li);
        });
        while (log.children.length > 5000) {
          log.removeChild(log.firstChild);
        }
        if (atEnd) {
          window.scrollTo(0, document.body.scrollHeight);
        }
        refresh();
      },
      node: function (nodes) {
        var n = nodes[0];
        var state = document.getElementById('node-state');
        state.textContent = n[1];
        state.className = 'badge s-' + n[1];
        document.getElementById('node-detail').textContent = n[2];
        refresh();
      }
    });
  }

  if (page === 'transfers') {
    var rows = document.getElementById('transfer-rows');
    stream('/ui/transfers/events', {
      transfers: function (list) {
        var fresh = document.createDocumentFragment();
        list.forEach(function (t) {
          var tr = document.createElement('tr');
          var good = t[5] === 'completed' || t[5] === 'served';
          tr.className = good ? 'ok' : 'failed';
          tr.appendChild(cell('td', '', t[0]));
          tr.appendChild(cell('td', '', t[1]));
          tr.appendChild(cell('td', '', t[2]));
          tr.appendChild(cell('td', '', t[3]));
          tr.appendChild(cell('td', 'num', String(t[4])));
          tr.appendChild(cell('td', '', t[5]));
          tr.appendChild(cell('td', '', t[6]));
          fresh.appendChild(tr);
        });
        rows.replaceChildren(fresh);
      }
    });
  }
})();
