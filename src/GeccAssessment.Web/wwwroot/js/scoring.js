// The scoring form saves each change as it is made. Without this script every criterion is an
// ordinary form with a save button, so nothing depends on it. (docs/adr/0008-offline-scoring-and-mark-versions.md)
//
// Every change (a mark with its note, or a photo) goes first into a queue in IndexedDB, so a reload,
// a closed lid or a crashed tab loses nothing; the queue is sent in order, one change at a time, each
// with the change id made when it was queued (the server applies an id once, ADR 0004). Only a JSON
// answer from the server counts as saved. A mark names the version it was based on: the server
// refuses a change made on an older version (another laptop saved meanwhile) and the page shows both
// values until the assessor chooses. A change refused for good (signed off) stays on screen with why.
(function () {
    'use strict';
    const bar = document.getElementById('scoring-totals');
    if (!bar || !window.fetch) {
        return;
    }
    const text = bar.dataset;
    const assessmentId = Number(bar.dataset.assessment);
    const user = bar.dataset.user;
    const canScore = bar.dataset.canScore === 'true';
    const summary = document.getElementById('save-summary');
    const announce = document.getElementById('save-announce');
    const banner = document.getElementById('signin-banner');
    const refusedList = document.getElementById('refused-list');
    const forms = new Map();
    document.querySelectorAll('form.score-form').forEach(form => forms.set(Number(form.dataset.criterion), form));
    const TIMEOUT_MS = 15000;
    const RETRY_MS = 20000;

    const fill = (template, ...args) => args.reduce((t, a, i) => t.replace('{' + i + '}', a), template || '');

    function newId() {
        if (window.crypto && crypto.randomUUID) {
            return crypto.randomUUID();
        }
        const b = crypto.getRandomValues(new Uint8Array(16));
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        const h = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
        return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
    }

    // ---- The store: IndexedDB (js/offline-store.js), or memory where the browser has none (private windows of some browsers).
    const memory = { queue: [], versions: new Map(), refused: new Map(), seq: 1 };
    // Asked again for every use, never kept: a sign-out in another tab deletes the database and this
    // page's connection to it is closed (js/offline-store.js), and a kept one would refuse every later
    // change (neither queued nor sent, the page saying "saving" for ever). Asked again, it is a new one.
    const database = () => window.geccOffline ? geccOffline.open() : Promise.resolve(null);

    const store = {
        async queue() {
            const db = await database();
            const all = db ? await db.getAll('queue') : memory.queue.slice();
            return all.filter(i => i.user === user).sort((a, b) => a.seq - b.seq);
        },
        async put(item) {
            const db = await database();
            if (db) {
                item.seq = await db.put('queue', item);
            } else {
                if (!item.seq) {
                    item.seq = memory.seq++;
                }
                memory.queue = memory.queue.filter(i => i.seq !== item.seq).concat([item]);
            }
            return item;
        },
        async remove(seq) {
            const db = await database();
            if (db) {
                await db.delete('queue', seq);
            } else {
                memory.queue = memory.queue.filter(i => i.seq !== seq);
            }
        },
        // The newest version of a criterion this browser saved, with the fields saved at it where known.
        async kept(criterionId) {
            const key = user + '|' + assessmentId + '|' + criterionId;
            const db = await database();
            return (db ? await db.get('versions', key) : memory.versions.get(key)) || null;
        },
        // With the fields the server accepted at that version, so that a page of this dimension opened
        // later from the cache (older than the save) shows them (ADR 0026).
        async setVersion(aId, criterionId, version, fields) {
            const row = { key: user + '|' + aId + '|' + criterionId, version: version, fields: fields || null };
            const db = await database();
            if (db) {
                await db.put('versions', row);
            } else {
                memory.versions.set(row.key, row);
            }
        },
        // The page's versions against the ones this browser keeps (docs/adr/0020-browser-kept-versions-only-rise.md): one readwrite
        // transaction reads this assessment's rows at once (one range of keys: user|assessment|…) and
        // writes only the rows the page has newer; a version kept here is never lowered. A save's
        // version written meanwhile (setVersion) waits for this transaction or comes before its read:
        // it is never overwritten by the page's older one. Answers the criteria this browser knows a
        // newer version of (a page from the cache is older than what it saved itself), with the fields
        // saved at that version where it kept them.
        // Raw IndexedDB, not idb's wrappers: one request and a few puts, no promise per request.
        async reconcile(rendered) {
            const prefix = user + '|' + assessmentId + '|';
            const higher = new Map();
            // A row is written where the page is newer; none for a criterion never marked (version 0), which no page can undercut.
            const raise = (stored, write) => {
                for (const [criterionId, version] of rendered) {
                    const own = stored.get(criterionId);
                    if (own === undefined ? version > 0 : own.version < version) {
                        write({ key: prefix + criterionId, version: version });
                    } else if (own !== undefined && own.version > version) {
                        higher.set(criterionId, own);
                    }
                }
            };
            const db = await database();
            if (!db) {
                const stored = new Map();
                memory.versions.forEach((row, key) => {
                    if (key.startsWith(prefix)) {
                        stored.set(Number(key.slice(prefix.length)), row);
                    }
                });
                raise(stored, row => memory.versions.set(row.key, row));
                return higher;
            }
            return new Promise((resolve, reject) => {
                const tx = idb.unwrap(db).transaction('versions', 'readwrite');
                const versions = tx.objectStore('versions');
                versions.getAll(IDBKeyRange.bound(prefix, prefix + '\uffff')).onsuccess = e => {
                    raise(new Map(e.target.result.map(row => [Number(row.key.slice(prefix.length)), row])), row => versions.put(row));
                };
                tx.oncomplete = () => resolve(higher);
                tx.onabort = () => reject(tx.error);
            });
        },
        // What the page shows at load, in one transaction: this user's queue and changes refused.
        async waitingAndRefused() {
            const db = await database();
            let queue;
            let refused;
            if (db) {
                const tx = db.transaction(['queue', 'refused']);
                [queue, refused] = await Promise.all([tx.objectStore('queue').getAll(), tx.objectStore('refused').getAll()]);
            } else {
                queue = memory.queue.slice();
                refused = Array.from(memory.refused.values());
            }
            return {
                queue: queue.filter(i => i.user === user).sort((a, b) => a.seq - b.seq),
                refused: refused.filter(r => r.user === user),
            };
        },
        async refused() {
            const db = await database();
            const all = db ? await db.getAll('refused') : Array.from(memory.refused.values());
            return all.filter(r => r.user === user);
        },
        async refuse(record) {
            const db = await database();
            if (db) {
                await db.put('refused', record);
            } else {
                memory.refused.set(record.changeId, record);
            }
        },
        async forget(changeId) {
            const db = await database();
            if (db) {
                await db.delete('refused', changeId);
            } else {
                memory.refused.delete(changeId);
            }
        },
    };

    // ---- What the status bar says: all saved / saving N / offline — N waiting / not saved: reason.
    let waiting = 0;
    // Changes made but not yet in the store (typed and waiting for the pause, or being written):
    // counted as waiting at once, so the page never says "saved" while one is still on its way in.
    let queuing = 0;
    const queuingOf = new Map(); // criterion id → how many of them
    function holdBack(criterionId, by) {
        queuing += by;
        queuingOf.set(criterionId, (queuingOf.get(criterionId) || 0) + by);
    }
    let sending = false;
    let offline = !navigator.onLine;
    let problem = null;
    let needSignIn = false;
    let lastAnnounced = null;
    let refusedCount = 0;
    let lastStored = null;

    function render() {
        const n = shownWaiting();
        let state;
        let line;
        if (needSignIn) {
            state = 'signin';
            line = fill(text.signin, n);
        } else if (n > 0 && offline) {
            state = 'offline';
            line = fill(text.offline, n);
        } else if (n > 0 && problem) {
            state = 'error';
            line = fill(text.error, problem) + ' (' + n + ')';
        } else if (n > 0) {
            state = 'saving';
            line = fill(text.saving, n);
        } else if (refusedCount > 0) {
            state = 'refused';
            line = fill(text.error, fill(text.refusedCount, refusedCount));
        } else {
            state = 'saved';
            line = text.saved;
        }
        // Only what changed is touched: the same text or class set again would still lay the bar out again.
        if (summary.textContent !== line) {
            summary.textContent = line;
        }
        const look = 'ms-auto fw-semibold ' + (state === 'saved' ? 'text-success' : state === 'saving' ? 'text-body-secondary' : 'text-danger');
        if (summary.className !== look) {
            summary.className = look;
        }
        if (bar.dataset.state !== state) {
            bar.dataset.state = state;
        }
        // Said once per change of state, not at every count: a screen reader is not flooded while a queue drains.
        if (state !== lastAnnounced) {
            lastAnnounced = state;
            announce.textContent = line;
        }
        banner.classList.toggle('d-none', !needSignIn);
        // What signing out would delete (js/offline-session.js asks first): the changes waiting and the
        // refused ones, whose panel may hold the only copy of the person's value.
        // Written when it changes, not at every render: each write goes to the browser's storage.
        const kept = n + refusedCount;
        if (kept !== lastStored) {
            try {
                localStorage.setItem('gecc.waiting', String(kept));
                lastStored = kept;
            } catch (e) { /* storage full or refused: only the sign-out warning uses it */ }
        }
    }

    function formState(criterionId, state, message) {
        const form = forms.get(criterionId);
        if (!form) {
            return;
        }
        // The page renders no state beside the save button: the first one says where it goes.
        let target = form.querySelector('.save-state');
        if (!target) {
            target = document.createElement('span');
            form.querySelector('.js-save').after(target);
        }
        target.textContent = message || (state === 'saved' ? text.saved : state === 'saving' ? fill(text.saving, 1) : '');
        target.className = 'save-state small ms-2 ' + (state === 'saved' ? 'text-success' : state === 'saving' ? 'text-body-secondary' : 'text-danger');
        form.dataset.state = state;
    }

    // ---- Reading and writing a criterion's fields.
    function fieldsOf(form) {
        const data = new FormData(form);
        return {
            Points: data.get('Points') || '',
            Passed: data.get('Passed') || '',
            NotApplicable: data.get('NotApplicable') === 'true',
            Note: data.get('Note') || '',
        };
    }

    // Criterion id → the last change this page made of it (its change id and fields): told apart from
    // changes made in another tab of this browser, which share the queue and the kept versions.
    const madeHere = new Map();

    // The fields as the page was rendered, whatever has been typed since.
    function renderedFieldsOf(form) {
        const points = form.querySelector('input[name=Points]');
        const passed = Array.from(form.querySelectorAll('input[name=Passed]')).find(r => r.defaultChecked);
        const na = form.querySelector('input[name=NotApplicable]');
        return {
            Points: points ? points.defaultValue : '',
            Passed: passed ? passed.value : '',
            NotApplicable: !!(na && na.defaultChecked),
            Note: form.querySelector('textarea[name=Note]').defaultValue,
        };
    }

    function sameFields(a, b) {
        const points = v => v === '' || v === null || v === undefined ? '' : String(Number(v));
        const passed = v => v === true ? 'pass' : v === false ? 'fail' : (v || '');
        return points(a.Points) === points(b.Points) && passed(a.Passed) === passed(b.Passed)
            && !!a.NotApplicable === !!b.NotApplicable && (a.Note || '') === (b.Note || '');
    }

    function setFields(form, f) {
        const points = form.querySelector('input[name=Points]');
        if (points) {
            points.value = f.Points === null || f.Points === undefined ? '' : String(f.Points);
        }
        form.querySelectorAll('input[name=Passed]').forEach(r => {
            r.checked = r.value === (f.Passed === true ? 'pass' : f.Passed === false ? 'fail' : f.Passed);
        });
        const na = form.querySelector('input[name=NotApplicable]');
        if (na) {
            na.checked = !!f.NotApplicable;
        }
        form.querySelector('textarea[name=Note]').value = f.Note || '';
    }

    function describe(f) {
        const parts = [];
        if (f.NotApplicable) {
            parts.push(text.na);
        } else if (f.Passed === 'pass' || f.Passed === true) {
            parts.push(text.pass);
        } else if (f.Passed === 'fail' || f.Passed === false) {
            parts.push(text.fail);
        } else if (f.Points !== '' && f.Points !== null && f.Points !== undefined) {
            parts.push(String(f.Points));
        } else {
            parts.push('–');
        }
        if (f.Note) {
            parts.push('“' + f.Note + '”');
        }
        return parts.join(' ');
    }

    const isScored = form => {
        const f = fieldsOf(form);
        return f.NotApplicable || f.Passed !== '' || f.Points !== '';
    };

    // ---- Getting around: x of n per dimension and overall, next unscored, totals marked incomplete.
    // A page per dimension (ADR 0026): this page's dimension is counted from its forms, the others
    // keep the counts their links were rendered with (data-scored of data-count).
    const overall = document.getElementById('scored-overall');
    const dimensionLabels = Array.from(document.querySelectorAll('.scored-dimension'));
    function progress() {
        let done = 0;
        let all = 0;
        dimensionLabels.forEach(label => {
            const section = document.querySelector('section.scoring-dimension[data-kind="' + label.dataset.kind + '"]');
            if (section) {
                label.dataset.scored = String(Array.from(section.querySelectorAll('form.score-form')).filter(isScored).length);
            }
            const line = '(' + fill(overall.dataset.template, label.dataset.scored, label.dataset.count) + ')';
            if (label.textContent !== line) {
                label.textContent = line;
            }
            done += Number(label.dataset.scored);
            all += Number(label.dataset.count);
        });
        overall.textContent = fill(overall.dataset.template, done, all);
        document.getElementById('total-incomplete').classList.toggle('d-none', done >= all);
    }

    // The next criterion without a mark below the one in view on this page, then from the top; with
    // none left here, the next dimension's page that has one.
    const next = document.getElementById('next-unscored');
    if (next) {
        next.addEventListener('click', () => {
            const list = Array.from(forms.values());
            const here = list.findIndex(f => f.closest('article').getBoundingClientRect().top > bar.getBoundingClientRect().bottom + 1);
            const ordered = here > 0 ? list.slice(here).concat(list.slice(0, here)) : list;
            const target = ordered.find(f => !isScored(f));
            if (target) {
                target.closest('article').scrollIntoView({ block: 'start' });
                const field = target.querySelector('input[name=Points], input[name=Passed]');
                if (field) {
                    field.focus({ preventScroll: true });
                }
                return;
            }
            const at = dimensionLabels.findIndex(l => !l.closest('a').dataset.page);
            const after = dimensionLabels.slice(at + 1).concat(dimensionLabels.slice(0, at));
            const page = after.find(l => Number(l.dataset.scored) < Number(l.dataset.count));
            if (page) {
                goTo(page.closest('a').href);
            }
        });
    }

    function showTotals(totals) {
        if (!totals) {
            return;
        }
        const format = p => (p === null || p === undefined) ? '–' : Number(p).toFixed(2) + '%';
        totals.dimensions.forEach(d => {
            const el = document.getElementById('total-' + d.kind);
            if (el) {
                el.textContent = format(d.percent);
            }
            // Another dimension's count as the server has it now (a change of it queued from that page has
            // arrived); progress() below shows it, and counts this page's dimension from its forms.
            const label = dimensionLabels.find(l => l.dataset.kind === d.kind);
            if (label && typeof d.scored === 'number') {
                label.dataset.scored = String(d.scored);
            }
        });
        document.getElementById('total-overall').textContent = format(totals.overall);
        progress();
    }

    // ---- Queueing.
    async function enqueueMark(form) {
        const criterionId = Number(form.dataset.criterion);
        holdBack(criterionId, 1);
        formState(criterionId, 'saving');
        render();
        let queued = true;
        try {
            queued = await putMark(form, criterionId);
        } finally {
            holdBack(criterionId, -1);
        }
        if (!queued && !queuingOf.get(criterionId) && !(await store.queue()).some(i => isMarkOf(i, assessmentId, criterionId))) {
            formState(criterionId, 'saved');
        }
        progress();
        await count();
        pump();
    }

    // A queued change that is a mark of this criterion of this assessment (not a photo, nor another page's).
    function isMarkOf(item, ofAssessment, criterionId) {
        return item.kind === 'mark' && item.assessmentId === ofAssessment && item.criterionId === criterionId;
    }

    // Queues the form's values as a change of the criterion; false if there is nothing new to save.
    async function putMark(form, criterionId) {
        const queue = await store.queue();
        // The same values as the newest change of this criterion already waiting or on its way (an input
        // and a change event of one edit): nothing new to save, and a second copy would meet the first.
        const latest = queue.filter(i => isMarkOf(i, assessmentId, criterionId)).pop();
        if (latest && sameFields(latest.fields, fieldsOf(form))) {
            return false;
        }
        // Nor, with nothing waiting, the values this browser saved last at the version this page is on (the
        // second event of one edit arriving after the first was already saved): sent again, they made a
        // second save of the same values.
        if (!latest) {
            const saved = await store.kept(criterionId);
            if (saved && saved.fields && saved.version === Number(form.querySelector('input[name=BaseVersion]').value) && sameFields(saved.fields, fieldsOf(form))) {
                return false;
            }
        }
        // A newer change of the same criterion replaces one still waiting (not the one being sent):
        // only the latest matters, and it keeps the version the first one was based on.
        // Nor one whose answer was lost (it may have been applied): replaced, the newer one would meet
        // this browser's own value as a conflict "from another device"; sent again, it is "already applied".
        const older = queue.find(i => isMarkOf(i, assessmentId, criterionId) && i.seq !== inFlight && !i.answerLost);
        let base;
        if (older) {
            base = older.baseVersion;
            await store.remove(older.seq);
        } else {
            // The page's version, or a newer one this browser saved itself (another tab, or before this page
            // came from the cache) only if this page shows what was saved at it. Otherwise the other fields
            // shown here are older than that save (a note changed in the other tab), and sending them on the
            // newer version would put them back without anyone seeing: sent on the page's version, the
            // server answers with both values, and the person chooses (as between two laptops).
            const own = await store.kept(criterionId);
            const rendered = Number(form.querySelector('input[name=BaseVersion]').value);
            const shownHere = f => sameFields(f, renderedFieldsOf(form)) || (madeHere.has(criterionId) && sameFields(f, madeHere.get(criterionId).fields));
            base = own !== null && own.version > rendered && own.fields && shownHere(own.fields) ? own.version : rendered;
        }
        const change = { changeId: newId(), fields: fieldsOf(form) };
        madeHere.set(criterionId, change);
        await store.put({
            user: user, assessmentId: assessmentId, kind: 'mark', criterionId: criterionId, code: form.dataset.code,
            url: form.action, changeId: change.changeId, baseVersion: base, fields: change.fields, at: Date.now(),
        });
        return true;
    }

    async function enqueuePhoto(form, blob, name) {
        const criterionId = Number(form.querySelector('input[name=criterionId]').value);
        const item = await store.put({
            user: user, assessmentId: assessmentId, kind: 'photo', criterionId: criterionId, url: form.action,
            changeId: newId(), blob: blob, fileName: name, at: Date.now(),
        });
        showWaitingPhoto(item);
        await count();
        pump();
    }

    function showWaitingPhoto(item) {
        const form = forms.get(item.criterionId);
        if (!form) {
            return;
        }
        const list = photoList(form);
        const figure = document.createElement('span');
        figure.className = 'waiting-photo d-inline-block position-relative me-1';
        figure.dataset.change = item.changeId;
        const img = document.createElement('img');
        img.src = URL.createObjectURL(item.blob);
        img.alt = text.photoWaiting + ' ' + (form.dataset.code || '');
        img.className = 'scoring-photo border rounded opacity-75';
        const badge = document.createElement('span');
        badge.className = 'badge text-bg-secondary position-absolute bottom-0 start-0';
        badge.textContent = text.photoWaiting;
        figure.append(img, badge);
        list.appendChild(figure);
    }

    // The page has a photo list only where photos were taken; the first one waiting makes it.
    function photoList(form) {
        const article = form.closest('article');
        let list = article.querySelector('.photo-list');
        if (!list) {
            list = document.createElement('div');
            list.className = 'mt-2 photo-list';
            const fold = article.querySelector('details.photo-add');
            if (fold) {
                fold.before(list);
            } else {
                form.after(list);
            }
        }
        return list;
    }

    function shownWaiting() {
        return waiting + queuing;
    }

    async function count() {
        waiting = (await store.queue()).length;
        render();
    }

    // ---- Sending: one change at a time, in order, every tab of the browser taking turns.
    let inFlight = null;
    let pumping = false;
    let retryTimer = null;

    function token() {
        const input = document.querySelector('input[name=__RequestVerificationToken]');
        return input ? input.value : '';
    }

    // true: a fresh token taken; 'other': the page is not this person's (signed out, or someone else signed in).
    async function refreshToken() {
        // A page opened from the cache may carry a token of an older antiforgery cookie: take a fresh one.
        const response = await timed(location.pathname, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
        const html = await response.text();
        // Only a page of the same person: after someone else signed in on this browser, their token would
        // send this person's waiting marks as theirs. Then this person is asked to sign in instead.
        const of = /data-user="([^"]*)"/.exec(html);
        if (!of || of[1] !== user) {
            return 'other';
        }
        const match = /name="__RequestVerificationToken" type="hidden" value="([^"]+)"/.exec(html)
            || /type="hidden" name="__RequestVerificationToken" value="([^"]+)"/.exec(html)
            || /name="__RequestVerificationToken"[^>]*value="([^"]+)"/.exec(html);
        if (match) {
            document.querySelectorAll('input[name=__RequestVerificationToken]').forEach(i => { i.value = match[1]; });
            return true;
        }
        return false;
    }

    async function timed(url, options) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
        try {
            return await fetch(url, Object.assign({}, options, { signal: controller.signal }));
        } finally {
            clearTimeout(timer);
        }
    }

    function body(item) {
        const data = new FormData();
        data.set('__RequestVerificationToken', token());
        data.set('ChangeId', item.changeId);
        if (item.kind === 'photo') {
            data.set('criterionId', String(item.criterionId));
            data.set('photo', item.blob, item.fileName || 'photo.jpg');
            return data;
        }
        data.set('CriterionId', String(item.criterionId));
        data.set('BaseVersion', String(item.baseVersion));
        data.set('Points', item.fields.Points);
        if (item.fields.Passed) {
            data.set('Passed', item.fields.Passed);
        }
        if (item.fields.NotApplicable) {
            data.set('NotApplicable', 'true');
        }
        data.set('Note', item.fields.Note);
        return data;
    }

    // 'done' | 'refused' | 'retry' | 'signin' — what became of one change ('refused': answered, never to be
    // accepted, kept in the refused store with why; the form must not say it was saved).
    async function send(item, tokenRefreshed) {
        let response;
        try {
            response = await timed(item.url, {
                method: 'POST', body: body(item), credentials: 'same-origin',
                headers: { 'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
            });
        } catch (e) {
            if (e && e.name === 'AbortError') {
                problem = text.timeout;
                offline = false;
            } else {
                offline = true;
            }
            return 'retry';
        }
        offline = false;
        const isJson = (response.headers.get('Content-Type') || '').indexOf('application/json') >= 0;
        const answer = isJson ? await response.json().catch(() => null) : null;
        if (response.status === 401) {
            needSignIn = true;
            return 'signin';
        }
        if (response.status === 400 && !answer && !tokenRefreshed) {
            const refreshed = await refreshToken().catch(() => false);
            if (refreshed === true) {
                return send(item, true);
            }
            if (refreshed === 'other') {
                needSignIn = true;
                return 'signin';
            }
        }
        if (response.ok && answer && answer.saved === true) {
            await saved(item, answer);
            return 'done';
        }
        if (response.status === 409 && answer && answer.conflict) {
            // A newer change of this criterion waits behind it, on the same version: it meets the same
            // conflict, and its panel shows the person's latest value. This one's would offer an older
            // value of their own to keep, beside it.
            if ((await store.queue()).some(q => isMarkOf(q, item.assessmentId, item.criterionId) && q.seq > item.seq)) {
                await store.remove(item.seq);
                return 'refused';
            }
            await store.refuse({ user: user, changeId: item.changeId, assessmentId: item.assessmentId, criterionId: item.criterionId, code: item.code, kind: 'conflict', mine: item.fields, theirs: answer.theirs, reason: answer.error, url: item.url });
            await store.remove(item.seq);
            return 'refused';
        }
        if ((response.status === 409 || response.status === 422 || response.status === 403 || response.status === 404) && answer && answer.error) {
            // Not a passing trouble: the change will never be accepted. Kept in sight with why, never dropped silently.
            await store.refuse({ user: user, changeId: item.changeId, assessmentId: item.assessmentId, criterionId: item.criterionId, code: item.code, kind: 'refused', mine: item.fields, fileName: item.fileName, reason: answer.error, url: item.url });
            await store.remove(item.seq);
            return 'refused';
        }
        problem = !response.ok ? fill(text.server, response.status) : text.notJson;
        return 'retry';
    }

    async function saved(item, answer) {
        await store.remove(item.seq);
        if (item.kind === 'mark') {
            await store.setVersion(item.assessmentId, item.criterionId, answer.version, item.fields);
            // A newer change of this criterion queued while this one was on its way was based on the same
            // version; it is now based on the one this change made.
            for (const later of await store.queue()) {
                if (isMarkOf(later, item.assessmentId, item.criterionId) && later.baseVersion === item.baseVersion) {
                    later.baseVersion = answer.version;
                    await store.put(later);
                }
            }
            if (item.assessmentId === assessmentId) {
                const form = forms.get(item.criterionId);
                // This page takes the new version only if it shows what was saved: a change made in another
                // tab (this page may be the one sending it) leaves this page's version as it was, so that a
                // change made here later is answered with both values rather than putting old ones back.
                const here = madeHere.get(item.criterionId);
                if (form && ((here && here.changeId === item.changeId) || sameFields(fieldsOf(form), item.fields))) {
                    form.querySelector('input[name=BaseVersion]').value = String(answer.version);
                }
                showTotals(answer.totals);
            }
        } else if (item.assessmentId === assessmentId) {
            const shown = document.querySelector('.waiting-photo[data-change="' + item.changeId + '"]');
            if (shown && answer.url) {
                const link = document.createElement('a');
                link.href = answer.url;
                link.target = '_blank';
                link.rel = 'noopener';
                const img = shown.querySelector('img');
                img.classList.remove('opacity-75');
                img.alt = img.alt.replace(text.photoWaiting + ' ', '');
                link.appendChild(img);
                shown.replaceWith(link);
            }
        }
    }

    async function pump() {
        if (pumping) {
            return;
        }
        pumping = true;
        try {
            if (navigator.locks) {
                await navigator.locks.request('gecc-scoring-queue', drain);
            } else {
                await drain();
            }
        } finally {
            pumping = false;
            inFlight = null;
            await count();
            await showRefused();
            const queue = await store.queue();
            markForms(queue);
            clearTimeout(retryTimer);
            if (queue.length > 0) {
                retryTimer = setTimeout(pump, RETRY_MS);
            }
        }
    }

    async function drain() {
        for (;;) {
            const queue = await store.queue();
            waiting = queue.length;
            render();
            if (queue.length === 0) {
                problem = null;
                return;
            }
            const item = queue[0];
            inFlight = item.seq;
            const outcome = await send(item, false);
            if (outcome === 'retry' && item.kind === 'mark' && !item.answerLost) {
                // Timed out, cut off or a server error: the server may have applied it all the same.
                // Kept, while still in flight, so that no newer change of the criterion replaces it.
                item.answerLost = true;
                await store.put(item);
            }
            inFlight = null;
            if (outcome === 'retry' || outcome === 'signin') {
                return;
            }
            needSignIn = false;
            problem = null;
            if (outcome === 'refused') {
                // Shown with why at once, not only when the whole queue has gone: until then the form
                // would still say "saving" (or, before, "saved") over a change that will never be kept.
                await showRefused();
                continue;
            }
            // Saved, and the form says so only if no newer change of the criterion is still to be sent:
            // the queue is read again, as one may have been made while this one was on its way.
            const rest = await store.queue();
            if (item.assessmentId === assessmentId && item.kind === 'mark' && !queuingOf.get(item.criterionId) && !rest.some(q => isMarkOf(q, assessmentId, item.criterionId))) {
                formState(item.criterionId, 'saved');
            }
        }
    }

    function markForms(queue) {
        const waitingIds = new Set(queue.filter(q => q.kind === 'mark' && q.assessmentId === assessmentId).map(q => q.criterionId));
        waitingIds.forEach(id => formState(id, offline ? 'offline' : needSignIn ? 'error' : 'saving', offline ? text.offlineOne : needSignIn ? fill(text.signin, '') : undefined));
    }

    // ---- Changes not accepted: a conflict to choose in, or a refusal to read.
    async function showRefused(known) {
        const all = known || await store.refused();
        refusedCount = all.length;
        render();
        // Panels exist only while they show something (the page renders none): they go, and come back below.
        document.querySelectorAll('.conflict-panel').forEach(p => p.remove());
        refusedList.replaceChildren();
        for (const record of all) {
            const form = record.assessmentId === assessmentId ? forms.get(record.criterionId) : null;
            const panel = document.createElement('div');
            panel.className = 'alert alert-danger small mt-2 mb-0 refused-change';
            panel.dataset.kind = record.kind;
            panel.dataset.criterion = String(record.criterionId);
            const why = document.createElement('p');
            why.className = 'mb-1';
            why.textContent = (record.code ? record.code + ': ' : '') + fill(text.refused, record.reason || '');
            panel.appendChild(why);
            if (record.kind === 'conflict') {
                const list = document.createElement('dl');
                list.className = 'row mb-1';
                [[text.mine, describe(record.mine), 'conflict-mine'], [text.theirs, record.theirs.text + (record.theirs.note ? ' “' + record.theirs.note + '”' : ''), 'conflict-theirs']].forEach(([term, value, cls]) => {
                    const dt = document.createElement('dt');
                    dt.className = 'col-sm-5';
                    dt.textContent = term;
                    const dd = document.createElement('dd');
                    dd.className = 'col-sm-7 mb-0 ' + cls;
                    dd.textContent = value;
                    list.append(dt, dd);
                });
                panel.appendChild(list);
                if (form) {
                    panel.appendChild(button(text.keepMine, 'btn-danger keep-mine', async () => {
                        await store.forget(record.changeId);
                        await store.setVersion(record.assessmentId, record.criterionId, record.theirs.version);
                        form.querySelector('input[name=BaseVersion]').value = String(record.theirs.version);
                        setFields(form, record.mine);
                        await enqueueMark(form);
                        await showRefused();
                    }));
                    panel.appendChild(button(text.takeTheirs, 'btn-outline-danger take-theirs', async () => {
                        await store.forget(record.changeId);
                        const theirs = { Points: record.theirs.points, Passed: record.theirs.passed, NotApplicable: record.theirs.notApplicable, Note: record.theirs.note };
                        await store.setVersion(record.assessmentId, record.criterionId, record.theirs.version, theirs);
                        form.querySelector('input[name=BaseVersion]').value = String(record.theirs.version);
                        setFields(form, theirs);
                        formState(record.criterionId, 'saved');
                        progress();
                        await showRefused();
                        render();
                    }));
                }
            } else {
                const value = document.createElement('p');
                value.className = 'mb-1 refused-value';
                value.textContent = text.mine + ': ' + (record.fileName ? record.fileName : describe(record.mine || {}));
                panel.appendChild(value);
                panel.appendChild(button(text.dismiss, 'btn-outline-danger dismiss', async () => {
                    await store.forget(record.changeId);
                    await showRefused();
                    render();
                }));
            }
            if (form) {
                let host = form.nextElementSibling;
                if (!host || !host.classList.contains('conflict-panel')) {
                    host = document.createElement('div');
                    host.className = 'conflict-panel';
                    form.after(host);
                }
                host.appendChild(panel);
                formState(record.criterionId, record.kind === 'conflict' ? 'conflict' : 'error', fill(text.refused, ''));
            } else {
                refusedList.appendChild(panel);
            }
        }
        render();
    }

    function button(label, cls, action) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'btn btn-sm me-2 ' + cls;
        b.textContent = label;
        b.addEventListener('click', action);
        return b;
    }

    // ---- Parking. Dimensions (and cards) far below the screen are parked until the browser is idle or the assessor does anything.
    // Chromium's form autofill measures every field of the page as soon as the document has loaded, which
    // lays out each dimension that content-visibility: auto had skipped, one after another in one long
    // task (measured: four layouts of 400-700 boxes each on the 45-criterion form, with
    // content-visibility: hidden as well). A parked dimension is not displayed (css/site.css), so it has
    // nothing to measure. Parked, it is out of find-in-page and the accessibility tree, so it is parked
    // only far below what is shown (nothing above moves when it comes back), and never for long.
    const parked = [];
    const reach = 3 * window.innerHeight;
    // All positions are read before any box is parked: a read after a change would lay the page out again.
    document.querySelectorAll('section.scoring-dimension').forEach(section => {
        if (section.getBoundingClientRect().top > reach) {
            parked.push(section);
            return;
        }
        // The dimension on screen parks its own far cards (the first one can run to many screens on a phone).
        section.querySelectorAll('article.card').forEach(card => {
            if (card.getBoundingClientRect().top > reach) {
                parked.push(card);
            }
        });
    });
    parked.forEach(box => box.classList.add('scoring-parked'));
    document.documentElement.dataset.parked = String(parked.length);
    if (parked.length > 0) {
        const unpark = () => {
            parked.splice(0).forEach(box => box.classList.remove('scoring-parked'));
        };
        ['pointerdown', 'keydown', 'focusin', 'hashchange'].forEach(type => window.addEventListener(type, unpark, { once: true, capture: true }));
        whenIdle(unpark);
    }

    // ---- Wiring the forms. Their save buttons (and the photo forms' upload buttons) go with one class on the
    // page (css/site.css), not one change per card: the browser restyles the 45 cards once.
    // One listener of each kind for the whole page, not one per form: the page starts with no per-card work.
    document.documentElement.classList.add('scoring-live');
    const typing = new Map(); // criterion id → timer of a typed value waiting for a pause
    // A typed value waits for a pause before it is queued; meanwhile it already counts as waiting.
    function settle(form) {
        const criterionId = Number(form.dataset.criterion);
        if (typing.has(criterionId)) {
            clearTimeout(typing.get(criterionId));
            typing.delete(criterionId);
            holdBack(criterionId, -1);
        }
        enqueueMark(form);
    }
    document.addEventListener('input', e => {
        const form = e.target.closest('form.score-form');
        if (!form || !e.target.matches('textarea, input[type=number]')) {
            return;
        }
        const criterionId = Number(form.dataset.criterion);
        if (typing.has(criterionId)) {
            clearTimeout(typing.get(criterionId));
        } else {
            holdBack(criterionId, 1);
            formState(criterionId, 'saving');
            render();
        }
        typing.set(criterionId, setTimeout(() => settle(form), 700));
    });
    document.addEventListener('change', e => {
        const form = e.target.closest('form.score-form, form.photo-form');
        if (form && form.classList.contains('score-form')) {
            settle(form);
        } else if (form && e.target.matches('input[type=file]')) {
            sendPhotos(form);
        }
    });
    document.addEventListener('submit', e => {
        const form = e.target;
        if (form.matches('form.score-form')) {
            e.preventDefault();
            settle(form);
        } else if (form.matches('form.photo-form')) {
            e.preventDefault();
            sendPhotos(form);
        }
    });

    // Photos join the same queue as blobs, so a photo taken offline is kept and sent like a mark.
    async function sendPhotos(form) {
        const input = form.querySelector('input[type=file]');
        const files = Array.from(input.files || []);
        input.value = '';
        for (const file of files) {
            await enqueuePhoto(form, file, file.name);
        }
    }

    // To another dimension's page of this assessment (ADR 0026): what is being typed is queued first, then
    // the page goes without the leave warning, since the queue (in this browser) goes on from that page too.
    // A change still not in the store after 5 s keeps the warning: leaving would lose it.
    let toSibling = false;
    async function goTo(href) {
        typing.forEach((timer, criterionId) => settle(forms.get(criterionId)));
        for (let waited = 0; queuing > 0 && waited < 5000; waited += 25) {
            await new Promise(resolve => setTimeout(resolve, 25));
        }
        toSibling = queuing === 0;
        location.href = href;
    }
    document.addEventListener('click', e => {
        const link = e.target.closest('#dimension-jumps a[data-page], #dimension-steps a');
        if (link && e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey) {
            e.preventDefault();
            goTo(link.href);
        }
    });
    window.addEventListener('pageshow', () => { toSibling = false; });

    window.addEventListener('beforeunload', e => {
        if (!toSibling && shownWaiting() > 0) {
            // The changes are kept in this browser either way; the warning says so before leaving.
            e.preventDefault();
            e.returnValue = text.leave;
        }
    });
    window.addEventListener('online', () => { offline = false; pump(); });
    window.addEventListener('offline', () => { offline = true; render(); });
    document.addEventListener('visibilitychange', () => { if (!document.hidden) { pump(); } });
    window.addEventListener('focus', () => pump());
    // A tab that signed in again (the banner's link) says so; this tab then sends what waited.
    if (window.BroadcastChannel) {
        const channel = new BroadcastChannel('gecc-scoring');
        channel.addEventListener('message', e => {
            if (e.data === 'signed-in') {
                needSignIn = false;
                pump();
            }
        });
        channel.postMessage('signed-in');
    }

    // Work that can wait until the page has loaded and the browser is idle: the first seconds belong to
    // drawing the page and to the assessor's first mark.
    function whenIdle(work) {
        const later = () => (window.requestIdleCallback ? requestIdleCallback(() => work(), { timeout: 3000 }) : setTimeout(work, 200));
        if (document.readyState === 'complete') {
            later();
        } else {
            window.addEventListener('load', later, { once: true });
        }
    }

    // On load: what waits in this browser is shown in its criterion, then sent.
    (async () => {
        const { queue, refused } = await store.waitingAndRefused();
        const here = queue.filter(i => i.assessmentId === assessmentId);
        for (const item of here) {
            if (item.kind === 'mark' && forms.has(item.criterionId)) {
                setFields(forms.get(item.criterionId), item.fields);
            } else if (item.kind === 'photo') {
                showWaitingPhoto(item);
            }
        }
        markForms(queue);
        if (here.length > 0) {
            // The page counted what the server has; marks waiting here change the counts.
            progress();
        }
        waiting = queue.length;
        render();
        // The page renders no panel: with nothing refused there is nothing to show or take away.
        if (refused.length > 0) {
            await showRefused(refused);
        }
        // An empty queue has nothing to send (a change made from now on starts the sending itself).
        if (queue.length > 0) {
            pump();
        }
        // The page's versions, unless this browser saved a newer one itself (a page from the cache is
        // older). A mark queued meanwhile takes the newer of the two itself (putMark).
        whenIdle(async () => {
            if (forms.size === 0) {
                return;
            }
            const rendered = new Map();
            forms.forEach((form, criterionId) => rendered.set(criterionId, Number(form.elements.BaseVersion.value)));
            const higher = await store.reconcile(rendered).catch(() => new Map());
            const queued = new Set((await store.queue().catch(() => [])).filter(i => i.kind === 'mark' && i.assessmentId === assessmentId).map(i => i.criterionId));
            let shown = false;
            higher.forEach((row, criterionId) => {
                const form = forms.get(criterionId);
                const input = form.elements.BaseVersion;
                // Only if no save has answered meanwhile: a save's version is the server's own.
                if (Number(input.value) < row.version) {
                    input.value = String(row.version);
                    // A page from the cache older than a save made here shows what was saved, unless a
                    // change of it waits (shown already) or is being typed.
                    if (row.fields && !queued.has(criterionId) && !queuingOf.get(criterionId) && !form.contains(document.activeElement)) {
                        setFields(form, row.fields);
                        shown = true;
                    }
                }
            });
            if (shown) {
                progress();
            }
            document.documentElement.dataset.versionsReconciled = 'true';
        });
    })();

    // ---- Offline pages: the service worker serves this page and its files when the server is out of
    // reach. The page itself puts them in the cache on every visit; "prepare for the visit" adds the
    // applicant's evidence and this member's photos.
    const ownFiles = () => performance.getEntriesByType('resource').map(e => e.name)
        .concat(Array.from(document.querySelectorAll('link[rel=stylesheet][href], script[src]'), el => el.href || el.src))
        .filter(u => { try { const url = new URL(u); return url.origin === location.origin && /^\/(css|js|lib)\//.test(url.pathname); } catch (e) { return false; } });

    // The other dimensions' pages of this assessment (ADR 0026), kept with this one.
    const siblingPages = () => Array.from(document.querySelectorAll('#dimension-jumps a[data-page]'), a => new URL(a.href).pathname);
    const filesOf = page => Array.from(page.querySelectorAll('details.evidence[data-src]'), d => d.dataset.src)
        .concat(Array.from(page.querySelectorAll('.photo-list a[href]'), a => a.getAttribute('href')));
    const FRESH_MS = 30 * 60 * 1000;

    async function keepForOffline(withFiles) {
        const pages = await caches.open('gecc-pages-v1');
        // Opened through the service worker, this page is already in its cache: it is not asked for twice.
        if (!navigator.serviceWorker.controller || withFiles) {
            await pages.add(new Request(location.pathname, { credentials: 'same-origin' }));
        }
        const assets = await caches.open('gecc-assets-v1');
        for (const u of new Set(ownFiles())) {
            if (!(await assets.match(u))) {
                await assets.add(u).catch(() => undefined);
            }
        }
        // The other dimensions: fetched again when preparing the visit, else only when not kept in the last half hour.
        const urls = new Set(withFiles ? filesOf(document) : []);
        for (const path of siblingPages()) {
            const kept = await pages.match(path);
            if (!withFiles && kept && Date.now() - Date.parse(kept.headers.get('Date') || '') < FRESH_MS) {
                continue;
            }
            const response = await fetch(path, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
            // Only the page itself: never a sign-in page reached by a redirect, nor an error page.
            if (!response.ok || response.redirected || (response.headers.get('Content-Type') || '').indexOf('text/html') !== 0) {
                throw new Error('not kept');
            }
            await pages.put(path, response.clone());
            if (withFiles) {
                filesOf(new DOMParser().parseFromString(await response.text(), 'text/html')).forEach(u => urls.add(u));
            }
        }
        const files = await caches.open('gecc-files-v1');
        for (const u of urls) {
            await files.add(new Request(u, { credentials: 'same-origin' }));
        }
    }

    // The service worker keeps the page and its files (sw.js, 'keep'): fetching them and writing them into
    // the caches is then off this page's main thread. A worker of an earlier release does not answer;
    // the page then does it itself.
    function keptByWorker(registration) {
        return new Promise(resolve => {
            if (!registration.active || !window.MessageChannel) {
                resolve(false);
                return;
            }
            const channel = new MessageChannel();
            const timer = setTimeout(() => resolve(false), 10000);
            channel.port1.onmessage = e => {
                clearTimeout(timer);
                resolve(e.data === true);
            };
            registration.active.postMessage({
                kind: 'keep',
                page: navigator.serviceWorker.controller ? null : location.pathname,
                siblings: siblingPages(),
                assets: Array.from(new Set(ownFiles())),
            }, [channel.port2]);
        });
    }

    const prepare = document.getElementById('prepare-visit');
    if ('serviceWorker' in navigator && window.caches) {
        whenIdle(() => navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(() => navigator.serviceWorker.ready).then(async registration => {
            if (navigator.onLine && bar.dataset.state !== 'offline' && !(await keptByWorker(registration))) {
                await keepForOffline(false).catch(() => undefined);
            }
            document.documentElement.dataset.offlineReady = 'true';
        }).catch(() => undefined));
        if (prepare) {
            prepare.classList.remove('d-none');
            prepare.addEventListener('click', async () => {
                prepare.disabled = true;
                announce.textContent = text.preparing;
                try {
                    await navigator.serviceWorker.ready;
                    await keepForOffline(true);
                    prepare.dataset.prepared = 'true';
                    announce.textContent = text.prepared;
                    prepare.textContent = text.prepared;
                } catch (e) {
                    announce.textContent = text.prepareFailed;
                } finally {
                    prepare.disabled = false;
                }
            });
        }
    }

    // PDFs open in place: the frame is made only when its file is opened, so the page stays light.
    // ('toggle' does not bubble: one listener on the page catches it on its way down.)
    document.addEventListener('toggle', e => {
        const details = e.target;
        if (details.matches && details.matches('details.evidence[data-pdf="true"]') && details.open && !details.querySelector('iframe')) {
            const frame = document.createElement('iframe');
            frame.src = details.dataset.src;
            frame.title = details.querySelector('summary').textContent.trim();
            frame.className = 'evidence-frame w-100 border mt-1';
            details.appendChild(frame);
        }
    }, true);

    // Photos from the laptop's camera, where the browser offers one; the file picker stays for the rest.
    const dialog = document.getElementById('camera-dialog');
    const video = document.getElementById('camera-video');
    if (dialog && dialog.showModal && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
        let stream = null;
        let target = null;
        const stop = () => {
            if (stream) {
                stream.getTracks().forEach(t => t.stop());
                stream = null;
            }
            dialog.close();
        };
        document.documentElement.classList.add('scoring-camera');
        document.addEventListener('click', async e => {
            const b = e.target.closest('.camera-button');
            if (!b) {
                return;
            }
            target = b.closest('form');
            try {
                stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
                video.srcObject = stream;
                dialog.showModal();
            } catch (err) {
                target.querySelector('input[type=file]').click();
            }
        });
        document.getElementById('camera-close').addEventListener('click', stop);
        dialog.addEventListener('cancel', stop);
        document.getElementById('camera-shoot').addEventListener('click', () => {
            const canvas = document.createElement('canvas');
            canvas.width = video.videoWidth;
            canvas.height = video.videoHeight;
            canvas.getContext('2d').drawImage(video, 0, 0);
            canvas.toBlob(blob => {
                stop();
                enqueuePhoto(target, blob, 'camera.jpg');
            }, 'image/jpeg', 0.85);
        });
    }
})();
