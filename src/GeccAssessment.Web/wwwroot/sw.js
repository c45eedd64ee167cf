// The service worker of on-site scoring (ADR 0008). It answers only GET requests of this origin:
// - a scoring page (/assessments/score/{id}, and /assessments/score/{id}/{dimension} for the dimensions
//   after the first, ADR 0026): from the network, kept in the cache, and from the cache
//   when the network fails, so a visited or prepared page opens with the server out of reach (the
//   member's home and list of assessments also put there the pages of the assessments still to
//   score, js/keep-scoring-pages.js);
// - the app's own files (/css, /js, /lib): from the cache when there, else the network;
// - evidence and photos: from the cache only if "prepare for the visit" put them there.
// A scoring page has it keep the page and its files once the page is idle (the 'keep' message below).
// Everything else (and every POST) goes to the network untouched. The caches are named gecc-* and
// wiped on sign-out and on another person's sign-in (js/offline-session.js).
'use strict';
const PAGES = 'gecc-pages-v1';
const ASSETS = 'gecc-assets-v1';
const FILES = 'gecc-files-v1';
const SCORING_PAGE = /^\/assessments\/score\/\d+(\/[a-z]+)?$/i;
// A sibling page (another dimension) kept this recently is not fetched again on every page's load.
const FRESH_MS = 30 * 60 * 1000;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', event => {
    const request = event.request;
    if (request.method !== 'GET') {
        return;
    }
    const url = new URL(request.url);
    if (url.origin !== self.location.origin) {
        return;
    }
    if (SCORING_PAGE.test(url.pathname)) {
        event.respondWith(page(request, url));
    } else if (/^\/(css|js|lib)\//.test(url.pathname)) {
        event.respondWith(asset(request));
    } else if (/^\/evidence\/\d+$/.test(url.pathname) || /^\/assessments\/photofile\//i.test(url.pathname)) {
        event.respondWith(file(request));
    }
});

// A scoring page, once idle, asks to be kept with its own files (js/scoring.js): the fetching and the
// writing into the caches happen here, on the service worker's thread, not on the page's main thread.
// The page names itself only when the network served it (through this worker it is kept already).
self.addEventListener('message', event => {
    const data = event.data;
    const port = event.ports && event.ports[0];
    if (!data || data.kind !== 'keep' || !port) {
        return;
    }
    event.waitUntil(keep(data.page, data.siblings || [], data.assets || []).then(() => port.postMessage(true), () => port.postMessage(false)));
});

// The page itself when named, the other dimensions' pages of its assessment unless kept in the last half hour, and the files.
async function keep(path, siblings, assets) {
    const pages = await caches.open(PAGES);
    const paths = (typeof path === 'string' ? [path] : []).concat(siblings);
    for (const p of paths) {
        if (typeof p !== 'string' || !SCORING_PAGE.test(p)) {
            continue;
        }
        const kept = p === path ? null : await pages.match(p);
        if (kept && Date.now() - Date.parse(kept.headers.get('Date') || '') < FRESH_MS) {
            continue;
        }
        const response = await fetch(p, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
        // As for a page opened through this worker: never a sign-in page reached by a redirect, nor an error page.
        if (!response.ok || response.redirected || (response.headers.get('Content-Type') || '').indexOf('text/html') !== 0) {
            throw new Error('not kept');
        }
        await pages.put(p, response);
    }
    const cache = await caches.open(ASSETS);
    for (const href of assets) {
        const url = new URL(href, self.location.href);
        if (url.origin === self.location.origin && /^\/(css|js|lib)\//.test(url.pathname) && !(await cache.match(url.href))) {
            await cache.add(url.href).catch(() => undefined);
        }
    }
}

async function page(request, url) {
    const cache = await caches.open(PAGES);
    try {
        const response = await fetch(request);
        // Only the page itself: a redirect to the sign-in page or an error page is never kept.
        if (response.ok && !response.redirected && (response.headers.get('Content-Type') || '').indexOf('text/html') === 0) {
            await cache.put(url.pathname, response.clone());
        } else if (response.status === 403 || response.status === 404) {
            // Not (or no longer) this person's: taken off the subcommittee, a conflict declared, or gone.
            // The copies kept for a visit without the network go too, this page and its other dimensions'.
            const assessment = url.pathname.split('/')[3];
            for (const kept of await cache.keys()) {
                if (new URL(kept.url).pathname.split('/')[3] === assessment) {
                    await cache.delete(kept);
                }
            }
        }
        return response;
    } catch (e) {
        const cached = await cache.match(url.pathname);
        if (cached) {
            return cached;
        }
        throw e;
    }
}

async function asset(request) {
    const cached = await caches.match(request, { cacheName: ASSETS });
    if (cached) {
        return cached;
    }
    const response = await fetch(request);
    if (response.ok) {
        const cache = await caches.open(ASSETS);
        await cache.put(request, response.clone());
    }
    return response;
}

async function file(request) {
    let response;
    try {
        response = await fetch(request);
    } catch (e) {
        const cached = await caches.match(request, { cacheName: FILES });
        if (cached) {
            return cached;
        }
        throw e;
    }
    // A file no longer this person's (taken off the subcommittee, a conflict declared) or gone: its copy goes too.
    if (response.status === 403 || response.status === 404) {
        const files = await caches.open(FILES);
        await files.delete(request);
    }
    return response;
}
