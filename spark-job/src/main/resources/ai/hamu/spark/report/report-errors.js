/* Lists every script error of the page in its #report-errors box, so a broken chart is never silent. */
(function () {
  'use strict';
  window.hamuReportError = function (message) {
    var box = document.getElementById('report-errors');
    var item = document.createElement('li');
    item.textContent = message;
    box.appendChild(item);
    box.hidden = false;
  };
  window.addEventListener('error', function (event) {
    window.hamuReportError('script error: ' + event.message + ' (line ' + event.lineno + ')');
  });
})();
