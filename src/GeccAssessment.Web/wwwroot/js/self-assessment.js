// The self-assessment saves each criterion's answer as it is typed and uploads each evidence file
// as soon as it is chosen, one request per file, with a progress bar and a retry. Without this
// script the page is one form that saves everything at once, as before. Saves go one at a time:
// each answer carries the application's row version, and the next save is based on the one the
// server gave back. Answers not yet confirmed are kept in this browser (localStorage) and files not
// yet uploaded as blobs in IndexedDB (js/offline-store.js, both wiped on sign-out): after a reload
// they are back on the page and sent again, as they are when the connection returns and on a timer.
(function () {
    'use strict';
    const status = document.getElementById('self-status');
    const form = document.getElementById('self-form');
    if (!status || !form || !window.fetch || !window.FormData || !window.geccOffline) {
        return;
    }
    const text = status.dataset;
    const application = form.action.split('/').pop();
    const key = 'gecc.draft.self.' + application;
    const rowVersion = form.querySelector('input[name=RowVersion]');
    const token = () => form.querySelector('input[name=__RequestVerificationToken]').value;
    const fill = (template, ...args) => args.reduce((t, a, i) => t.replace('{' + i + '}', a), template || '');
    const STALL_MS = 15000;
    const drafts = () => geccOffline.drafts(key);
    const keep = all => geccOffline.keep(key, all);

    // Files chosen and not yet uploaded: blobs in IndexedDB, or in memory where there is none.
    const memory = new Map();
    let nextMemoryId = 1;
    const uploads = {
        async all() {
            const db = await geccOffline.open();
            const rows = db ? await db.getAll('uploads') : Array.from(memory.values());
            return rows.filter(r => r.application === application).sort((a, b) => a.id - b.id);
        },
        async add(row) {
            const db = await geccOffline.open().catch(() => null);
            if (db) {
                try {
                    row.id = await db.add('uploads', row);
                    return row;
                } catch (e) { /* storage full or refused: kept in memory for this page only */ }
            }
            row.id = 'm' + nextMemoryId++;
            memory.set(row.id, row);
            return row;
        },
        async remove(id) {
            if (memory.delete(id)) {
                return;
            }
            const db = await geccOffline.open().catch(() => null);
            if (db) {
                await db.delete('uploads', id).catch(() => undefined);
            }
        },
    };

    const tasks = [];
    let running = false;
    let problem = null;
    let offline = false;
    let signIn = false;
    const idleWaiters = [];

    function pending() {
        return Object.keys(drafts()).length + tasks.filter(t => t.kind === 'file').length + (running ? 1 : 0)
            + form.querySelectorAll('.upload-item[data-state=error]').length;
    }

    function render() {
        // A file whose upload failed still waits: the page never says "saved" over it.
        const waiting = Object.keys(drafts()).length + tasks.length + form.querySelectorAll('.upload-item[data-state=error]').length;
        status.textContent = waiting === 0 && !running ? text.saved
            : signIn ? fill(text.signin, waiting)
                : offline ? fill(text.offline, waiting)
                    : problem ? fill(text.error, problem)
                        : fill(text.saving, Math.max(waiting, 1));
        status.dataset.state = waiting === 0 && !running ? 'saved' : 'waiting';
    }

    function enqueue(task) {
        // A newer answer of the same criterion replaces one still waiting.
        if (task.kind === 'answer') {
            const i = tasks.findIndex(t => t.kind === 'answer' && t.criterionId === task.criterionId);
            if (i >= 0) {
                tasks.splice(i, 1);
            }
        }
        tasks.push(task);
        render();
        run();
    }

    async function run() {
        if (running) {
            return;
        }
        running = true;
        while (tasks.length > 0) {
            const task = tasks[0];
            const ok = task.kind === 'answer' ? await sendAnswer(task) : await sendFile(task);
            tasks.shift();
            if (!ok && task.kind === 'answer') {
                // Kept in the drafts; tried again on the timer, on focus or when back online.
                break;
            }
        }
        running = false;
        render();
        if (tasks.length === 0) {
            idleWaiters.splice(0).forEach(resolve => resolve());
        }
    }

    function answerState(criterionId, state, message) {
        const card = document.getElementById('criterion-' + criterionId);
        const target = card.querySelector('.answer-state');
        target.textContent = message || '';
        target.className = 'answer-state small d-block ' + (state === 'saved' ? 'text-success' : state === 'saving' ? 'text-body-secondary' : 'text-danger');
        card.dataset.state = state;
    }

    async function answerOf(response) {
        if (response.status === 401) {
            signIn = true;
            return null;
        }
        signIn = false;
        const isJson = (response.headers.get('Content-Type') || '').indexOf('application/json') >= 0;
        const answer = isJson ? await response.json().catch(() => null) : null;
        if (!answer) {
            problem = fill(text.server, response.status);
            return null;
        }
        if (answer.rowVersion !== undefined) {
            rowVersion.value = String(answer.rowVersion);
        }
        return answer;
    }

    async function sendAnswer(task) {
        const values = drafts()[task.criterionId];
        if (!values) {
            return true;
        }
        const data = new FormData();
        data.set('__RequestVerificationToken', token());
        data.set('RowVersion', rowVersion.value);
        data.set('Answers[0].CriterionId', task.criterionId);
        data.set('Answers[0].SelfScore', values.score);
        data.set('Answers[0].Explanation', values.explanation);
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), STALL_MS);
        let response;
        try {
            response = await fetch(text.part, {
                method: 'POST', body: data, credentials: 'same-origin', signal: controller.signal,
                headers: { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
            });
        } catch (e) {
            offline = !(e && e.name === 'AbortError');
            problem = offline ? null : text.timeout;
            answerState(task.criterionId, 'error', offline ? fill(text.offline, 1) : fill(text.error, problem));
            return false;
        } finally {
            clearTimeout(timer);
        }
        offline = false;
        const answer = await answerOf(response);
        if (!answer) {
            answerState(task.criterionId, 'error', signIn ? fill(text.signin, 1) : fill(text.error, problem));
            return false;
        }
        const all = drafts();
        if (JSON.stringify(all[task.criterionId]) === JSON.stringify(values)) {
            delete all[task.criterionId];
            keep(all);
        }
        if (answer.saved) {
            problem = null;
            answerState(task.criterionId, 'saved', text.saved);
        } else {
            // Refused with a reason (a score out of range…): the field keeps its value and says why.
            answerState(task.criterionId, 'error', fill(text.error, answer.error));
        }
        return true;
    }

    function sendFile(task) {
        return new Promise(resolve => {
            const data = new FormData();
            data.set('__RequestVerificationToken', token());
            data.set('RowVersion', rowVersion.value);
            data.set('Evidence_' + task.criterionId, task.file, task.name);
            const xhr = new XMLHttpRequest();
            let stall = null;
            const watch = () => {
                clearTimeout(stall);
                stall = setTimeout(() => xhr.abort(), STALL_MS);
            };
            // A passing trouble (no connection, no answer, signed out): the file stays in this browser,
            // with a retry button, and is tried again when back online and on the timer. Refused with a
            // reason (wrong type, too large): said beside the file, and not kept.
            const fail = async (message, refused) => {
                clearTimeout(stall);
                task.state.textContent = fill(text.error, message);
                task.state.className = 'upload-state text-danger ms-2';
                task.item.dataset.state = refused ? 'refused' : 'error';
                if (!offline && !refused) {
                    problem = message;
                }
                if (refused) {
                    await uploads.remove(task.uploadId);
                } else {
                    retryButton(task);
                }
                resolve(false);
            };
            xhr.open('POST', text.part);
            xhr.setRequestHeader('Accept', 'application/json');
            xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
            xhr.upload.addEventListener('progress', e => {
                watch();
                if (e.lengthComputable) {
                    task.progress.value = Math.round(100 * e.loaded / e.total);
                }
            });
            xhr.addEventListener('load', () => {
                clearTimeout(stall);
                offline = false;
                let answer = null;
                try {
                    answer = (xhr.getResponseHeader('Content-Type') || '').indexOf('application/json') >= 0 ? JSON.parse(xhr.responseText) : null;
                } catch (e) {
                    answer = null;
                }
                if (xhr.status === 401) {
                    signIn = true;
                    fail(fill(text.signin, 1));
                    return;
                }
                if (!answer) {
                    fail(fill(text.server, xhr.status));
                    return;
                }
                if (answer.rowVersion !== undefined) {
                    rowVersion.value = String(answer.rowVersion);
                }
                if (!answer.saved || !answer.files || answer.files.length === 0) {
                    // Changed elsewhere meanwhile: kept, and sent again on the version a reload brings.
                    fail(answer.error || fill(text.server, xhr.status), !!answer.error && !answer.conflict);
                    return;
                }
                problem = null;
                const file = answer.files[0];
                task.progress.value = 100;
                task.state.textContent = fill(text.uploaded, file.name);
                task.state.className = 'upload-state text-success ms-2';
                task.item.dataset.state = 'saved';
                uploads.remove(task.uploadId).then(() => resolve(true));
            });
            xhr.addEventListener('error', () => {
                offline = true;
                fail(fill(text.offline, 1));
            });
            xhr.addEventListener('abort', () => fail(text.timeout));
            watch();
            xhr.send(data);
        });
    }

    document.querySelectorAll('.self-criterion').forEach(card => {
        const criterionId = card.dataset.criterion;
        const score = card.querySelector('#score-' + criterionId);
        const explanation = card.querySelector('#explanation-' + criterionId);
        const input = card.querySelector('input[type=file]');
        let timer = null;
        const remember = () => {
            const all = drafts();
            all[criterionId] = { score: score.value, explanation: explanation.value };
            keep(all);
            answerState(criterionId, 'saving', fill(text.saving, 1));
            render();
        };
        [score, explanation].forEach(field => {
            field.addEventListener('input', () => {
                remember();
                clearTimeout(timer);
                timer = setTimeout(() => enqueue({ kind: 'answer', criterionId: criterionId }), 700);
            });
            field.addEventListener('change', () => {
                clearTimeout(timer);
                remember();
                enqueue({ kind: 'answer', criterionId: criterionId });
            });
        });
        // Files go one by one as they are chosen, so the form's own submit no longer carries them.
        input.removeAttribute('name');
        input.addEventListener('change', async () => {
            const chosen = Array.from(input.files || []);
            input.value = '';
            for (const file of chosen) {
                // Kept before it is sent, so a reload or a closed lid during the upload loses nothing.
                const row = await uploads.add({ application: application, criterionId: criterionId, blob: file, name: file.name, at: Date.now() });
                enqueue(fileTask(row));
            }
        });
    });

    function fileTask(row) {
        const list = document.querySelector('#criterion-' + row.criterionId + ' .upload-list');
        const item = document.createElement('li');
        item.className = 'upload-item';
        item.dataset.state = 'uploading';
        const name = document.createElement('span');
        name.textContent = row.name;
        const progress = document.createElement('progress');
        progress.max = 100;
        progress.value = 0;
        progress.className = 'ms-2 align-middle';
        progress.setAttribute('aria-label', fill(text.uploading, row.name));
        const state = document.createElement('span');
        state.className = 'upload-state ms-2';
        state.textContent = fill(text.uploading, row.name);
        item.append(name, progress, state);
        list.appendChild(item);
        const task = { kind: 'file', criterionId: row.criterionId, uploadId: row.id, file: row.blob, name: row.name, item: item, progress: progress, state: state };
        item.geccTask = task;
        return task;
    }

    function retryButton(task) {
        let retry = task.item.querySelector('.upload-retry');
        if (!retry) {
            retry = document.createElement('button');
            retry.type = 'button';
            retry.className = 'btn btn-sm btn-outline-danger ms-2 upload-retry';
            retry.textContent = text.retry;
            retry.addEventListener('click', () => again(task));
            task.item.appendChild(retry);
        }
    }

    function again(task) {
        const retry = task.item.querySelector('.upload-retry');
        if (retry) {
            retry.remove();
        }
        task.progress.value = 0;
        task.state.textContent = fill(text.uploading, task.name);
        task.state.className = 'upload-state ms-2';
        task.item.dataset.state = 'uploading';
        enqueue(task);
    }

    // Files that failed for a passing reason go again by themselves when the connection returns and on the timer.
    const retryFiles = () => form.querySelectorAll('.upload-item[data-state=error]').forEach(item => {
        if (item.geccTask) {
            again(item.geccTask);
        }
    });

    // Files chosen before a reload (or a closed browser) and not yet uploaded: back on the page, and sent.
    uploads.all().then(rows => rows.forEach(row => {
        if (document.getElementById('criterion-' + row.criterionId)) {
            enqueue(fileTask(row));
        }
    })).catch(() => undefined);

    // Answers that waited in this browser come back into their fields and are sent again.
    const waiting = drafts();
    Object.keys(waiting).forEach(criterionId => {
        const score = document.getElementById('score-' + criterionId);
        const explanation = document.getElementById('explanation-' + criterionId);
        if (score && explanation) {
            score.value = waiting[criterionId].score;
            explanation.value = waiting[criterionId].explanation;
            enqueue({ kind: 'answer', criterionId: criterionId });
        }
    });

    // Save draft / submit: first let every waiting answer and upload finish, so the form carries the latest row version.
    let submitting = false;
    form.addEventListener('submit', e => {
        if (tasks.length > 0 || running) {
            e.preventDefault();
            const submitter = e.submitter;
            new Promise(resolve => idleWaiters.push(resolve)).then(() => form.requestSubmit(submitter));
            return;
        }
        submitting = true;
    });
    window.addEventListener('beforeunload', e => {
        if (!submitting && pending() > 0) {
            e.preventDefault();
            e.returnValue = text.leave;
        }
    });
    const retryAnswers = () => Object.keys(drafts()).forEach(id => enqueue({ kind: 'answer', criterionId: id }));
    window.addEventListener('online', () => { retryAnswers(); retryFiles(); });
    window.addEventListener('focus', () => { if (!running && tasks.length === 0) { retryAnswers(); } });
    setInterval(() => {
        if (!running && tasks.length === 0) {
            retryAnswers();
            retryFiles();
        }
    }, 20000);
    render();
})();
