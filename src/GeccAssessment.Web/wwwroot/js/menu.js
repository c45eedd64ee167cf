// The menu bar's two behaviours without Bootstrap's script, which every page parsed and ran (80 KB, the
// largest script task of the sign-in and scoring pages under Lighthouse) for these alone: the "☰" button
// shows the collapsed menu on a narrow screen, and a group's button opens its list of pages. The markup
// and classes stay Bootstrap's (data-bs-toggle, .show, data-bs-popper for its navbar placement).
(function () {
    'use strict';
    function setOpen(toggle, target, open) {
        target.classList.toggle('show', open);
        toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
        if (toggle.dataset.bsToggle === 'dropdown') {
            target.dataset.bsPopper = 'static';
        }
    }

    function closeMenus(except) {
        document.querySelectorAll('[data-bs-toggle="dropdown"][aria-expanded="true"]').forEach(toggle => {
            if (toggle !== except) {
                setOpen(toggle, toggle.nextElementSibling, false);
            }
        });
    }

    document.addEventListener('click', e => {
        const toggle = e.target.closest('[data-bs-toggle]');
        if (toggle && toggle.dataset.bsToggle === 'dropdown') {
            e.preventDefault();
            const menu = toggle.nextElementSibling;
            closeMenus(toggle);
            setOpen(toggle, menu, !menu.classList.contains('show'));
        } else if (toggle && toggle.dataset.bsToggle === 'collapse') {
            const target = document.querySelector(toggle.dataset.bsTarget);
            setOpen(toggle, target, !target.classList.contains('show'));
        } else if (!e.target.closest('.dropdown-menu')) {
            closeMenus(null);
        }
    });

    document.addEventListener('keydown', e => {
        // A link that acts as a button opens with the space bar too, as a button does.
        if (e.key === ' ' && e.target.matches('a[role="button"][data-bs-toggle]')) {
            e.preventDefault();
            e.target.click();
        } else if (e.key === 'Escape') {
            const open = document.querySelector('[data-bs-toggle="dropdown"][aria-expanded="true"]');
            if (open) {
                closeMenus(null);
                open.focus();
            }
        }
    });

    // Tabbing out of an open list closes it.
    document.addEventListener('focusin', e => {
        const inside = e.target.closest && e.target.closest('.dropdown');
        document.querySelectorAll('[data-bs-toggle="dropdown"][aria-expanded="true"]').forEach(toggle => {
            if (toggle.closest('.dropdown') !== inside) {
                setOpen(toggle, toggle.nextElementSibling, false);
            }
        });
    });
})();
