// The chair's reconciliation saves each row as it is changed (the form's save button still saves
// every row, and works without this script). A row changed but not yet confirmed by the server is
// kept in this browser (localStorage through js/offline-store.js, wiped on sign-out) so a reload or a
// lost connection loses nothing; it is restored into its row and sent again. Only a JSON answer counts
// as saved.
(function () {
    'use strict';
    const status = document.getElementById('reconcile-status');
    const form = document.getElementById('reconcile-form');
    if (!status || !form || !window.fetch || !window.geccOffline) {
        return;
    }
    const text = status.dataset;
    const key = 'gecc.draft.reconcile.' + text.user + '.' + text.assessment;
    const TIMEOUT_MS = 15000;
    const rows = new Map();
    form.querySelectorAll('tr.reconcile-row').forEach(tr => rows.set(tr.dataset.criterion, tr));
    const fill = (template, ...args) => args.reduce((t, a, i) => t.replace('{' + i + '}', a), template || '');

    const drafts = () => geccOffline.drafts(key);
    const keep = all => geccOffline.keep(key, all);

    const field = (tr, name) => tr.querySelector('[name$=".' + name + '"]');

    function read(tr) {
        const points = field(tr, 'Points');
        const passed = field(tr, 'Passed');
        const na = field(tr, 'NotApplicable');
        return {
            Points: points ? points.value : '',
            Passed: passed ? passed.value : '',
            NotApplicable: na ? na.checked : false,
            Note: field(tr, 'Note').value,
        };
    }

    function write(tr, values) {
        const points = field(tr, 'Points');
        if (points) {
            points.value = values.Points;
        }
        const passed = field(tr, 'Passed');
        if (passed) {
            passed.value = values.Passed;
        }
        const na = field(tr, 'NotApplicable');
        if (na) {
            na.checked = values.NotApplicable;
        }
        field(tr, 'Note').value = values.Note;
    }

    function rowState(tr, state, message) {
        const target = tr.querySelector('.row-state');
        target.textContent = message || '';
        target.className = 'row-state small d-block ' + (state === 'saved' ? 'text-success' : state === 'saving' ? 'text-body-secondary' : 'text-danger');
        tr.dataset.state = state;
    }

    let problem = null;
    let offline = false;
    let signIn = false;
    function render() {
        const waiting = Object.keys(drafts()).length;
        status.textContent = waiting === 0 ? text.saved
            : signIn ? fill(text.signin, waiting)
                : offline ? fill(text.offline, waiting)
                    : problem ? fill(text.error, problem)
                        : fill(text.saving, waiting);
        status.className = 'small fw-semibold ' + (waiting === 0 ? 'text-success' : 'text-danger');
        status.dataset.state = waiting === 0 ? 'saved' : 'waiting';
    }

    function remember(tr) {
        const all = drafts();
        all[tr.dataset.criterion] = read(tr);
        keep(all);
        rowState(tr, 'saving', fill(text.saving, 1));
        render();
    }

    let busy = false;
    let again = false;
    let holding = false;
    let released = null;
    async function sendAll() {
        if (holding) {
            return;
        }
        if (busy) {
            again = true;
            return;
        }
        busy = true;
        try {
            for (const criterionId of Object.keys(drafts())) {
                if (holding) {
                    break;
                }
                const tr = rows.get(criterionId);
                if (!tr) {
                    continue;
                }
                if (!(await send(tr))) {
                    break;
                }
            }
        } finally {
            busy = false;
            render();
            if (released) {
                released();
                released = null;
                return;
            }
            if (again) {
                again = false;
                sendAll();
            }
        }
    }

    // true when the next row may be tried (this one saved or refused with a reason), false to wait.
    async function send(tr) {
        const criterionId = tr.dataset.criterion;
        const values = drafts()[criterionId];
        if (!values) {
            return true;
        }
        const data = new FormData();
        data.set('__RequestVerificationToken', form.querySelector('input[name=__RequestVerificationToken]').value);
        data.set('Rows[0].CriterionId', criterionId);
        data.set('Rows[0].RowVersion', field(tr, 'RowVersion').value);
        data.set('Rows[0].Original', field(tr, 'Original').value);
        data.set('Rows[0].Points', values.Points);
        data.set('Rows[0].Passed', values.Passed);
        if (values.NotApplicable) {
            data.set('Rows[0].NotApplicable', 'true');
        }
        data.set('Rows[0].Note', values.Note);
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
        let response;
        try {
            response = await fetch(form.action, {
                method: 'POST', body: data, credentials: 'same-origin', signal: controller.signal,
                headers: { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
            });
        } catch (e) {
            offline = !(e && e.name === 'AbortError');
            problem = offline ? null : text.timeout;
            rowState(tr, 'error', fill(text.error, problem || ''));
            return false;
        } finally {
            clearTimeout(timer);
        }
        offline = false;
        const isJson = (response.headers.get('Content-Type') || '').indexOf('application/json') >= 0;
        const answer = isJson ? await response.json().catch(() => null) : null;
        if (response.status === 401) {
            signIn = true;
            rowState(tr, 'error', fill(text.signin, ''));
            return false;
        }
        signIn = false;
        if (!answer) {
            problem = fill(text.server, response.status);
            rowState(tr, 'error', fill(text.error, problem));
            return false;
        }
        const all = drafts();
        const changedSince = JSON.stringify(all[criterionId]) !== JSON.stringify(values);
        if (answer.saved) {
            const row = (answer.rows || []).find(r => String(r.criterionId) === criterionId);
            if (row) {
                field(tr, 'RowVersion').value = String(row.rowVersion);
                field(tr, 'Original').value = row.original;
            }
            if (!changedSince) {
                delete all[criterionId];
                keep(all);
                rowState(tr, 'saved', text.saved);
            }
            problem = null;
            return true;
        }
        // Refused (a note is needed, someone else changed the row, signed off): the row keeps its value and says why.
        problem = answer.error;
        rowState(tr, 'error', fill(text.error, answer.error));
        return true;
    }

    // Rows that waited in this browser come back into the page and are sent again.
    const waiting = drafts();
    for (const criterionId of Object.keys(waiting)) {
        const tr = rows.get(criterionId);
        if (tr) {
            write(tr, waiting[criterionId]);
            rowState(tr, 'saving', fill(text.saving, 1));
        }
    }

    rows.forEach(tr => {
        let timer = null;
        tr.addEventListener('input', e => {
            if (e.target.matches('textarea, input[type=number]')) {
                remember(tr);
                clearTimeout(timer);
                timer = setTimeout(sendAll, 700);
            }
        });
        tr.addEventListener('change', () => {
            clearTimeout(timer);
            remember(tr);
            sendAll();
        });
    });
    // The whole form's save button sends every row; what it stores comes back unchanged on the next
    // page and is then dropped from the drafts (the server skips a row equal to what it shows).
    // A row being saved on its own when the button is pressed: the form waits for its answer, so it
    // carries that row's new version (else the whole save would be refused as a conflict).
    let submitting = false;
    form.addEventListener('submit', e => {
        if (busy) {
            e.preventDefault();
            holding = true;
            const submitter = e.submitter;
            new Promise(resolve => { released = resolve; }).then(() => form.requestSubmit(submitter));
            return;
        }
        holding = true;
        submitting = true;
    });
    window.addEventListener('beforeunload', e => {
        if (!submitting && Object.keys(drafts()).length > 0) {
            e.preventDefault();
            e.returnValue = text.leave;
        }
    });
    window.addEventListener('online', sendAll);
    window.addEventListener('focus', sendAll);
    setInterval(() => { if (Object.keys(drafts()).length > 0) { sendAll(); } }, 20000);
    render();
    sendAll();
})();
