#!/usr/bin/python3
"""Cuts Bootstrap Icons down to the icons the app uses.

The full stylesheet (87 KB, about 2,000 rules) and font (134 KB) are render-blocking weight on every page
for the 40-odd icons used: this writes wwwroot/lib/bootstrap-icons/bootstrap-icons.subset.css with only the
rules of the `bi-*` classes found in the app's views, code and scripts, and a font with only their glyphs
(fontTools: Debian packages python3-fonttools and python3-brotli, hence /usr/bin/python3). Run it after using a new icon; the test
IconSubsetTests fails until then. The full files stay vendored as the source (tools/vendor-assets.sh).
"""
import hashlib
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
web = root / "src" / "GeccAssessment.Web"
icons = web / "wwwroot" / "lib" / "bootstrap-icons"
full_css = (icons / "bootstrap-icons.min.css").read_text(encoding="utf-8")

used = set()
for path in web.rglob("*"):
    if path.suffix not in (".cshtml", ".cs", ".js") or any(p in ("bin", "obj", "lib", "node_modules") for p in path.parts):
        continue
    used.update(re.findall(r"\bbi-[a-z0-9-]+", path.read_text(encoding="utf-8")))

rules = dict(re.findall(r'\.(bi-[a-z0-9-]+)::before\{content:"\\([0-9a-f]+)"\}', full_css))
unknown = sorted(used - rules.keys())
if unknown:
    sys.exit("not Bootstrap Icons: " + ", ".join(unknown))

from fontTools import subset

options = subset.Options()
options.flavor = "woff2"
options.layout_features = []
options.name_IDs = ["*"]
font = subset.load_font(str(icons / "fonts" / "bootstrap-icons.woff2"), options)
subsetter = subset.Subsetter(options)
subsetter.populate(unicodes=[int(rules[name], 16) for name in used])
subsetter.subset(font)
subset.save_font(font, str(icons / "fonts" / "bootstrap-icons.subset.woff2"), options)
# The font's address names its content, so that it is cached for a year and refetched when it changes.
version = hashlib.sha256((icons / "fonts" / "bootstrap-icons.subset.woff2").read_bytes()).hexdigest()[:16]
# The licence comment, the @font-face and the rule every icon shares, then one rule per used icon.
head = full_css[: full_css.index(".bi-123::before")]
head = re.sub(r'src:url\([^}]*\}', 'src:url("fonts/bootstrap-icons.subset.woff2?v=' + version + '") format("woff2")}', head, count=1)
body = "".join(f'.{name}::before{{content:"\\{rules[name]}"}}' for name in sorted(used))
(icons / "bootstrap-icons.subset.css").write_text(
    head.rstrip() + "\n/* Only the icons the app uses: made by tools/subset-icons.py. */\n" + body + "\n", encoding="utf-8")

print(f"{len(used)} icons: bootstrap-icons.subset.css and fonts/bootstrap-icons.subset.woff2")
