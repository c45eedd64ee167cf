// Every page: after a refused post the error summary takes the focus (a screen reader reads it
// first), and a link in it moves the focus into its field, not only the scroll position.
(function () {
    'use strict';
    var summary = document.getElementById('form-errors');
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener('click', function (event) {
        var link = event.target.closest('a[data-focus-field]');
        if (!link) { return; }
        var field = document.getElementById(link.getAttribute('href').slice(1));
        if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({ block: 'center' }); }
    });
})();
