// What the pages that save as one works keep in this browser until the server has confirmed it
// (ADR 0008), in one place so that every page opens the same database the same way:
// - drafts: values typed but not yet confirmed, per page, in localStorage (gecc.draft.*);
// - the IndexedDB database gecc-offline (through the vendored idb, where the page loads it): the
//   scoring queue, the versions it was based on, changes refused, and files chosen but not uploaded.
// Both are wiped on sign-out and when someone else signs in (js/offline-session.js).
(function () {
    'use strict';
    let opened = null;

    window.geccOffline = {
        drafts(key) {
            try {
                return JSON.parse(localStorage.getItem(key) || '{}');
            } catch (e) {
                return {};
            }
        },

        keep(key, all) {
            try {
                if (Object.keys(all).length === 0) {
                    localStorage.removeItem(key);
                } else {
                    localStorage.setItem(key, JSON.stringify(all));
                }
            } catch (e) { /* storage refused: the value is still sent, only a reload would lose it */ }
        },

        // The database, or null where the browser has none (some private windows) or idb is not loaded:
        // the page then keeps what waits in memory only.
        open() {
            if (!opened) {
                opened = (window.idb && window.indexedDB)
                    ? idb.openDB('gecc-offline', 2, {
                        upgrade(db, oldVersion) {
                            if (oldVersion < 1) {
                                db.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true });
                                db.createObjectStore('versions', { keyPath: 'key' });
                                db.createObjectStore('refused', { keyPath: 'changeId' });
                            }
                            if (oldVersion < 2) {
                                db.createObjectStore('uploads', { keyPath: 'id', autoIncrement: true });
                            }
                        },
                        // Sign-out deletes the database: this page lets go of it rather than block the deletion;
                        // the next open() makes a new one (after the deletion, which the browser finishes first).
                        blocking(currentVersion, blockedVersion, event) {
                            event.target.close();
                            opened = null;
                        },
                        // Closed by the browser (storage cleared, an error): opened again on the next use.
                        terminated() {
                            opened = null;
                        },
                    }).catch(() => null)
                    : Promise.resolve(null);
            }
            return opened;
        },
    };
})();
