// On a member's home and list of assessments: the scoring pages of the assessments he or she still
// scores go into the service worker's cache with their own files, so the visit can be scored with the
// network gone even where that page was never opened on this laptop (ADR 0008). Each assessment has a
// page per dimension (ADR 0026): the first page names the others, which are kept too. A page kept less than
// half an hour ago is not fetched again. The caches are wiped on sign-out (js/offline-session.js).
(function () {
    'use strict';
    const list = document.getElementById('scoring-pages');
    if (!list || !('serviceWorker' in navigator) || !window.caches || !window.fetch || !navigator.onLine) {
        return;
    }
    const pages = (list.dataset.pages || '').split(' ').filter(Boolean);
    const named = new Set(pages);
    const FRESH_MS = 30 * 60 * 1000;
    const ownFile = url => url.origin === location.origin && /^\/(css|js|lib)\//.test(url.pathname);

    async function keep() {
        await navigator.serviceWorker.register('/sw.js', { scope: '/' });
        await navigator.serviceWorker.ready;
        const cache = await caches.open('gecc-pages-v1');
        const assets = await caches.open('gecc-assets-v1');
        let kept = 0;
        // The list grows while it is walked: each first page adds its assessment's other dimensions.
        for (let i = 0; i < pages.length; i++) {
            const path = pages[i];
            let response = await cache.match(path);
            const fresh = response && Date.now() - Date.parse(response.headers.get('Date') || '') < FRESH_MS;
            if (!fresh) {
                response = await fetch(path, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } });
                // Only the page itself: never a sign-in page reached by a redirect, nor an error page.
                if (!response.ok || response.redirected || new URL(response.url).pathname !== path
                    || (response.headers.get('Content-Type') || '').indexOf('text/html') !== 0) {
                    continue;
                }
                await cache.put(path, response.clone());
            }
            kept++;
            const page = new DOMParser().parseFromString(await response.text(), 'text/html');
            for (const link of page.querySelectorAll('#dimension-jumps a[data-page]')) {
                const sibling = new URL(link.getAttribute('href'), location.href).pathname;
                if (!named.has(sibling)) {
                    named.add(sibling);
                    pages.push(sibling);
                }
            }
            if (fresh) {
                continue;
            }
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
