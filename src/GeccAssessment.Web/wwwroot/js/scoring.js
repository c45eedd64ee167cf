// The scoring form saves each change as it is made. Without this script every criterion is an
// ordinary form with a save button, so nothing depends on it.
// Each save carries a change id made here; a failed request is retried with the same id, and the
// server applies an id once, so a retry on a weak connection never doubles or reorders a change.
(function () {
    'use strict';
    const bar = document.getElementById('scoring-totals');
    if (!bar || !window.fetch) {
        return;
    }
    const summary = document.getElementById('save-summary');
    const queue = [];
    let busy = false;

    function newId() {
        if (window.crypto && crypto.randomUUID) {
            return crypto.randomUUID();
        }
        const b = crypto.getRandomValues(new Uint8Array(16));
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        const h = Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
        return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
    }

    function show(form, state, message) {
        const text = message || bar.dataset[state] || '';
        const target = form.querySelector('.save-state');
        target.textContent = text;
        target.className = 'save-state small ms-2 ' + (state === 'saved' ? 'text-success' : state === 'saving' ? 'text-body-secondary' : 'text-danger');
        form.dataset.state = state;
        summary.textContent = queue.length > 0 || busy ? bar.dataset.saving : text;
    }

    function showTotals(totals) {
        if (!totals) {
            return;
        }
        const format = p => (p === null || p === undefined) ? '–' : Number(p).toFixed(2) + '%';
        totals.dimensions.forEach(d => {
            const el = document.getElementById('total-' + d.kind);
            if (el) {
                el.textContent = format(d.percent);
            }
        });
        document.getElementById('total-overall').textContent = format(totals.overall);
    }

    function enqueue(form) {
        const data = new FormData(form);
        data.set('ChangeId', newId());
        // A newer change of the same criterion replaces one still waiting: only the latest matters.
        const waiting = queue.findIndex(item => item.form === form);
        if (waiting >= 0) {
            queue.splice(waiting, 1);
        }
        queue.push({ form: form, data: data });
        show(form, 'saving');
        pump();
    }

    async function pump() {
        if (busy || queue.length === 0) {
            return;
        }
        busy = true;
        const item = queue.shift();
        try {
            const response = await fetch(item.form.action, {
                method: 'POST', body: item.data, credentials: 'same-origin', headers: { 'Accept': 'application/json' }
            });
            const body = await response.json().catch(() => ({}));
            busy = false;
            if (response.ok) {
                show(item.form, 'saved');
                showTotals(body.totals);
            } else if (response.status === 422) {
                show(item.form, 'error', body.error);
            } else {
                throw new Error('HTTP ' + response.status);
            }
        } catch (e) {
            // Offline or the server is away: keep the change (same id) and try again shortly.
            busy = false;
            if (!queue.some(q => q.form === item.form)) {
                queue.unshift(item);
            }
            show(item.form, 'offline');
            setTimeout(pump, 3000);
            return;
        }
        pump();
    }

    document.querySelectorAll('form.score-form').forEach(form => {
        form.querySelectorAll('.js-save').forEach(b => b.classList.add('d-none'));
        let timer = null;
        form.addEventListener('input', e => {
            if (e.target.matches('textarea, input[type=number]')) {
                clearTimeout(timer);
                timer = setTimeout(() => enqueue(form), 700);
            }
        });
        form.addEventListener('change', () => {
            clearTimeout(timer);
            enqueue(form);
        });
        form.addEventListener('submit', e => {
            e.preventDefault();
            clearTimeout(timer);
            enqueue(form);
        });
    });

    window.addEventListener('beforeunload', e => {
        if (queue.length > 0 || busy) {
            e.preventDefault();
        }
    });

    // PDFs open in place: the frame is made only when its file is opened, so the page stays light.
    document.querySelectorAll('details.evidence[data-pdf="true"]').forEach(details => {
        details.addEventListener('toggle', () => {
            if (details.open && !details.querySelector('iframe')) {
                const frame = document.createElement('iframe');
                frame.src = details.dataset.src;
                frame.title = details.querySelector('summary').textContent.trim();
                frame.className = 'evidence-frame w-100 border mt-1';
                details.appendChild(frame);
            }
        });
    });

    // Photos from the laptop's camera, where the browser offers one; the file picker stays for the rest.
    const dialog = document.getElementById('camera-dialog');
    const video = document.getElementById('camera-video');
    if (dialog && dialog.showModal && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
        let stream = null;
        let target = null;
        const stop = () => {
            if (stream) {
                stream.getTracks().forEach(t => t.stop());
                stream = null;
            }
            dialog.close();
        };
        document.querySelectorAll('.camera-button').forEach(button => {
            button.classList.remove('d-none');
            button.addEventListener('click', async () => {
                target = button.closest('form');
                try {
                    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
                    video.srcObject = stream;
                    dialog.showModal();
                } catch (e) {
                    target.querySelector('input[type=file]').click();
                }
            });
        });
        document.getElementById('camera-close').addEventListener('click', stop);
        dialog.addEventListener('cancel', stop);
        document.getElementById('camera-shoot').addEventListener('click', () => {
            const canvas = document.createElement('canvas');
            canvas.width = video.videoWidth;
            canvas.height = video.videoHeight;
            canvas.getContext('2d').drawImage(video, 0, 0);
            canvas.toBlob(async blob => {
                const data = new FormData(target);
                data.set('photo', blob, 'camera.jpg');
                stop();
                await fetch(target.action, { method: 'POST', body: data, credentials: 'same-origin' });
                window.location.hash = 'c-' + data.get('criterionId');
                window.location.reload();
            }, 'image/jpeg', 0.85);
        });
    }
})();
