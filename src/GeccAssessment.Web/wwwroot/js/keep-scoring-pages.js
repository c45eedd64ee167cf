// On a member's home and list of assessments: the scoring pages of the assessments he or she still
// scores go into the service worker's cache with their own files, so the visit can be scored with the
// network gone even where that page was never opened on this laptop (ADR 0008). A page kept less than
// half an hour ago is not fetched again. The caches are wiped on sign-out (js/offline-session.js).
(function () {
    'use strict';
    const list = document.getElementById('scoring-pages');
    if (!list || !('serviceWorker' in navigator) || !window.caches || !window.fetch || !navigator.onLine) {
        return;
    }
    const pages = (list.dataset.pages || '').split(' ').filter(Boolean);
    const FRESH_MS = 30 * 60 * 1000;
    const ownFile = url => url.origin === location.origin && /^\/(css|js|lib)\//.test(url.pathname);

    async function keep() {
        await navigator.serviceWorker.register('/sw.js', { scope: '/' });
        await navigator.serviceWorker.ready;
        const cache = await caches.open('gecc-pages-v1');
        const assets = await caches.open('gecc-assets-v1');
        let kept = 0;
        for (const path of pages) {
            const cached = await cache.match(path);
            if (cached && Date.now() - Date.parse(cached.headers.get('Date') || '') < FRESH_MS) {
                kept++;
                continue;
            }
            const response = await fetch(path, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
            // Only the page itself: never a sign-in page reached by a redirect, nor an error page.
            if (!response.ok || response.redirected || new URL(response.url).pathname !== path
                || (response.headers.get('Content-Type') || '').indexOf('text/html') !== 0) {
                continue;
            }
            await cache.put(path, response.clone());
            kept++;
            const page = new DOMParser().parseFromString(await response.text(), 'text/html');
            for (const element of page.querySelectorAll('link[rel=stylesheet][href], script[src]')) {
                const url = new URL(element.getAttribute('href') || element.getAttribute('src'), location.href);
                if (ownFile(url) && !(await assets.match(url.href))) {
                    await assets.add(url.href).catch(() => undefined);
                }
            }
        }
        document.documentElement.dataset.scoringPagesKept = String(kept);
    }

    keep().catch(() => undefined);
})();
