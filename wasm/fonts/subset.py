#!/usr/bin/python3
"""Writes wasm/fonts/canvas-ja.otf: the glyphs of Noto Sans CJK JP that the
canvas's Japanese words need (static/i18n-ja.json's canvas-labels keys, the
keys static/js/canvas-labels.js sends the game), and no more.

The canvas draws Go Regular, which has no Japanese; this small subset
follows it for the characters Go Regular lacks. Run it (make canvas-font)
after changing one of those strings: static's tests say when it is due.
It needs fonttools (Debian: apt-get install fonttools) and the Noto CJK
fonts (fonts-noto-cjk), at build time of the font only.
"""
import json, os, re, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
noto = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"  # face 0 is JP

# The keys whose Japanese the canvas draws (canvas-labels.js), as patterns.
KEYS = [r"^lane\.", r"^sweep\.metric\.", r"^sweep\.p\.", r"^canvas\."]

ja = json.load(open(os.path.join(root, "static", "i18n-ja.json"), encoding="utf-8"))
text = "".join(v for k, v in ja.items() if any(re.search(p, k) for p in KEYS))
text = re.sub(r"<[^>]*>|\{\w+\}", "", text)
chars = sorted({c for c in text if ord(c) >= 0x3000})
out = os.path.join(here, "canvas-ja.otf")
subprocess.run(["pyftsubset", noto, "--font-number=0", "--text=" + "".join(chars),
                "--layout-features=", "--no-hinting", "--desubroutinize", "--name-IDs=*",
                "--output-file=" + out], check=True)
print(f"{out}: {len(chars)} characters, {os.path.getsize(out)} bytes", file=sys.stderr)
