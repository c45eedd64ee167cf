// What the scoring page keeps in this browser (waiting changes in IndexedDB, pages and evidence in
// the service worker's caches) belongs to one person: it is wiped on sign-out and when someone else
// signs in on the same browser, so nothing cached is readable by the next user (ADR 0008).
(function () {
    'use strict';
    const script = document.currentScript;
    const me = (script && script.dataset.user) || '';

    async function wipe() {
        try {
            if (window.caches) {
                for (const key of await caches.keys()) {
                    if (key.indexOf('gecc-') === 0) {
                        await caches.delete(key);
                    }
                }
            }
        } catch (e) { /* no cache storage: nothing to wipe */ }
        await new Promise(resolve => {
            try {
                const request = indexedDB.deleteDatabase('gecc-offline');
                request.onsuccess = request.onerror = request.onblocked = () => resolve();
            } catch (e) {
                resolve();
            }
        });
        try {
            localStorage.removeItem('gecc.waiting');
            Object.keys(localStorage).filter(k => k.indexOf('gecc.draft.') === 0).forEach(k => localStorage.removeItem(k));
        } catch (e) { /* storage refused */ }
    }

    let last = null;
    try {
        last = localStorage.getItem('gecc.user');
    } catch (e) { /* storage refused */ }
    if (me && last && last !== me) {
        wipe();
    }
    // Written only when it changes: every page runs this, and a write goes to the browser's storage.
    if (me && last !== me) {
        try {
            localStorage.setItem('gecc.user', me);
        } catch (e) { /* storage refused */ }
    }

    document.querySelectorAll('form[action="/account/logout"]').forEach(form => {
        form.addEventListener('submit', async e => {
            if (form.dataset.wiped === 'true') {
                return;
            }
            e.preventDefault();
            const waiting = Number(localStorage.getItem('gecc.waiting') || '0');
            if (waiting > 0 && !window.confirm(script.dataset.waitingWarning.replace('{0}', String(waiting)))) {
                return;
            }
            await wipe();
            // Whose browser it was stays known (not removed): a scoring page still open in another tab
            // keeps what is typed there after this sign-out (its person may sign in again and send it),
            // and the next sign-in of someone else must still wipe that.
            form.dataset.wiped = 'true';
            form.submit();
        });
    });
})();
