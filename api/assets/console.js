// The console's progressive enhancement: nothing on the page needs it.
// Elements with `data-poll` (a same-origin JSON URL) are refreshed from
// their endpoint every few seconds while the page is visible:
// - `data-poll-kind="door"`: the door view's count of those checked in
//   ({checkedIn, expected, text}); the element is a status region, so its
//   text is only replaced when it changes (one announcement per change);
// - `data-poll-kind="progress"`: a reminder's delivery report
//   ({sent, pending, failed, total}): the <progress> bar and the counts
//   marked `data-count="…"`; polling stops once nothing is pending.
(function () {
  'use strict';

  var EVERY_MS = 3000;

  function setText(element, text) {
    if (element && element.textContent !== text) {
      element.textContent = text;
    }
  }

  function door(element, data) {
    if (typeof data.text === 'string') {
      setText(element, data.text);
    }
    return false;
  }

  function progress(element, data) {
    var bar = element.querySelector('progress');
    var done = data.total - data.pending;
    if (bar && data.total > 0) {
      if (String(bar.max) !== String(data.total)) bar.max = data.total;
      if (String(bar.value) !== String(done)) bar.value = done;
    }
    ['sent', 'pending', 'failed', 'total'].forEach(function (key) {
      if (typeof data[key] === 'number') {
        setText(element.querySelector('[data-count="' + key + '"]'), String(data[key]));
      }
    });
    return data.pending === 0;
  }

  var KINDS = { door: door, progress: progress };

  function watch(element) {
    var url = element.getAttribute('data-poll');
    var apply = KINDS[element.getAttribute('data-poll-kind')];
    if (!url || !apply || !window.fetch) return;
    var timer = null;
    var busy = false;
    var finished = false;

    function later() {
      if (finished || timer !== null || document.visibilityState !== 'visible') return;
      timer = window.setTimeout(tick, EVERY_MS);
    }

    function tick() {
      timer = null;
      if (finished || busy || document.visibilityState !== 'visible') return;
      busy = true;
      window.fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && apply(element, data)) finished = true;
        })
        .catch(function () { /* the page still works; try again later */ })
        .then(function () {
          busy = false;
          later();
        });
    }

    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') {
        if (timer === null) tick();
      } else if (timer !== null) {
        window.clearTimeout(timer);
        timer = null;
      }
    });
    later();
  }

  var elements = document.querySelectorAll('[data-poll]');
  for (var i = 0; i < elements.length; i += 1) {
    watch(elements[i]);
  }
})();
