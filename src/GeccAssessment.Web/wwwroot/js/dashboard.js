// Draws each dashboard chart from the JSON in its data-chart attribute (no inline script).
(function () {
    'use strict';
    if (!window.Chart) {
        return;
    }
    const colours = ['#1f3a68', '#b88a1e', '#2e8540', '#9c2f2f', '#5b6b7f'];
    Chart.defaults.font.family = "'Sarabun', system-ui, sans-serif";
    document.querySelectorAll('canvas.dashboard-chart').forEach(canvas => {
        const data = JSON.parse(canvas.dataset.chart);
        new Chart(canvas, {
            type: data.type,
            data: {
                labels: data.labels,
                datasets: data.series.map((s, i) => ({ label: s.name, data: s.values, backgroundColor: colours[i % colours.length] }))
            },
            options: { responsive: true, animation: false, plugins: { legend: { display: data.series.length > 1 } } }
        });
    });
})();
