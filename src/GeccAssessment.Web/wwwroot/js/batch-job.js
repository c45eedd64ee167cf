// The certificate batch page asks for its job's progress every few seconds (instead of reloading
// itself, which moved focus and re-read the page to screen readers) and says it in a live region.
(function () {
    'use strict';
    var root = document.querySelector('[data-job-status-url]');
    if (!root) { return; }
    var url = root.getAttribute('data-job-status-url');
    var progress = document.getElementById('job-progress');
    var label = document.getElementById('job-progress-label');
    var status = document.getElementById('job-status');
    var template = document.getElementById('job-download-template');
    var signIn = document.getElementById('job-signin');
    var delay = 2000;

    function poll() {
        fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
            .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
            .then(function (job) {
                progress.value = job.percent;
                progress.textContent = job.percent + '%';
                label.textContent = label.getAttribute('data-text') + ' ' + job.percent + '%';
                if (status.textContent !== job.statusText) { status.textContent = job.statusText; }
                if (job.finished) {
                    if (job.done && template) {
                        var link = template.content.firstElementChild.cloneNode(true);
                        template.replaceWith(link);
                        link.focus();
                    }
                    return;
                }
                setTimeout(poll, delay);
            })
            .catch(function (reason) {
                if (reason === 401) {
                    // Signed out (here or in another tab) or the session ended: every further request
                    // would be refused too. Say so instead of "running", and offer the sign-in.
                    status.textContent = status.getAttribute('data-signed-out');
                    if (signIn) { signIn.classList.remove('d-none'); }
                    return;
                }
                // A lost connection on 3G: try again, less often.
                delay = Math.min(delay * 2, 30000);
                setTimeout(poll, delay);
            });
    }

    setTimeout(poll, delay);
})();
