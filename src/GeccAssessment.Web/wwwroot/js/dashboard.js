// Draws each dashboard chart from the JSON in its data-chart attribute (no inline script).
// Chart.js (200 KB) is the page's heaviest part and the tables carry the same figures: it is fetched
// after the page has loaded, and each chart is drawn, one task each, only when it nears the screen, so
// the page answers at once and a phone draws only what its reader scrolls to (Lighthouse: TBT).
(function () {
    'use strict';
    const source = document.currentScript && document.currentScript.dataset.chartSrc;
    const canvases = Array.from(document.querySelectorAll('canvas.dashboard-chart'));
    if (!source || canvases.length === 0) {
        return;
    }
    const colours = ['#1f3a68', '#b88a1e', '#2e8540', '#9c2f2f', '#5b6b7f'];
    let library = null;

    function loadLibrary() {
        library = library || new Promise((resolve, reject) => {
            const script = document.createElement('script');
            script.src = source;
            script.onload = () => (window.Chart ? resolve(window.Chart) : reject(new Error('Chart.js')));
            script.onerror = reject;
            document.head.appendChild(script);
        });
        return library;
    }

    function draw(canvas) {
        loadLibrary().then(Chart => setTimeout(() => {
            Chart.defaults.font.family = "'Sarabun', system-ui, sans-serif";
            const data = JSON.parse(canvas.dataset.chart);
            new Chart(canvas, {
                type: data.type,
                data: {
                    labels: data.labels,
                    datasets: data.series.map((s, i) => ({ label: s.name, data: s.values, backgroundColor: colours[i % colours.length] }))
                },
                // The box around the canvas keeps the chart's place (css/site.css .chart-box): nothing shifts when it is drawn.
                options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { display: data.series.length > 1 } } }
            });
        }, 0)).catch(() => { /* the tables below each chart still hold the figures */ });
    }

    function start() {
        if (!('IntersectionObserver' in window)) {
            canvases.forEach(draw);
            return;
        }
        const observer = new IntersectionObserver(entries => entries.forEach(entry => {
            if (entry.isIntersecting) {
                observer.unobserve(entry.target);
                draw(entry.target);
            }
        }), { rootMargin: '200px 0px' });
        canvases.forEach(c => observer.observe(c));
    }

    if (document.readyState === 'complete') {
        start();
    } else {
        window.addEventListener('load', start, { once: true });
    }
})();
