// What the scoring page keeps in this browser (waiting changes in IndexedDB, pages and evidence in
// the service worker's caches) belongs to one person: it is wiped on sign-out and when someone else
// signs in on the same browser, so nothing cached is readable by the next user (ADR 0008).
(function () {
    'use strict';
    const script = document.currentScript;
    const me = (script && script.dataset.user) || '';
    const myName = (script && script.dataset.userName) || '';

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
            localStorage.setItem('gecc.userName', myName);
        } catch (e) { /* storage refused */ }
    }

    // The sign-in page, with changes of the person signed in before still waiting in this browser (their
    // session expired on a shared laptop, say): someone else signing in would wipe them (above). The page
    // says so, and asks before anyone else signs in; the same person signing in again sends them.
    const previousWaiting = document.getElementById('previous-waiting');
    if (previousWaiting && !me && last) {
        let waiting = 0;
        let previous = '';
        try {
            waiting = Number(localStorage.getItem('gecc.waiting') || '0');
            previous = localStorage.getItem('gecc.userName') || '';
        } catch (e) { /* storage refused: nothing kept to lose */ }
        const fill = text => text.replace('{0}', String(waiting)).split('{1}').join(previous || previousWaiting.dataset.someone);
        const form = previousWaiting.parentElement.querySelector('form');
        if (waiting > 0 && form && form.elements.Email) {
            previousWaiting.textContent = fill(previousWaiting.dataset.text);
            previousWaiting.classList.remove('d-none');
            form.addEventListener('submit', e => {
                const typed = String(form.elements.Email.value || '').trim().toLowerCase();
                if (typed !== previous.trim().toLowerCase() && !window.confirm(fill(previousWaiting.dataset.confirm))) {
                    e.preventDefault();
                }
            });
        }
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
            // Whose browser it was (gecc.user, gecc.userName) stays known: a scoring page still open in another tab
            // keeps what is typed there after this sign-out (its person may sign in again and send it),
            // and the next sign-in of someone else must still wipe that.
            form.dataset.wiped = 'true';
            form.submit();
        });
    });
})();
