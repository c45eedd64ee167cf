// Every page.
(function () {
    'use strict';

    // On a phone a .table-stack shows each row as a card (css/site.css); each cell is labelled with
    // its column's heading, unless the view labelled it already. Its display: block would drop the
    // table's semantics (browsers give such elements no table roles), so every part of it carries its
    // role explicitly: a screen reader still reads a table with rows, headers and cells.
    document.querySelectorAll('table.table-stack').forEach(function (table) {
        keepTableRoles(table);
        var head = table.tHead && table.tHead.rows[0];
        if (!head) { return; }
        var labels = Array.prototype.map.call(head.cells, function (cell) { return cell.textContent.trim(); });
        Array.prototype.forEach.call(table.tBodies, function (body) {
            Array.prototype.forEach.call(body.rows, function (row) {
                if (row.cells.length !== labels.length) { return; }
                Array.prototype.forEach.call(row.cells, function (cell, i) {
                    if (labels[i] && !cell.hasAttribute('data-label')) { cell.setAttribute('data-label', labels[i]); }
                });
            });
        });
    });

    function keepTableRoles(table) {
        table.setAttribute('role', 'table');
        Array.prototype.forEach.call(table.children, function (part) {
            if (part.tagName === 'CAPTION' || part.tagName === 'COLGROUP') { return; }
            var rows = part.tagName === 'TR' ? [part] : part.rows || [];
            if (part.tagName !== 'TR') { part.setAttribute('role', 'rowgroup'); }
            Array.prototype.forEach.call(rows, function (row) {
                row.setAttribute('role', 'row');
                Array.prototype.forEach.call(row.cells, function (cell) {
                    if (cell.hasAttribute('role')) { return; }
                    var header = cell.tagName === 'TH';
                    var byRow = header && (cell.getAttribute('scope') === 'row' || (part.tagName === 'TBODY' && cell.getAttribute('scope') !== 'col'));
                    cell.setAttribute('role', !header ? 'cell' : byRow ? 'rowheader' : 'columnheader');
                });
            });
        });
    }

    // A table wider than the screen scrolls sideways in its own box: that box must be reachable and
    // named for keyboard users (WCAG 2.1.1; axe "scrollable-region-focusable"), named after its caption.
    // Its widths are read when the browser has laid the box out (a ResizeObserver's turn), not at once:
    // reading them here would make the browser lay out the whole page inside this script (a forced
    // reflow of the decisions table: some 90 ms of a throttled phone), and lay it out again later.
    function makeScrollable(box) {
        if (box.scrollWidth <= box.clientWidth || box.hasAttribute('tabindex')) { return; }
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'region');
        var caption = box.querySelector('caption');
        box.setAttribute('aria-label', caption ? caption.textContent.trim() : document.title);
    }
    var boxes = document.querySelectorAll('.table-responsive');
    if (boxes.length > 0 && window.ResizeObserver) {
        var observer = new ResizeObserver(function (entries) {
            entries.forEach(function (entry) { makeScrollable(entry.target); });
        });
        boxes.forEach(function (box) { observer.observe(box); });
    } else {
        boxes.forEach(makeScrollable);
    }

    // After a refused post the error summary takes the focus (a screen reader reads it first), and a
    // link in it moves the focus into its field, not only the scroll position.
    var summary = document.getElementById('form-errors');
    if (!summary) { return; }
    summary.focus();
    summary.addEventListener('click', function (event) {
        var link = event.target.closest('a[data-focus-field]');
        if (!link) { return; }
        var field = document.getElementById(link.getAttribute('href').slice(1));
        if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({ block: 'center' }); }
    });
})();
