// Keeps "how the date will read" under every date field current while a person types.
// The rules mirror Domain/ThaiDateInput.cs (the server's reading is the one that counts):
// a year from 2400 on is Buddhist (พ.ศ.), below it Christian, and an era written beside it must agree;
// dd/mm/yyyy, "15 ก.ค. 2563", Thai digits and 2020-07-15 are read; two-digit years are not guessed.
(function () {
    'use strict';
    var thaiMonths = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];
    var englishMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    var names = [
        ['มกราคม', 'มค', 'jan', 'january'], ['กุมภาพันธ์', 'กพ', 'feb', 'february'], ['มีนาคม', 'มีค', 'mar', 'march'],
        ['เมษายน', 'เมย', 'apr', 'april'], ['พฤษภาคม', 'พค', 'may'], ['มิถุนายน', 'มิย', 'jun', 'june'],
        ['กรกฎาคม', 'กค', 'jul', 'july'], ['สิงหาคม', 'สค', 'aug', 'august'], ['กันยายน', 'กย', 'sep', 'sept', 'september'],
        ['ตุลาคม', 'ตค', 'oct', 'october'], ['พฤศจิกายน', 'พย', 'nov', 'november'], ['ธันวาคม', 'ธค', 'dec', 'december']
    ];

    function normalise(text) {
        var s = text.trim().toLowerCase().replace(/[๐-๙]/g, function (c) { return String.fromCharCode(48 + c.charCodeAt(0) - 0x0E50); });
        var buddhist = s.indexOf('พ.ศ') >= 0, christian = s.indexOf('ค.ศ') >= 0;
        s = s.replace(/พ\.ศ\.?/g, ' ').replace(/ค\.ศ\.?/g, ' ');
        s = s.replace(/([\p{L}\p{M}])\./gu, '$1');
        return { text: s.replace(/\s+/g, ' ').trim(), era: buddhist === christian ? '' : buddhist ? 'be' : 'ce' };
    }

    function parse(text) {
        var n = normalise(text), s = n.text, m, d, mo, y;
        if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) { y = +m[1]; mo = +m[2]; d = +m[3]; }
        else if ((m = /^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})$/.exec(s))) { d = +m[1]; mo = +m[2]; y = +m[3]; }
        else if ((m = /^(\d{1,2})\s*([\p{L}\p{M}.]+)\s*(\d{4})$/u.exec(s))) {
            var key = m[2].replace(/^[.\s]+|[.\s]+$/g, '');
            mo = 0;
            for (var i = 0; i < names.length; i++) { if (names[i].indexOf(key) >= 0) { mo = i + 1; break; } }
            if (!mo) { return null; }
            d = +m[1]; y = +m[3];
        } else { return null; }
        if ((n.era === 'be' && y < 2400) || (n.era === 'ce' && y >= 2400)) { return null; }
        var gregorian = y >= 2400 ? y - 543 : y;
        if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(gregorian, mo, 0)).getUTCDate()) { return null; }
        if (gregorian < 2000 || gregorian > 2157) { return null; }
        return { day: d, month: mo, year: gregorian };
    }

    function reads(date, lang) {
        return lang === 'en'
            ? date.day + ' ' + englishMonths[date.month - 1] + ' ' + date.year
            : date.day + ' ' + thaiMonths[date.month - 1] + ' พ.ศ. ' + (date.year + 543);
    }

    function update(input) {
        var out = document.getElementById(input.getAttribute('aria-describedby'));
        if (!out) { return; }
        var text = input.value;
        if (!text.trim()) { out.textContent = out.dataset.hint; return; }
        var date = parse(text);
        out.textContent = date ? out.dataset.reads.replace('{0}', reads(date, out.dataset.lang)) : out.dataset.unreadable;
    }

    document.querySelectorAll('input[data-date-input]').forEach(function (input) {
        input.addEventListener('input', function () { update(input); });
        input.addEventListener('change', function () { update(input); });
    });
})();
