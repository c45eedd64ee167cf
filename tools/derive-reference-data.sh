#!/usr/bin/env bash
# Re-derives the province and district reference data (Data/ReferenceData/*.csv) from the npm
# package thai-address-universal (ISC licence; itself derived from thai-address-database), pinned
# in src/GeccAssessment.Web/package.json. Run only to refresh the data; the CSVs are committed.
set -euo pipefail
web="$(cd "$(dirname "$0")/../src/GeccAssessment.Web" && pwd)"
cd "$web"
npm ci --no-audit --no-fund --ignore-scripts
node - <<'JS'
const fs = require('fs');
const t = require('thai-address-universal');
// Known faults of the source data, corrected against the Department of Provincial Administration's
// codes: two districts share their parent's code there, and one English name is cut short.
const corrections = {
  'กัลยาณิวัฒนา': { code: '5025', nameEn: 'Galyani Vadhana' },
  'น้ำปาด': { code: '5304', nameEn: 'Nam Pat' },
};
// Bueng Kan (founded 2011) comes with province code 97 and districts without codes: use its
// official code 38 (ISO 3166-2:TH-38) and number its districts 3801 (Mueang) onwards in Thai order.
// Those district numbers are the project's, not official ones (see ReferenceData/README.md).
const provinceCodeFixes = { '97': '38' };
const csv = (values) => values.map(v => /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v).join(',');
(async () => {
  const provinces = (await t.getProvinces())
    .map(p => ({ ...p, sourceCode: p.code, code: provinceCodeFixes[p.code] ?? p.code }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const provinceLines = ['code,name_th,name_en'];
  const districtLines = ['code,province_code,name_th,name_en'];
  for (const p of provinces) {
    provinceLines.push(csv([p.code, p.nameTh, p.nameEn]));
    const fetched = (await t.getDistricts(p.sourceCode)).map(d => ({ ...d, ...(corrections[d.nameTh] ?? {}) }));
    const uncoded = fetched.filter(d => !d.code)
      .sort((a, b) => (b.nameTh.startsWith('เมือง') - a.nameTh.startsWith('เมือง')) || a.nameTh.localeCompare(b.nameTh, 'th'));
    uncoded.forEach((d, i) => { d.code = p.code + String(i + 1).padStart(2, '0'); });
    const districts = fetched.sort((a, b) => a.code.localeCompare(b.code));
    for (const d of districts) districtLines.push(csv([d.code, p.code, d.nameTh, d.nameEn]));
  }
  fs.writeFileSync('Data/ReferenceData/provinces.csv', provinceLines.join('\n') + '\n');
  fs.writeFileSync('Data/ReferenceData/districts.csv', districtLines.join('\n') + '\n');
  console.log(`${provinces.length} provinces, ${districtLines.length - 1} districts`);
})();
JS
