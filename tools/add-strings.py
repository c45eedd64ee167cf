#!/usr/bin/env python3
"""Adds or updates UI strings in both resource files.

Usage: tools/add-strings.py strings.tsv   (one line per string: key<TAB>Thai<TAB>English)

SharedResource.resx holds Thai (the default culture); SharedResource.en.resx holds English.
The .resx files are the source of truth; this only saves typing the XML twice.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "src/GeccAssessment.Web/Resources"
HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""


def load(path):
    if not path.exists():
        return {}
    return {d.get("name"): d.findtext("value") or "" for d in ET.parse(path).getroot().findall("data")}


def save(path, strings):
    def esc(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    body = "".join(
        f'  <data name="{esc(k)}" xml:space="preserve"><value>{esc(v)}</value></data>\n'
        for k, v in sorted(strings.items())
    )
    path.write_text(HEADER + body + "</root>\n", encoding="utf-8")


def main():
    thai_path, english_path = RESOURCES / "SharedResource.resx", RESOURCES / "SharedResource.en.resx"
    thai, english = load(thai_path), load(english_path)
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, th, en = line.split("\t")
        thai[key], english[key] = th, en
    save(thai_path, thai)
    save(english_path, english)


if __name__ == "__main__":
    main()
